/**
 * Layout: which sessions are in the terminal grid, in what order, and which is maximized.
 *
 * Kept by the engine so a reload, a second window or a restart shows the same grid.
 */
import { oc } from '@orpc/contract';
import { z } from 'zod';
import { resultSchema } from '../result.ts';

export const MAX_PANES = 9;

export const LayoutSchema = z.object({
  panes: z.array(z.string()).max(MAX_PANES),
  focused: z.string().nullable(),
  maximized: z.string().nullable(),
});
export type Layout = z.infer<typeof LayoutSchema>;

export const layoutContract = {
  get: oc.output(LayoutSchema),
  set: oc.input(LayoutSchema).output(resultSchema(LayoutSchema)),
};

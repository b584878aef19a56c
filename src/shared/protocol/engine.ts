/**
 * Facts about the running engine.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';

export const EngineInfoSchema = z.object({
  version: z.string(),
  home: z.string(),
  pid: z.number(),
  platform: z.string(),
  gitVersion: z.string().nullable(),
});
export type EngineInfo = z.infer<typeof EngineInfoSchema>;

export const engineContract = {
  info: oc.output(EngineInfoSchema),
};

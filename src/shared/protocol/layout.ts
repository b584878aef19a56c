/**
 * Layout: which sessions are in the terminal grid, in what order, and which is maximized.
 *
 * The engine owns it: clients change it only through commands (`open`, `focus`, `close`,
 * `maximize`, `move`), which the engine applies one at a time with the pure functions of
 * `src/shared/layout/layout-ops.ts` and broadcasts as `layout.changed`. Creating a terminal, a
 * worktree's setup pane or an agent places its pane in the engine too, so the CLI, the app and
 * a second window always see one grid. There is no whole-layout write: two writers of one grid
 * would undo each other's changes.
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

const sessionId = z.string().min(1).max(200);

export const OpenPaneInputSchema = z.object({
  sessionId,
  /** Insert after this pane (default: at the end). */
  after: sessionId.nullable().optional(),
});
export type OpenPaneInput = z.infer<typeof OpenPaneInputSchema>;

export const MaximizePaneInputSchema = z.object({
  /** The pane to maximize (and focus); null restores the grid. */
  sessionId: sessionId.nullable(),
});

export const MovePaneInputSchema = z.object({
  sessionId,
  /** 0-based position; clamped to the grid. */
  index: z.number().int().min(0).max(MAX_PANES - 1),
});

const layoutResult = resultSchema(LayoutSchema);

export const layoutContract = {
  get: oc.output(LayoutSchema),
  /** Show a session's pane (focused); a pane already shown is only focused. */
  open: oc.input(OpenPaneInputSchema).output(layoutResult),
  focus: oc.input(z.object({ sessionId })).output(layoutResult),
  /** Take a pane out of the grid (the session itself is stopped with `terminals.remove`). */
  close: oc.input(z.object({ sessionId })).output(layoutResult),
  maximize: oc.input(MaximizePaneInputSchema).output(layoutResult),
  move: oc.input(MovePaneInputSchema).output(layoutResult),
};

/**
 * Layout: which sessions are in the terminal grid, in what order, which is maximized, and how
 * the user sized its columns and rows.
 *
 * The engine owns it: clients change it only through commands (`open`, `focus`, `close`,
 * `maximize`, `move`), which the engine applies one at a time with the pure functions of
 * `src/shared/layout/layout-ops.ts` and broadcasts as `layout.changed`. Creating a terminal, a
 * worktree's setup pane or an agent places its pane in the engine too, so the CLI, the app and
 * a second window always see one grid. There is no whole-layout write: two writers of one grid
 * would undo each other's changes.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { resultSchema } from '../result.ts';

export const MAX_PANES = 9;

/** The narrowest a column (or lowest a row) may be, as a fraction of the grid. */
export const MIN_SPLIT_FRACTION = 0.1;

/** A grid shape as a key: "3x2" is three columns, two rows. */
export const SplitShapeKeySchema = z.string().regex(/^[1-3]x[1-3]$/);

/** Column widths and row heights as fractions of the grid, each list summing to 1. */
export const SplitSizesSchema = z.object({
  cols: z.array(z.number().min(MIN_SPLIT_FRACTION).max(1)).min(1).max(3),
  rows: z.array(z.number().min(MIN_SPLIT_FRACTION).max(1)).min(1).max(3),
});
export type SplitSizes = z.infer<typeof SplitSizesSchema>;

export const LayoutSchema = z.object({
  panes: z.array(z.string()).max(MAX_PANES),
  focused: z.string().nullable(),
  maximized: z.string().nullable(),
  /**
   * Sizes the user dragged, per grid shape ("2x2", "3x2"…): going from four panes to five and
   * back finds the 2×2 sizes again. A shape without an entry is split evenly. Optional, so
   * layouts saved before splits existed still load.
   */
  splits: z.record(SplitShapeKeySchema, SplitSizesSchema).optional(),
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

export const ResizeSplitsInputSchema = z.object({
  /** The shape the sizes are for. */
  shape: SplitShapeKeySchema,
  /**
   * One size per column and per row, in any unit (the engine normalizes them to fractions and
   * raises any below the minimum); null: split evenly again.
   */
  sizes: z
    .object({
      cols: z.array(z.number().positive().max(1e6)).min(1).max(3),
      rows: z.array(z.number().positive().max(1e6)).min(1).max(3),
    })
    .nullable(),
});
export type ResizeSplitsInput = z.infer<typeof ResizeSplitsInputSchema>;

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
  /** Set (or with null reset) the column widths and row heights of one grid shape. */
  resize: oc.input(ResizeSplitsInputSchema).output(layoutResult),
};

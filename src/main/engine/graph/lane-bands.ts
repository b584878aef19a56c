/**
 * The lines passing through rows (`through`), materialized on demand from a checkpoint.
 *
 * The lane layout records per row only the lines that end (`into`) and start (`out`) at its node.
 * The lines crossing a row untouched are the lines active above it minus those converging into
 * it; below it, those plus the ones that leave the node. Replaying that rule from a checkpoint of
 * the active lanes gives every row's `through` for the pages a client reads, at a cost of rows ×
 * lanes for those pages only, instead of for the whole history up front.
 */
import type { LaidOutRow } from './lane-layout.ts';

/** Active lanes (flat `[lane, color, …]`) at the top of row `row`. */
export interface LaneCheckpoint {
  readonly row: number;
  readonly active: readonly number[];
}

/**
 * `through` of rows `[from, to)`, replaying `rows` from `checkpoint` (whose row must be ≤ from).
 * `rowAt(i)` returns the laid-out row i.
 */
export function throughRows(
  checkpoint: LaneCheckpoint,
  rowAt: (index: number) => Pick<LaidOutRow, 'into' | 'out'>,
  from: number,
  to: number,
): number[][] {
  // Colour per column; -1 = free. Columns stay put, so a plain array is the whole state.
  const colors: number[] = [];
  for (let i = 0; i < checkpoint.active.length; i += 2) colors[checkpoint.active[i]!] = checkpoint.active[i + 1]!;
  const result: number[][] = [];
  for (let index = checkpoint.row; index < to; index++) {
    const row = rowAt(index);
    for (let i = 0; i < row.into.length; i += 2) colors[row.into[i]!] = -1;
    if (index >= from) {
      const through: number[] = [];
      for (let column = 0; column < colors.length; column++) {
        const color = colors[column];
        if (color !== undefined && color >= 0) through.push(column, color);
      }
      result.push(through);
    }
    for (let i = 0; i < row.out.length; i += 2) colors[row.out[i]!] = row.out[i + 1]!;
  }
  return result;
}

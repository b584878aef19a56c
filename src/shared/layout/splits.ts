/**
 * Pure rules of the grid's resizable splits: sizes per grid shape, normalizing what a client
 * sends, and moving one gutter. The engine applies `resizeSplits` for `layout.resize`; the
 * renderer the same function to its copy (optimistic, as for every layout command) and
 * `moveGutter` while a gutter is dragged or moved with the keyboard.
 */
import { MIN_SPLIT_FRACTION, type Layout, type SplitSizes } from '../protocol/layout.ts';

/** Columns × rows of a grid. */
export interface Shape {
  readonly cols: number;
  readonly rows: number;
}

/** "3x2" for three columns and two rows: the key of a shape's sizes. */
export function shapeKey(shape: Shape): string {
  return `${shape.cols}x${shape.rows}`;
}

/** The shape a key names, or null for a malformed key. */
export function parseShapeKey(key: string): Shape | null {
  const match = /^([1-3])x([1-3])$/.exec(key);
  return match ? { cols: Number(match[1]), rows: Number(match[2]) } : null;
}

function even(count: number): number[] {
  return Array.from({ length: count }, () => 1 / count);
}

/** The sizes to draw a shape with: the saved ones when they fit the shape, else even. */
export function splitSizesFor(layout: Layout, shape: Shape): SplitSizes {
  const saved = layout.splits?.[shapeKey(shape)];
  return {
    cols: saved && saved.cols.length === shape.cols ? saved.cols : even(shape.cols),
    rows: saved && saved.rows.length === shape.rows ? saved.rows : even(shape.rows),
  };
}

/**
 * `count` fractions, each at least {@link MIN_SPLIT_FRACTION}, summing to 1; null when `sizes`
 * has the wrong length or a value that is not a positive finite number. Rounded to 4 places so
 * a value sent twice compares equal.
 */
export function normalizeSizes(sizes: readonly number[], count: number): number[] | null {
  if (sizes.length !== count || count < 1 || count > 3) return null;
  if (!sizes.every((size) => Number.isFinite(size) && size > 0)) return null;
  if (count === 1) return [1];
  const total = sizes.reduce((sum, size) => sum + size, 0);
  let fractions = sizes.map((size) => size / total);
  // Raise the small ones to the minimum, taking the difference from the others in proportion.
  for (let pass = 0; pass < count; pass++) {
    const small = fractions.map((f) => f < MIN_SPLIT_FRACTION);
    if (!small.some(Boolean)) break;
    const need = fractions.reduce((sum, f, i) => sum + (small[i] ? MIN_SPLIT_FRACTION - f : 0), 0);
    const spare = fractions.reduce((sum, f, i) => sum + (small[i] ? 0 : f - MIN_SPLIT_FRACTION), 0);
    fractions = fractions.map((f, i) => (small[i] ? MIN_SPLIT_FRACTION : f - ((f - MIN_SPLIT_FRACTION) / spare) * need));
  }
  const rounded = fractions.map((f) => Math.round(f * 10_000) / 10_000);
  // Rounding may leave the sum a hair off 1: the last one absorbs it.
  rounded[count - 1] = Math.round((1 - rounded.slice(0, -1).reduce((sum, f) => sum + f, 0)) * 10_000) / 10_000;
  return rounded;
}

function sameSizes(a: SplitSizes | undefined, b: SplitSizes | undefined): boolean {
  if (!a || !b) return a === b;
  return a.cols.length === b.cols.length && a.rows.length === b.rows.length && a.cols.every((f, i) => f === b.cols[i]) && a.rows.every((f, i) => f === b.rows[i]);
}

/** Whether two layouts have the same splits. */
export function sameSplits(a: Layout, b: Layout): boolean {
  const keys = new Set([...Object.keys(a.splits ?? {}), ...Object.keys(b.splits ?? {})]);
  for (const key of keys) if (!sameSizes(a.splits?.[key], b.splits?.[key])) return false;
  return true;
}

/**
 * Set a shape's sizes (normalized), or with null forget them (even again). Unchanged — the same
 * object — when nothing changes or the sizes do not fit the shape.
 */
export function resizeSplits(layout: Layout, key: string, sizes: SplitSizes | null): Layout {
  const shape = parseShapeKey(key);
  if (!shape) return layout;
  const splits = { ...layout.splits };
  if (sizes === null) {
    if (!(key in splits)) return layout;
    delete splits[key];
  } else {
    const cols = normalizeSizes(sizes.cols, shape.cols);
    const rows = normalizeSizes(sizes.rows, shape.rows);
    if (!cols || !rows) return layout;
    const next = { cols, rows };
    if (sameSizes(splits[key], next)) return layout;
    // Even sizes are the default: store nothing for them.
    if (cols.every((f) => f === cols[0]) && rows.every((f) => f === rows[0]) && Math.abs(cols[0]! - 1 / shape.cols) < 0.001 && Math.abs(rows[0]! - 1 / shape.rows) < 0.001) {
      if (!(key in splits)) return layout;
      delete splits[key];
    } else {
      splits[key] = next;
    }
  }
  if (Object.keys(splits).length > 0) return { ...layout, splits };
  const { splits: _dropped, ...rest } = layout;
  return rest;
}

/**
 * Move the gutter after track `index` (between it and the next) by `delta` (a fraction of the
 * grid): the two neighbours trade size, neither going below the minimum; the others keep theirs.
 */
export function moveGutter(sizes: readonly number[], index: number, delta: number): number[] {
  const next = [...sizes];
  const a = next[index];
  const b = next[index + 1];
  if (a === undefined || b === undefined || !Number.isFinite(delta)) return next;
  const clamped = Math.max(MIN_SPLIT_FRACTION - a, Math.min(b - MIN_SPLIT_FRACTION, delta));
  next[index] = a + clamped;
  next[index + 1] = b - clamped;
  return next;
}

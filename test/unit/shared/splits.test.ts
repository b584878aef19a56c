/**
 * Resizable splits: sizes per grid shape, normalized; a gutter trades size between its two
 * neighbours only; the other layout operations keep the sizes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addPane, removePane, sameLayout } from '../../../src/shared/layout/layout-ops.ts';
import { moveGutter, normalizeSizes, parseShapeKey, resizeSplits, shapeKey, splitSizesFor } from '../../../src/shared/layout/splits.ts';
import { MIN_SPLIT_FRACTION, type Layout } from '../../../src/shared/protocol/layout.ts';

const GRID: Layout = { panes: ['a', 'b', 'c', 'd'], focused: 'a', maximized: null };
const sum = (values: readonly number[]): number => values.reduce((total, v) => total + v, 0);

describe('splits', () => {
  it('draws a shape evenly until it is resized, and per shape after', () => {
    expect(splitSizesFor(GRID, { cols: 2, rows: 2 })).toEqual({ cols: [0.5, 0.5], rows: [0.5, 0.5] });
    const resized = resizeSplits(GRID, '2x2', { cols: [3, 1], rows: [1, 1] });
    expect(splitSizesFor(resized, { cols: 2, rows: 2 })).toEqual({ cols: [0.75, 0.25], rows: [0.5, 0.5] });
    // Another shape is unaffected.
    expect(splitSizesFor(resized, { cols: 3, rows: 2 }).cols).toHaveLength(3);
    expect(shapeKey({ cols: 3, rows: 2 })).toBe('3x2');
    expect(parseShapeKey('3x2')).toEqual({ cols: 3, rows: 2 });
    expect(parseShapeKey('4x1')).toBeNull();
  });

  it('returns the same layout for no-ops: same sizes, wrong counts, even sizes never stored, reset of nothing', () => {
    const resized = resizeSplits(GRID, '2x2', { cols: [0.6, 0.4], rows: [0.5, 0.5] });
    expect(resizeSplits(resized, '2x2', { cols: [0.6, 0.4], rows: [0.5, 0.5] })).toBe(resized);
    expect(resizeSplits(resized, '2x2', { cols: [1, 1, 1], rows: [0.5, 0.5] })).toBe(resized);
    expect(resizeSplits(GRID, '2x2', { cols: [1, 1], rows: [2, 2] })).toBe(GRID);
    expect(resizeSplits(GRID, '2x2', null)).toBe(GRID);
    const reset = resizeSplits(resized, '2x2', null);
    expect(reset.splits).toBeUndefined();
    expect(sameLayout(reset, GRID)).toBe(true);
    expect(sameLayout(resized, GRID)).toBe(false);
  });

  it('keeps the sizes through adding, removing and focusing panes', () => {
    const resized = resizeSplits(GRID, '2x2', { cols: [0.6, 0.4], rows: [0.5, 0.5] });
    const fewer = removePane(resized, 'd');
    expect(fewer.splits).toEqual(resized.splits);
    expect(addPane(fewer, 'd').splits).toEqual(resized.splits);
  });

  it('normalizes any positive sizes to fractions at or above the minimum, summing to 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3 }), (sizes) => {
        const fractions = normalizeSizes(sizes, sizes.length)!;
        expect(fractions).toHaveLength(sizes.length);
        expect(Math.abs(sum(fractions) - 1)).toBeLessThan(1e-3);
        for (const f of fractions) expect(f).toBeGreaterThanOrEqual(MIN_SPLIT_FRACTION - 1e-3);
      }),
    );
    expect(normalizeSizes([1, 0], 2)).toBeNull();
    expect(normalizeSizes([1, Number.NaN], 2)).toBeNull();
    expect(normalizeSizes([1, 1], 3)).toBeNull();
  });

  it('moves one gutter: its two neighbours trade size, never below the minimum, the rest unchanged', () => {
    expect(moveGutter([0.5, 0.5], 0, 0.1)).toEqual([0.6, 0.4]);
    expect(moveGutter([0.5, 0.5], 0, 5)).toEqual([0.9, 0.09999999999999998]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.double({ min: -2, max: 2, noNaN: true }), (index, delta) => {
        const start = [1 / 3, 1 / 3, 1 / 3];
        const next = moveGutter(start, index, delta);
        expect(Math.abs(sum(next) - 1)).toBeLessThan(1e-9);
        for (const f of next) expect(f).toBeGreaterThanOrEqual(MIN_SPLIT_FRACTION - 1e-9);
        const untouched = index === 0 ? 2 : 0;
        expect(next[untouched]).toBe(start[untouched]);
      }),
    );
  });
});

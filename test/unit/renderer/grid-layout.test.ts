import { describe, expect, it } from 'vitest';
import { gridShape } from '../../../src/renderer/grid/grid-layout.ts';

describe('gridShape', () => {
  it.each([
    [1, 1, 1],
    [2, 2, 1],
    [3, 2, 2],
    [4, 2, 2],
    [5, 3, 2],
    [6, 3, 2],
    [7, 3, 3],
    [8, 3, 3],
    [9, 3, 3],
  ])('%i panes → %i columns × %i rows', (count, cols, rows) => {
    expect(gridShape(count)).toEqual({ cols, rows });
  });

  it('always has a cell for every pane and never a completely empty row', () => {
    for (let count = 1; count <= 9; count++) {
      const { cols, rows } = gridShape(count);
      expect(cols * rows).toBeGreaterThanOrEqual(count);
      expect(cols * (rows - 1)).toBeLessThan(count);
    }
  });

  it('treats zero (nothing to show) as a single cell', () => {
    expect(gridShape(0)).toEqual({ cols: 1, rows: 1 });
  });
});

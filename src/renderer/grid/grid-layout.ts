/**
 * How many columns and rows the terminal grid uses for a given number of panes.
 */

export interface GridShape {
  cols: number;
  rows: number;
}

/**
 * The most square grid that fits `count` panes, wider than tall:
 * 1 → 1×1, 2 → 2×1, 3–4 → 2×2, 5–6 → 3×2, 7–9 → 3×3 (columns × rows).
 */
export function gridShape(count: number): GridShape {
  const n = Math.max(1, Math.floor(count));
  const cols = Math.ceil(Math.sqrt(n));
  return { cols, rows: Math.ceil(n / cols) };
}

/**
 * `window.__aoGraph`: a read-only window into the branch graph for end-to-end tests and the
 * benchmark. The graph is drawn on a canvas, so tests cannot read rows from the DOM; this hook
 * returns what the user already sees (the visible range, where a row is on screen) and the
 * duration of recent frames. It exposes no input or control.
 */
import type { GraphSummary } from './graph-model.ts';

export interface AoGraphDebug {
  /** Milliseconds spent drawing each of the recent frames. */
  drawTimes(): number[];
  /** Frames painted by shifting the canvas and drawing only the rows scrolled into view. */
  shiftedFrames(): number;
  /** Frames that repainted, in place, only rows drawn as placeholders whose page then arrived. */
  arrivedFrames(): number;
  visible(): { first: number; last: number };
  summary(): GraphSummary;
  /** Top of row `index` in the view's CSS pixels (negative or past the height when off screen). */
  rowY(index: number): number;
  /** The commit drawn in row `index`, null while its page is not loaded. */
  rowSha(index: number): string | null;
}

export const GRAPH_DEBUG_KEY = '__aoGraph';

export function installGraphDebugHook(win: Window, hook: AoGraphDebug): () => void {
  Reflect.set(win, GRAPH_DEBUG_KEY, Object.freeze({ ...hook }));
  return () => {
    Reflect.deleteProperty(win, GRAPH_DEBUG_KEY);
  };
}

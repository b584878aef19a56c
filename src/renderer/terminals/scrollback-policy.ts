/**
 * How much scrollback a pane keeps: the full bound while the user works with it, a smaller one
 * once it has sat in the background for a while (issue 14, renderer memory).
 *
 * Why these numbers. xterm stores a line as `cols × 12` bytes plus its objects (~2 KB at 100
 * columns), so eight panes at the full 5,000 lines hold 60–80 MB of buffers. The engine's mirror
 * keeps MIRROR_SCROLLBACK_LINES (1,000) per session, which is all a re-attach (a reload, the app
 * restarting) ever restores. A background pane trimmed to the same 1,000 lines therefore keeps
 * exactly what a reload would show, and a re-attach on focus could not give anything back: none
 * is done (no snapshot to re-parse, no scroll position or selection lost, no in-flight frames of
 * an old attachment to account for). When the pane is focused again its bound goes back to the
 * full 5,000, so it grows again from there; the lines trimmed meanwhile are gone, as after a reload.
 *
 * What is never trimmed: the focused pane, a pane scrolled up (the user is reading its history;
 * trimming would also make its viewport jump as lines leave the top), and a pane with a selection
 * (trimming moves the text under it). Each of those also restarts the pane's clock, so a pane the
 * user just scrolled back down keeps its history for another TRIM_AFTER_MS.
 *
 * A pane the user has not worked with since the page loaded (the panes a reload or the app's
 * start restores, apart from the focused one) starts at the background bound: it holds at most
 * the mirror's 1,000 lines from its snapshot, so nothing is lost, and its buffer never grows to
 * 5,000 lines first only to be trimmed 30 s later — that growth, and the garbage the trim leaves
 * (V8 frees a trimmed line's buffer only at its next full collection, which a page busy with
 * output may not run for minutes), was most of the renderer's peak after a reload.
 */
import { MIRROR_SCROLLBACK_LINES, SCROLLBACK_LINES } from '../../shared/protocol/flow-control.ts';

/** Scrollback of a pane the user is working with. */
export const FULL_SCROLLBACK_LINES = SCROLLBACK_LINES;

/** Scrollback of a pane left in the background: what the engine would restore anyway. */
export const BACKGROUND_SCROLLBACK_LINES = MIRROR_SCROLLBACK_LINES;

/**
 * How long a pane stays untouched before it is trimmed. Long enough that flipping between two
 * panes (reading one, answering the other) never costs either its history; short enough that
 * seven chatty background panes do not sit at 5,000 lines for minutes.
 */
export const TRIM_AFTER_MS = 30_000;

export interface PaneActivity {
  focused: boolean;
  /** The viewport is above the bottom of the buffer. */
  scrolledUp: boolean;
  /** Text is selected in the pane. */
  selecting: boolean;
  /**
   * When the pane was last focused, scrolled up or selecting (same clock as `now`);
   * -Infinity if never since the page loaded.
   */
  lastActiveAt: number;
}

export interface ScrollbackDecision {
  /** The scrollback bound the pane should have now. */
  lines: number;
  /** Decide again after this long (null: only when the pane's activity changes). */
  recheckInMs: number | null;
}

/** True when the user is working with the pane right now. */
export function isActive(pane: PaneActivity): boolean {
  return pane.focused || pane.scrolledUp || pane.selecting;
}

/**
 * The bound a pane should have at `now`. `trimAfterMs` null turns trimming off (every pane keeps
 * the full bound; `?scrollbackTrim=off`, for `bench/footprint`'s baseline).
 */
export function scrollbackFor(pane: PaneActivity, now: number, trimAfterMs: number | null): ScrollbackDecision {
  if (trimAfterMs === null || isActive(pane)) return { lines: FULL_SCROLLBACK_LINES, recheckInMs: null };
  const idle = now - pane.lastActiveAt;
  if (idle < trimAfterMs) return { lines: FULL_SCROLLBACK_LINES, recheckInMs: trimAfterMs - idle };
  return { lines: BACKGROUND_SCROLLBACK_LINES, recheckInMs: null };
}

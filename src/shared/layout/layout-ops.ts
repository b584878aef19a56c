/**
 * Pure transitions of the terminal grid's layout (pane order, focus, maximize).
 *
 * The engine applies them to its layout when a `layout.*` command or a new session asks; the
 * renderer applies the same functions to its cached copy at once (optimistic), so a click shows
 * without waiting for the round trip and the engine's answer can never disagree with it.
 *
 * Each returns the next layout, or the very same object when nothing changes, so callers can
 * skip saving and broadcasting no-ops (clicking an already focused pane).
 */
import { MAX_PANES, type Layout } from '../protocol/layout.ts';
import { sameSplits } from './splits.ts';

export const EMPTY_LAYOUT: Layout = { panes: [], focused: null, maximized: null };

/** Same panes in the same order, same focus, maximize and split sizes. */
export function sameLayout(a: Layout, b: Layout): boolean {
  return (
    a.focused === b.focused &&
    a.maximized === b.maximized &&
    a.panes.length === b.panes.length &&
    a.panes.every((id, index) => b.panes[index] === id) &&
    sameSplits(a, b)
  );
}

/** Whether another pane fits into the grid. */
export function hasRoom(layout: Layout): boolean {
  return layout.panes.length < MAX_PANES;
}

/**
 * Add a pane after `after` (or at the end) and focus it; un-maximize so the new pane is visible.
 * A pane already shown is only focused. Unchanged when the grid is full (check {@link hasRoom}).
 */
export function addPane(layout: Layout, sessionId: string, after: string | null = null): Layout {
  if (layout.panes.includes(sessionId)) return focusPane(layout, sessionId);
  if (!hasRoom(layout)) return layout;
  const index = after === null ? -1 : layout.panes.indexOf(after);
  const panes =
    index < 0
      ? [...layout.panes, sessionId]
      : [...layout.panes.slice(0, index + 1), sessionId, ...layout.panes.slice(index + 1)];
  return { ...layout, panes, focused: sessionId, maximized: null };
}

/**
 * Put `next` where `previous` was (focused, and maximized if it was) — a handoff's fresh session
 * taking its predecessor's place. Added at the end when `previous` is not shown.
 */
export function replacePane(layout: Layout, previous: string, next: string): Layout {
  if (previous === next) return addPane(layout, next);
  const index = layout.panes.indexOf(previous);
  if (index < 0) return addPane(layout, next);
  const panes = layout.panes.filter((id) => id !== next).map((id) => (id === previous ? next : id));
  const maximized = layout.maximized === previous || layout.maximized === next ? next : layout.maximized;
  return { ...layout, panes, focused: next, maximized };
}

/** Remove a pane; focus moves to the pane that takes its place (or the one before it). */
export function removePane(layout: Layout, sessionId: string): Layout {
  const index = layout.panes.indexOf(sessionId);
  if (index < 0) return layout;
  const panes = layout.panes.filter((id) => id !== sessionId);
  const focused =
    layout.focused === sessionId ? (panes[Math.min(index, panes.length - 1)] ?? null) : layout.focused;
  const maximized = layout.maximized === sessionId ? null : layout.maximized;
  return { ...layout, panes, focused, maximized };
}

/**
 * Focus a pane. If another pane is maximized, the newly focused one takes its place, so the
 * focused pane is always on screen.
 */
export function focusPane(layout: Layout, sessionId: string): Layout {
  if (!layout.panes.includes(sessionId)) return layout;
  const maximized = layout.maximized !== null && layout.maximized !== sessionId ? sessionId : layout.maximized;
  if (layout.focused === sessionId && maximized === layout.maximized) return layout;
  return { ...layout, focused: sessionId, maximized };
}

/**
 * Maximize a pane (focusing it), or with null restore the grid. Idempotent, unlike a toggle, so
 * a command repeated after a reconnect lands where the user meant.
 */
export function maximizePane(layout: Layout, sessionId: string | null): Layout {
  if (sessionId === null) return layout.maximized === null ? layout : { ...layout, maximized: null };
  if (!layout.panes.includes(sessionId)) return layout;
  if (layout.maximized === sessionId && layout.focused === sessionId) return layout;
  return { ...layout, focused: sessionId, maximized: sessionId };
}

/**
 * The target of the maximize button/shortcut: maximize `sessionId` (default: the focused pane,
 * else the first), or restore the grid if that pane is the maximized one. Null when there is no
 * such pane; `{ sessionId: null }` means "restore the grid".
 */
export function maximizeToggleTarget(layout: Layout, sessionId: string | null): { sessionId: string | null } | null {
  const target = sessionId ?? layout.focused ?? layout.panes[0] ?? null;
  if (target === null || !layout.panes.includes(target)) return null;
  return { sessionId: layout.maximized === target ? null : target };
}

/** Move a pane to a 0-based position (clamped to the grid); focus and maximize are kept. */
export function movePane(layout: Layout, sessionId: string, index: number): Layout {
  const from = layout.panes.indexOf(sessionId);
  if (from < 0) return layout;
  const to = Math.max(0, Math.min(layout.panes.length - 1, Math.trunc(index)));
  if (to === from) return layout;
  const panes = layout.panes.filter((id) => id !== sessionId);
  panes.splice(to, 0, sessionId);
  return { ...layout, panes };
}

/** The session shown at a 0-based position (Ctrl/Cmd+1..9), or null. */
export function paneAt(layout: Layout, index: number): string | null {
  return layout.panes[index] ?? null;
}

/**
 * Drop panes whose sessions are gone and repair focus/maximized; keeps order. The engine runs it
 * when sessions are removed; the renderer before rendering, so a stale copy never shows a pane
 * for a forgotten session.
 */
export function keepKnownPanes(layout: Layout, known: (sessionId: string) => boolean): Layout {
  let next = layout;
  for (const id of layout.panes) if (!known(id)) next = removePane(next, id);
  return next;
}

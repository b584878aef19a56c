/**
 * Where agent panes go in the grid (pure): a launched agent is added and focused, a fresh
 * session from a handoff takes its predecessor's place, a clicked notification focuses its pane.
 */
import { MAX_PANES, type Layout } from '../../../shared/protocol/layout.ts';

/** Add `sessionId` after `after` (or at the end) and focus it; unchanged when the grid is full. */
export function addPane(layout: Layout, sessionId: string, after: string | null = null): Layout {
  if (layout.panes.includes(sessionId)) return focusPane(layout, sessionId);
  if (layout.panes.length >= MAX_PANES) return layout;
  const index = after === null ? -1 : layout.panes.indexOf(after);
  const panes = index < 0 ? [...layout.panes, sessionId] : [...layout.panes.slice(0, index + 1), sessionId, ...layout.panes.slice(index + 1)];
  return { panes, focused: sessionId, maximized: null };
}

/** Put `next` where `previous` was (focused, and maximized if it was); added when `previous` is not shown. */
export function replacePane(layout: Layout, previous: string, next: string): Layout {
  const index = layout.panes.indexOf(previous);
  if (index < 0) return addPane(layout, next);
  const panes = layout.panes.filter((id) => id !== next).map((id) => (id === previous ? next : id));
  return { panes, focused: next, maximized: layout.maximized === previous ? next : layout.maximized === next ? next : layout.maximized };
}

/** Focus a pane; if another pane is maximized, this one takes its place so it is on screen. */
export function focusPane(layout: Layout, sessionId: string): Layout {
  if (!layout.panes.includes(sessionId)) return layout;
  const maximized = layout.maximized !== null && layout.maximized !== sessionId ? sessionId : layout.maximized;
  if (layout.focused === sessionId && maximized === layout.maximized) return layout;
  return { ...layout, focused: sessionId, maximized };
}

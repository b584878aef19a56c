/**
 * Pure transitions of the grid layout (pane order, focus, maximize).
 *
 * Each returns the next layout, or the same object when nothing changes, so callers can skip a
 * `layout.set` round trip for no-ops (clicking an already focused pane).
 */
import { MAX_PANES, type Layout } from '../../shared/protocol/index.ts';

/** Add a pane at the end and focus it; un-maximize so the new pane is visible. */
export function addPane(layout: Layout, sessionId: string): { ok: true; layout: Layout } | { ok: false; max: number } {
  if (layout.panes.includes(sessionId)) return { ok: true, layout: focusPane(layout, sessionId) };
  if (layout.panes.length >= MAX_PANES) return { ok: false, max: MAX_PANES };
  return { ok: true, layout: { panes: [...layout.panes, sessionId], focused: sessionId, maximized: null } };
}

/** Remove a pane; focus moves to the pane that takes its place (or the one before it). */
export function removePane(layout: Layout, sessionId: string): Layout {
  const index = layout.panes.indexOf(sessionId);
  if (index < 0) return layout;
  const panes = layout.panes.filter((id) => id !== sessionId);
  const focused =
    layout.focused === sessionId ? (panes[Math.min(index, panes.length - 1)] ?? null) : layout.focused;
  const maximized = layout.maximized === sessionId ? null : layout.maximized;
  return { panes, focused, maximized };
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

/** Focus the pane at a 0-based position (Ctrl/Cmd+1..9); no-op when there is none. */
export function focusPaneAt(layout: Layout, index: number): Layout {
  const sessionId = layout.panes[index];
  return sessionId === undefined ? layout : focusPane(layout, sessionId);
}

/** Maximize a pane (focusing it), or restore the grid if it is the maximized one. */
export function toggleMaximize(layout: Layout, sessionId: string | null): Layout {
  const target = sessionId ?? layout.focused ?? layout.panes[0] ?? null;
  if (target === null || !layout.panes.includes(target)) return layout;
  if (layout.maximized === target) return { ...layout, maximized: null };
  return { ...layout, focused: target, maximized: target };
}

/**
 * Drop panes whose sessions are gone and repair focus/maximized; keeps order.
 * Used before rendering so a stale layout never shows a pane for a forgotten session.
 */
export function keepKnownPanes(layout: Layout, known: (sessionId: string) => boolean): Layout {
  let next = layout;
  for (const id of layout.panes) if (!known(id)) next = removePane(next, id);
  return next;
}

/**
 * Slice holding the terminal grid's layout: pane order, focused pane, maximized pane.
 *
 * The engine keeps the layout (so a reload restores it); this slice is the renderer's copy,
 * updated optimistically by `grid/layout-sync.ts` and from `layout.changed` events.
 */
import type { StateCreator } from 'zustand';
import type { Layout } from '../../shared/protocol/index.ts';
import type { AppState } from './app-store.ts';

export const EMPTY_LAYOUT: Layout = { panes: [], focused: null, maximized: null };

export interface LayoutSlice {
  layout: Layout;
  setLayout(layout: Layout): void;
}

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set) => ({
  layout: EMPTY_LAYOUT,
  setLayout: (layout) => set({ layout }),
});

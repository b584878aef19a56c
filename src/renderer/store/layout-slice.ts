/**
 * Slice holding the terminal grid's layout: pane order, focused pane, maximized pane.
 *
 * The engine keeps the layout (so a reload restores it); this slice is the renderer's copy,
 * updated by `grid/layout-commands.ts` (engine answers, events, commands in flight) and from `layout.changed` events.
 */
import type { StateCreator } from 'zustand';
import { EMPTY_LAYOUT } from '../../shared/layout/layout-ops.ts';
import type { Layout } from '../../shared/protocol/index.ts';
import type { AppState } from './app-store.ts';


export interface LayoutSlice {
  layout: Layout;
  setLayout(layout: Layout): void;
}

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set) => ({
  layout: EMPTY_LAYOUT,
  setLayout: (layout) => set({ layout }),
});

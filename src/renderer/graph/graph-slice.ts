/**
 * Slice holding whether the branch graph page is open. The graph's rows never enter the store:
 * they live in the page's `GraphModel` and go straight to the canvas.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store/app-store.ts';

export interface GraphSlice {
  graphPageOpen: boolean;
  /** Opening the graph closes the usage page (both lie over the grid). */
  setGraphPageOpen(open: boolean): void;
}

export const createGraphSlice: StateCreator<AppState, [], [], GraphSlice> = (set) => ({
  graphPageOpen: false,
  setGraphPageOpen: (graphPageOpen) => set(graphPageOpen ? { graphPageOpen, usagePageOpen: false } : { graphPageOpen }),
});

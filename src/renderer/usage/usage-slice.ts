/**
 * Slice holding whether the usage page is open. The usage data itself (quota, per-pane totals,
 * the page's summary and timeline) lives in the query cache (`data/usage-data.ts`).
 */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store/app-store.ts';

export interface UsageSlice {
  usagePageOpen: boolean;
  setUsagePageOpen(open: boolean): void;
}

export const createUsageSlice: StateCreator<AppState, [], [], UsageSlice> = (set) => ({
  usagePageOpen: false,
  // The usage page and the branch graph both lie over the grid: one at a time.
  setUsagePageOpen: (usagePageOpen) => set(usagePageOpen ? { usagePageOpen, graphPageOpen: false } : { usagePageOpen }),
});

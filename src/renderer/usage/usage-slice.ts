/**
 * Slice holding the usage module's server data the UI shows everywhere (the quota snapshot for
 * the header gauges and pane stalls, per-pane tokens and cost) and whether the usage page is open.
 *
 * It changes only when the engine says usage changed (throttled by `usage-refresher.ts`), never
 * with the clock: countdowns tick inside the gauge components ({@link useNow}), so a ticking
 * second re-renders a few small components, not every subscriber of the store.
 */
import type { StateCreator } from 'zustand';
import type { QuotaSnapshot } from '../../shared/protocol/index.ts';
import type { AppState } from '../store/app-store.ts';

/** Tokens and API-equivalent cost of the agent session in one pane. */
export interface PaneUsage {
  readonly tokens: number;
  readonly costUsd: number | null;
  readonly requests: number;
}

export interface UsageSlice {
  /** Null until the first answer. */
  quota: QuotaSnapshot | null;
  /** By terminal session id. */
  paneUsage: ReadonlyMap<string, PaneUsage>;
  /** Bumped when totals changed: the usage page re-reads its summary and timeline. */
  usageRevision: number;
  usagePageOpen: boolean;
  setQuota(quota: QuotaSnapshot): void;
  setPaneUsage(paneUsage: ReadonlyMap<string, PaneUsage>): void;
  bumpUsageRevision(): void;
  setUsagePageOpen(open: boolean): void;
}

export const createUsageSlice: StateCreator<AppState, [], [], UsageSlice> = (set) => ({
  quota: null,
  paneUsage: new Map(),
  usageRevision: 0,
  usagePageOpen: false,
  setQuota: (quota) => set({ quota }),
  setPaneUsage: (paneUsage) => set({ paneUsage }),
  bumpUsageRevision: () => set((state) => ({ usageRevision: state.usageRevision + 1 })),
  // The usage page and the branch graph both lie over the grid: one at a time.
  setUsagePageOpen: (usagePageOpen) => set(usagePageOpen ? { usagePageOpen, graphPageOpen: false } : { usagePageOpen }),
});

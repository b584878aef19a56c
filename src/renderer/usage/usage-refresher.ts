/**
 * Keeps the usage slice current: reads the quota and the per-pane totals after a (re)connect and
 * after `usage.changed` events, at most once per {@link REFRESH_MIN_MS} (an agent appends to its
 * log on every request, and a burst of appends should cost one read, not fifty).
 *
 * The quota is also re-read every {@link QUOTA_POLL_MS} without events: "stale" and "awaiting
 * data" depend on the engine's clock, not only on new data.
 */
import type { EngineEvent } from '../../shared/protocol/index.ts';
import type { EngineAccess } from '../engine/call-engine.ts';
import type { AppStore } from '../store/app-store.ts';
import { totalTokens } from './quota-view.ts';
import { fetchQuota, fetchSummary } from './usage-calls.ts';
import type { PaneUsage } from './usage-slice.ts';

/** Shortest gap between two reads of the same kind. */
export const REFRESH_MIN_MS = 1_500;
/** Re-read the quota this often even without events. */
export const QUOTA_POLL_MS = 60_000;

export interface UsageRefresher {
  /** Feed every engine event; only `snapshot` and `usage.changed` matter. */
  onEvent(event: EngineEvent): void;
  dispose(): void;
}

/** Create the refresher for one app. */
export function createUsageRefresher(store: AppStore, engine: EngineAccess): UsageRefresher {
  const pending = { quota: false, summary: false };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRun = 0;
  let disposed = false;

  const run = async (): Promise<void> => {
    timer = null;
    lastRun = Date.now();
    const { quota, summary } = pending;
    pending.quota = pending.summary = false;
    const [quotaAnswer, summaryAnswer] = await Promise.all([
      quota ? fetchQuota(engine) : null,
      summary ? fetchSummary(engine, { includeSessions: true }) : null,
    ]);
    if (disposed) return;
    // A failed read keeps what is shown; the next event or poll tries again.
    if (quotaAnswer?.ok) store.getState().setQuota(quotaAnswer.value);
    if (summaryAnswer?.ok) {
      const panes = new Map<string, PaneUsage>();
      for (const session of summaryAnswer.value.sessions) {
        if (!session.terminalSessionId) continue;
        const before = panes.get(session.terminalSessionId);
        const tokens = totalTokens(session.totals) + (before?.tokens ?? 0);
        const costUsd = session.totals.costUsd === null && (before?.costUsd ?? null) === null ? null : (session.totals.costUsd ?? 0) + (before?.costUsd ?? 0);
        panes.set(session.terminalSessionId, { tokens, costUsd, requests: session.totals.requests + (before?.requests ?? 0) });
      }
      store.getState().setPaneUsage(panes);
      store.getState().bumpUsageRevision();
    }
  };

  const schedule = (what: { quota?: boolean; summary?: boolean }): void => {
    if (disposed) return;
    if (what.quota) pending.quota = true;
    if (what.summary) pending.summary = true;
    if (timer) return;
    const wait = Math.max(0, lastRun + REFRESH_MIN_MS - Date.now());
    timer = setTimeout(() => void run(), wait);
  };

  const poll = setInterval(() => schedule({ quota: true }), QUOTA_POLL_MS);

  return {
    onEvent(event) {
      if (event.type === 'snapshot') schedule({ quota: true, summary: true });
      else if (event.type === 'usage.changed') schedule({ quota: event.what.includes('quota'), summary: event.what.includes('summary') });
    },
    dispose() {
      disposed = true;
      clearInterval(poll);
      if (timer) clearTimeout(timer);
    },
  };
}

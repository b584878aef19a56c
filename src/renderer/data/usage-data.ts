/**
 * Usage and quota in the query cache, kept current by engine events.
 *
 * - `usage.changed` names what moved (`quota`, `summary`): those queries are invalidated —
 *   every summary and timeline shown (the panes' totals, the usage page) for `summary`. Reads of
 *   one kind start at least {@link REFRESH_MIN_MS} apart, so a burst of appends costs one read.
 * - A snapshot (after a (re)connect) invalidates them all.
 * - The quota is also re-read every {@link QUOTA_POLL_MS} while shown: "stale" and "awaiting
 *   data" depend on the engine's clock, not only on new data.
 *
 * A failed read keeps what is shown (TanStack Query keeps a query's data when a read fails).
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { EngineEvent, QuotaSnapshot, UsageSummary, UsageSummaryQuery, UsageTimeline, UsageTimelineQuery } from '../../shared/protocol/index.ts';
import type { UiError } from '../errors/ui-error.ts';
import { totalTokens } from '../usage/quota-view.ts';
import { EngineDisconnectedError } from './late-bound-client.ts';
import type { EngineQueryUtils } from './query-client.ts';
import { QueryRefresher } from './query-refresher.ts';

/** Shortest gap between two reads of the same kind. */
export const REFRESH_MIN_MS = 1_500;
/** Re-read the quota this often even without events. */
export const QUOTA_POLL_MS = 60_000;

/** Tokens and API-equivalent cost of the agent session in one pane. */
export interface PaneUsage {
  readonly tokens: number;
  readonly costUsd: number | null;
  readonly requests: number;
}

/** What the panes' totals are read with. */
const PANE_SUMMARY: UsageSummaryQuery = { includeSessions: true };

export class UsageData {
  private readonly refresher: QueryRefresher;

  constructor(
    queryClient: QueryClient,
    private readonly orpc: EngineQueryUtils,
    options: { minGapMs?: number } = {},
  ) {
    this.refresher = new QueryRefresher(queryClient, { minGapMs: options.minGapMs ?? REFRESH_MIN_MS });
  }

  /** The quota snapshot (header gauges, pane stalls). */
  quotaOptions() {
    return {
      queryKey: this.orpc.usage.quota.queryKey() as QueryKey,
      queryFn: ({ signal }: { signal: AbortSignal }): Promise<QuotaSnapshot> => this.orpc.usage.quota.call(undefined, { signal }),
      refetchInterval: QUOTA_POLL_MS,
      refetchIntervalInBackground: true,
    };
  }

  /** Totals per session, for the panes' title bars. */
  paneSummaryOptions() {
    return this.summaryOptions(PANE_SUMMARY);
  }

  summaryOptions(query: UsageSummaryQuery) {
    return {
      queryKey: this.orpc.usage.summary.queryKey({ input: query }) as QueryKey,
      queryFn: ({ signal }: { signal: AbortSignal }): Promise<UsageSummary> => this.orpc.usage.summary.call(query, { signal }),
    };
  }

  timelineOptions(query: UsageTimelineQuery) {
    return {
      queryKey: this.orpc.usage.timeline.queryKey({ input: query }) as QueryKey,
      queryFn: ({ signal }: { signal: AbortSignal }): Promise<UsageTimeline> => this.orpc.usage.timeline.call(query, { signal }),
    };
  }

  /** Apply one engine event to the cache. */
  onEvent(event: EngineEvent): void {
    if (event.type === 'snapshot') {
      this.refresher.reset();
      this.quotaChanged();
      this.summaryChanged();
    } else if (event.type === 'usage.changed') {
      if (event.what.includes('quota')) this.quotaChanged();
      if (event.what.includes('summary')) this.summaryChanged();
    }
  }

  dispose(): void {
    this.refresher.dispose();
  }

  private quotaChanged(): void {
    this.refresher.refresh(this.orpc.usage.quota.key());
  }

  private summaryChanged(): void {
    this.refresher.refresh(this.orpc.usage.summary.key());
    this.refresher.refresh(this.orpc.usage.timeline.key());
  }
}

const paneMaps = new WeakMap<UsageSummary, ReadonlyMap<string, PaneUsage>>();

/** Per terminal session: the summed totals of the agent sessions that ran in it (computed once per answer). */
export function paneUsageOf(summary: UsageSummary): ReadonlyMap<string, PaneUsage> {
  const known = paneMaps.get(summary);
  if (known) return known;
  const panes = new Map<string, PaneUsage>();
  for (const session of summary.sessions) {
    if (!session.terminalSessionId) continue;
    const before = panes.get(session.terminalSessionId);
    const tokens = totalTokens(session.totals) + (before?.tokens ?? 0);
    const costUsd =
      session.totals.costUsd === null && (before?.costUsd ?? null) === null ? null : (session.totals.costUsd ?? 0) + (before?.costUsd ?? 0);
    panes.set(session.terminalSessionId, { tokens, costUsd, requests: session.totals.requests + (before?.requests ?? 0) });
  }
  paneMaps.set(summary, panes);
  return panes;
}

/** A failed read as the UI shows it. */
export function readError(error: unknown): UiError {
  if (error instanceof EngineDisconnectedError) return { kind: 'ENGINE_DISCONNECTED' };
  return { kind: 'ENGINE_CALL_FAILED', detail: error instanceof Error ? error.message : String(error) };
}

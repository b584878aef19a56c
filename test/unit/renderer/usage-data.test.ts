// @vitest-environment jsdom
/**
 * Usage and status maps in the query cache: what each engine event invalidates, how a burst is
 * coalesced (one read in flight, reads of one kind at least REFRESH_MIN_MS apart, the newest
 * answer wins), the quota's poll, and a query invalidated while hidden read when next shown.
 * The clock is vitest's fake one, so "no further read" is checked without sleeping.
 */
import { QueryObserver, type QueryObserverOptions } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GitMap, QuotaSnapshot, UsageSummary, UsageTimeline } from '../../../src/shared/protocol/index.ts';
import type { Result } from '../../../src/shared/result.ts';
import { createQueryClient, engineQueryUtils } from '../../../src/renderer/data/query-client.ts';
import { GitMapData } from '../../../src/renderer/data/git-map-data.ts';
import { paneUsageOf, QUOTA_POLL_MS, REFRESH_MIN_MS, UsageData } from '../../../src/renderer/data/usage-data.ts';
import { deferred, fakeEngine } from './fake-engine.ts';
import { repo } from './samples.ts';

const EMPTY_LAYOUT = { panes: [], focused: null, maximized: null };
const totals = (tokens: number, costUsd: number | null) => ({
  requests: 1,
  inputTokens: tokens,
  cachedInputTokens: 0,
  outputTokens: 0,
  reasoningTokens: 0,
  cacheWriteTokens: 0,
  costUsd,
  unpricedRequests: 0,
});
const quota = (n: number) => ({ generatedAt: `t${n}`, providers: [], stalls: [], warnings: [] }) as QuotaSnapshot;
const summary = (n: number) => ({ generatedAt: `t${n}`, sessions: [] }) as unknown as UsageSummary;

function setup(answers: { quota?: () => Promise<QuotaSnapshot>; summary?: () => Promise<UsageSummary> } = {}) {
  let quotas = 0;
  let summaries = 0;
  const calls = {
    quota: vi.fn(answers.quota ?? (async () => quota(++quotas))),
    summary: vi.fn(answers.summary ?? (async (_input?: unknown) => summary(++summaries))),
    timeline: vi.fn(async () => ({ timeZone: 'UTC', days: [], series: [] }) as UsageTimeline),
  };
  const engine = fakeEngine({ usage: calls });
  const queryClient = createQueryClient();
  const usage = new UsageData(queryClient, engineQueryUtils(engine));
  const show = <T,>(options: QueryObserverOptions<T, Error, T, T, readonly unknown[]>) => {
    const observer = new QueryObserver(queryClient, options);
    const stop = observer.subscribe(() => undefined);
    return { data: () => observer.getCurrentResult().data, stop };
  };
  return { calls, queryClient, usage, show };
}

/** Let answers, cache notifications and due timers run (fake clock). */
const flush = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

describe('usage in the query cache', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a snapshot reads quota and pane totals; usage.changed re-reads only what it names', async () => {
    const { calls, usage, show } = setup();
    const gauges = show(usage.quotaOptions());
    const panes = show(usage.paneSummaryOptions());
    await flush();
    expect([calls.quota.mock.calls.length, calls.summary.mock.calls.length]).toEqual([1, 1]);
    expect(calls.summary.mock.calls[0]).toEqual([{ includeSessions: true }, expect.anything()]);

    usage.onEvent({ type: 'usage.changed', what: ['quota'], warnings: [], stalls: [] });
    await flush();
    expect([calls.quota.mock.calls.length, calls.summary.mock.calls.length]).toEqual([2, 1]);
    expect(gauges.data()).toEqual(quota(2));

    usage.onEvent({ type: 'usage.changed', what: ['summary'], warnings: [], stalls: [] });
    await flush();
    expect([calls.quota.mock.calls.length, calls.summary.mock.calls.length]).toEqual([2, 2]);

    // After a reconnect both are read again (past the minimum gap since the last reads).
    await flush(REFRESH_MIN_MS);
    usage.onEvent({ type: 'snapshot', repos: [], sessions: [], layout: EMPTY_LAYOUT });
    await flush();
    expect([calls.quota.mock.calls.length, calls.summary.mock.calls.length]).toEqual([3, 3]);
    gauges.stop();
    panes.stop();
  });

  it('fifty appends cost one read now and one more at least REFRESH_MIN_MS later, the newest answer shown', async () => {
    const answers = Array.from({ length: 4 }, () => deferred<UsageSummary>());
    let call = 0;
    const { calls, usage, show } = setup({ summary: () => answers[call++]!.promise });
    const panes = show(usage.paneSummaryOptions());
    answers[0]!.resolve(summary(0));
    await flush();

    const changed = { type: 'usage.changed' as const, what: ['summary' as const], warnings: [], stalls: [] };
    usage.onEvent(changed);
    expect(calls.summary).toHaveBeenCalledTimes(2);
    // The read is out: the rest of the burst only marks it.
    for (let n = 0; n < 49; n++) usage.onEvent(changed);
    answers[1]!.resolve(summary(1));
    await flush(REFRESH_MIN_MS - 1);
    expect(calls.summary).toHaveBeenCalledTimes(2);
    await flush(1);
    expect(calls.summary).toHaveBeenCalledTimes(3);
    answers[2]!.resolve(summary(2));
    await flush(10 * REFRESH_MIN_MS);
    expect(calls.summary).toHaveBeenCalledTimes(3);
    expect(panes.data()).toEqual(summary(2));
    panes.stop();
  });

  it('re-reads the quota every minute while shown, and not once nobody shows it', async () => {
    const { calls, usage, show } = setup();
    const gauges = show(usage.quotaOptions());
    await flush();
    expect(calls.quota).toHaveBeenCalledTimes(1);
    await flush(QUOTA_POLL_MS);
    expect(calls.quota).toHaveBeenCalledTimes(2);
    gauges.stop();
    await flush(3 * QUOTA_POLL_MS);
    expect(calls.quota).toHaveBeenCalledTimes(2);
  });

  it('a page invalidated while closed is read when it opens again, and not before', async () => {
    const { calls, usage, show } = setup();
    const page = show(usage.timelineOptions({ since: '2026-12-01', groupBy: 'provider' }));
    await flush();
    page.stop();
    usage.onEvent({ type: 'usage.changed', what: ['summary'], warnings: [], stalls: [] });
    await flush(REFRESH_MIN_MS);
    expect(calls.timeline).toHaveBeenCalledTimes(1);
    const again = show(usage.timelineOptions({ since: '2026-12-01', groupBy: 'provider' }));
    await flush();
    expect(calls.timeline).toHaveBeenCalledTimes(2);
    // Shown again without a change in between: the cached answer, no read.
    again.stop();
    const third = show(usage.timelineOptions({ since: '2026-12-01', groupBy: 'provider' }));
    await flush();
    expect(calls.timeline).toHaveBeenCalledTimes(2);
    third.stop();
  });

  it('sums the totals of the agent sessions that ran in each pane', () => {
    const value = {
      sessions: [
        { terminalSessionId: 'p1', totals: totals(100, 0.5) },
        { terminalSessionId: 'p1', totals: totals(50, null) },
        { terminalSessionId: null, totals: totals(7, 1) },
        { terminalSessionId: 'p2', totals: totals(10, null) },
      ],
    } as unknown as UsageSummary;
    const panes = paneUsageOf(value);
    expect(panes.get('p1')).toEqual({ tokens: 150, costUsd: 0.5, requests: 2 });
    expect(panes.get('p2')).toEqual({ tokens: 10, costUsd: null, requests: 1 });
    expect(panes.size).toBe(2);
    // Computed once per answer, so every pane's selector gets the same map.
    expect(paneUsageOf(value)).toBe(panes);
  });
});

describe('status maps in the query cache', () => {
  it('one read per repository, re-read on that repository\'s changes only, all on a snapshot', async () => {
    const map = vi.fn(async ({ repo: { repoId } }: { repo: { repoId: string } }): Promise<Result<GitMap>> => ({ ok: true, value: { repoId } as unknown as GitMap }));
    const engine = fakeEngine({ gitMap: { map } });
    const queryClient = createQueryClient();
    const maps = new GitMapData(queryClient, engineQueryUtils(engine));
    const observers = ['a', 'a', 'b'].map((id) => {
      const observer = new QueryObserver(queryClient, maps.options(id));
      return { observer, stop: observer.subscribe(() => undefined) };
    });
    const settled = () => expect.poll(() => queryClient.isFetching()).toBe(0);
    await settled();
    expect(map.mock.calls.map(([input]) => input.repo.repoId).sort()).toEqual(['a', 'b']);

    maps.onEvent({ type: 'gitMap.changed', repoId: 'b' });
    maps.onEvent({ type: 'worktrees.changed', repoId: 'b' });
    await settled();
    expect(map.mock.calls.map(([input]) => input.repo.repoId).sort()).toEqual(['a', 'b', 'b', 'b']);

    maps.onEvent({ type: 'snapshot', repos: [repo('a'), repo('b')], sessions: [], layout: EMPTY_LAYOUT });
    await settled();
    expect(map).toHaveBeenCalledTimes(6);
    expect(observers[0]!.observer.getCurrentResult().data).toEqual({ ok: true, value: { repoId: 'a' } });
    for (const { stop } of observers) stop();
    maps.dispose();
  });
});

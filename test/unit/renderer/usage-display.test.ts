/**
 * Pure display logic of the usage UI: countdowns, the binding window, pace, gauge states
 * (unknown, stale, exhausted, awaiting data), and the chart's grouping.
 */
import { describe, expect, it } from 'vitest';
import type { ProviderQuota, RateWindow, UsageSummary, UsageTimeline, UsageTotals } from '../../../src/shared/protocol/usage.ts';
import { addTotals, axisLabelDays, chartData, tableRows, timelineGrouping } from '../../../src/renderer/usage/chart-data.ts';
import { bindingWindow, formatCost, formatCountdown, formatTokens, gaugeView, gaugeViews, neverUsed, paceView, quotaSections, stallLabel } from '../../../src/renderer/usage/quota-view.ts';
import { parseThresholds, thresholdsProblem } from '../../../src/renderer/usage/UsageSettings.tsx';

const NOW = Date.parse('2026-09-10T12:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

function window(partial: Partial<RateWindow>): RateWindow {
  return {
    provider: 'codex',
    account: '/h/.codex',
    bucket: 'codex',
    bucketName: null,
    kind: '5h',
    windowMinutes: 300,
    usedPercent: 40,
    resetsAt: iso(NOW + 2 * 3_600_000),
    observedAt: iso(NOW - 60_000),
    source: 'codex-rollout',
    stale: false,
    awaitingData: false,
    exhausted: false,
    elapsedPercent: 60,
    pacePercent: -20,
    overPace: false,
    burnPerHour: null,
    projectedFullAt: null,
    binding: false,
    ...partial,
  };
}

function quota(windows: RateWindow[], partial: Partial<ProviderQuota> = {}): ProviderQuota {
  return { provider: 'codex', account: '/h/.codex', status: windows.length ? 'live' : 'unknown', planType: null, windows, requestsToday: null, lastUsedDay: '2026-09-09', note: windows.length ? null : 'no data', ...partial };
}

describe('formatCountdown', () => {
  it('shows seconds under an hour, then hours and minutes, then days', () => {
    expect(formatCountdown(0)).toBe('now');
    expect(formatCountdown(-5)).toBe('now');
    expect(formatCountdown(999)).toBe('1s');
    expect(formatCountdown(45_000)).toBe('45s');
    expect(formatCountdown(12 * 60_000 + 5_000)).toBe('12m 05s');
    expect(formatCountdown(2 * 3_600_000 + 14 * 60_000 + 30_000)).toBe('2h 14m');
    expect(formatCountdown(3 * 86_400_000 + 4 * 3_600_000)).toBe('3d 4h');
  });
});

describe('bindingWindow', () => {
  it('takes the window the engine marked binding, else the fullest; a passed reset counts as empty', () => {
    const weekly = window({ kind: 'weekly', usedPercent: 70, binding: true, resetsAt: iso(NOW + 86_400_000) });
    const fiveHour = window({ usedPercent: 50 });
    expect(bindingWindow([fiveHour, weekly], NOW)).toBe(weekly);
    const reset = window({ usedPercent: 99, resetsAt: iso(NOW - 1000) });
    expect(bindingWindow([reset, fiveHour], NOW)).toBe(fiveHour);
    expect(bindingWindow([], NOW)).toBeNull();
  });
});

describe('paceView', () => {
  it('reads used % against elapsed time', () => {
    expect(paceView({ pacePercent: 12.4, overPace: true })).toEqual({ label: '+12% ahead of pace', tone: 'over' });
    expect(paceView({ pacePercent: -20, overPace: false })).toEqual({ label: '20% under pace', tone: 'under' });
    expect(paceView({ pacePercent: 3, overPace: false })).toEqual({ label: 'on pace', tone: 'even' });
  });
});

describe('gaugeView', () => {
  it('shows the binding window with used %, a countdown and pace', () => {
    const view = gaugeView(quota([window({ usedPercent: 42, binding: true })]), NOW, [80, 95], false);
    expect(view).toMatchObject({ name: 'Codex', tone: 'ok', percent: 42, label: '5h 42%', reset: 'resets in 2h 00m', pace: { tone: 'under' }, stale: null });
    // The countdown moves with the renderer's clock.
    expect(gaugeView(quota([window({ binding: true })]), NOW + 90 * 60_000 + 15_000, [80, 95], false).reset).toBe('resets in 29m 45s');
  });

  it('colours at the user thresholds and says exhausted at 98 %', () => {
    expect(gaugeView(quota([window({ usedPercent: 81 })]), NOW, [80, 95], false).tone).toBe('warn');
    expect(gaugeView(quota([window({ usedPercent: 96 })]), NOW, [80, 95], false).tone).toBe('danger');
    expect(gaugeView(quota([window({ usedPercent: 60 })]), NOW, [50, 90], false).tone).toBe('warn');
    const full = gaugeView(quota([window({ usedPercent: 98 })]), NOW, [80, 95], false);
    expect(full).toMatchObject({ tone: 'exhausted', label: '5h exhausted' });
  });

  it('says "no data yet" (and why, in the tooltip) without data, stale since … for old data, awaiting data after the reset', () => {
    const none = gaugeView(quota([]), NOW, [80, 95], false);
    expect(none).toMatchObject({ tone: 'unknown', label: 'no data yet', percent: null, reset: null });
    expect(none.title).toBe('Codex: no quota data yet\nno data\nLast used 2026-09-09.');
    expect(gaugeView(quota([], { provider: 'gemini', requestsToday: 12 }), NOW, [80, 95], false).label).toBe('12 requests today');
    expect(gaugeView(quota([], { provider: 'gemini', requestsToday: 1 }), NOW, [80, 95], false).label).toBe('1 request today');
    expect(gaugeView(quota([], { provider: 'gemini', requestsToday: 0 }), NOW, [80, 95], false).label).toBe('none today');
    const stale = gaugeView(quota([window({ stale: true, observedAt: iso(NOW - 3_600_000) })]), NOW, [80, 95], false);
    expect(stale.tone).toBe('stale');
    expect(stale.stale).toMatch(/^stale since /);
    const passed = gaugeView(quota([window({ usedPercent: 99, resetsAt: iso(NOW - 60_000) })]), NOW, [80, 95], false);
    expect(passed).toMatchObject({ tone: 'ok', percent: 0, pace: null });
    expect(passed.reset).toMatch(/^reset at .*, awaiting data$/);
  });

  it('names the account when one provider has several', () => {
    const views = gaugeViews([quota([]), quota([], { account: '/h/.codex-work' }), quota([], { provider: 'claude', account: '/h/.claude' })], NOW, [80, 95]);
    expect(views.map((v) => v.name)).toEqual(['Codex · .codex', 'Codex · .codex-work', 'Claude']);
  });
});

describe('labels', () => {
  it('formats tokens, cost and stalls', () => {
    expect([formatTokens(512), formatTokens(35_400), formatTokens(1_234_567), formatTokens(42_000_000)]).toEqual(['512', '35k', '1.23M', '42.0M']);
    expect([formatCost(null), formatCost(0.004), formatCost(1.234), formatCost(250)]).toEqual(['—', '<$0.01', '$1.23', '$250']);
    expect(stallLabel({ resetsAt: null }, NOW)).toBe('stalled on a usage limit');
    expect(stallLabel({ resetsAt: iso(NOW + 30 * 60_000) }, NOW)).toMatch(/^stalled until .* \(in 30m 00s\)$/);
  });

  it('parses warning thresholds', () => {
    expect(parseThresholds('80, 95')).toEqual([80, 95]);
    expect(parseThresholds('70 90')).toEqual([70, 90]);
    expect(parseThresholds('80, 101')).toBeNull();
    expect(parseThresholds('1,2,3,4,5,6')).toBeNull();
  });

  it('says in words what is wrong with a thresholds entry', () => {
    expect(thresholdsProblem('80, 95')).toBeNull();
    expect(thresholdsProblem('80, 101')).toBe('"101" is not a whole percentage from 1 to 100 (e.g. 80, 95).');
    expect(thresholdsProblem('eighty')).toMatch(/^"eighty" is not a whole percentage/);
    expect(thresholdsProblem('1,2,3,4,5,6')).toMatch(/^At most \d+ levels/);
  });
});

const point = (tokens: number, costUsd: number | null = null) => ({ tokens, outputTokens: 0, costUsd });
const TIMELINE: UsageTimeline = {
  timeZone: 'UTC',
  days: ['2026-09-08', '2026-09-09', '2026-09-10'],
  series: [
    { key: 'codex', label: 'codex', points: [point(100, 1), point(0), point(300, 2)] },
    { key: 'claude', label: 'claude', points: [point(50, 0.5), point(0), point(25, null)] },
    { key: 'gemini', label: 'gemini', points: [point(0), point(0), point(0)] },
  ],
};

describe('axisLabelDays', () => {
  it('labels at most the maximum, evenly spaced, always the last day, never two side by side', () => {
    // The 30-day range once labelled days 28 and 29 next to each other.
    expect([...axisLabelDays(30, 8)].sort((a, b) => a - b)).toEqual([1, 5, 9, 13, 17, 21, 25, 29]);
    expect([...axisLabelDays(7, 8)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(axisLabelDays(0, 8).size).toBe(0);
    for (let count = 1; count <= 120; count++) {
      const days = [...axisLabelDays(count, 8)].sort((a, b) => a - b);
      const every = Math.ceil(count / 8);
      expect(days.length).toBeLessThanOrEqual(8);
      expect(days.at(-1)).toBe(count - 1);
      for (let i = 1; i < days.length; i++) expect(days[i]! - days[i - 1]!).toBe(every);
    }
  });
});

describe('chartData', () => {
  it('stacks provider series and drops empty ones', () => {
    const data = chartData(TIMELINE, 'provider', 'tokens');
    expect(data.series.map((s) => s.label)).toEqual(['Codex', 'Claude']);
    expect(data.totals).toEqual([150, 0, 325]);
    expect(data.max).toBe(325);
  });

  it('sums everything into one series by day, and charts cost with unpriced as 0', () => {
    expect(timelineGrouping('day')).toBe('provider');
    const byDay = chartData(TIMELINE, 'day', 'tokens');
    expect(byDay.series).toEqual([expect.objectContaining({ key: 'all', values: [150, 0, 325] })]);
    expect(chartData(TIMELINE, 'provider', 'cost').totals).toEqual([1.5, 0, 2]);
  });

  it('is empty for a range without usage', () => {
    const empty = chartData({ ...TIMELINE, series: [] }, 'worktree', 'tokens');
    expect(empty).toMatchObject({ series: [], totals: [0, 0, 0], max: 0 });
  });
});

function totals(input: number, output: number, costUsd: number | null): UsageTotals {
  return { inputTokens: input, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: output, reasoningTokens: 0, requests: 1, costUsd, unpricedRequests: costUsd === null ? 1 : 0, unpricedModels: costUsd === null ? ['x'] : [] };
}

describe('tableRows', () => {
  const summary = {
    byProvider: [{ provider: 'codex', totals: totals(10, 1, 1) }],
    byWorktree: [
      { worktreePath: '/src/acme/wt-one', repoId: 'r', provider: 'codex', totals: totals(10, 1, 1) },
      { worktreePath: '/src/acme/wt-one', repoId: 'r', provider: 'claude', totals: totals(100, 10, null) },
      { worktreePath: null, repoId: null, provider: 'claude', totals: totals(1, 1, 0.5) },
    ],
    byDay: [
      { day: '2026-09-09', provider: 'codex', totals: totals(1, 1, 1) },
      { day: '2026-09-10', provider: 'codex', totals: totals(1, 1, 1) },
      { day: '2026-09-10', provider: 'claude', totals: totals(1, 1, null) },
    ],
  } as unknown as UsageSummary;

  it('merges providers per worktree and per day', () => {
    const worktrees = tableRows(summary, 'worktree');
    expect(worktrees.map((r) => [r.label, r.totals.inputTokens, r.totals.costUsd, r.totals.unpricedModels])).toEqual([
      ['wt-one', 110, 1, ['x']],
      ['(outside worktrees)', 1, 0.5, []],
    ]);
    expect(tableRows(summary, 'day').map((r) => [r.key, r.totals.requests])).toEqual([
      ['2026-09-10', 2],
      ['2026-09-09', 1],
    ]);
    expect(tableRows(summary, 'provider')[0]?.label).toBe('Codex');
  });

  it('keeps an unknown cost unknown when adding', () => {
    expect(addTotals(totals(1, 1, null), totals(1, 1, null)).costUsd).toBeNull();
    expect(addTotals(totals(1, 1, null), totals(1, 1, 2)).costUsd).toBe(2);
  });
});

describe('quotaSections: providers never used get no gauge', () => {
  it('keeps gauges for providers with windows or any use, and names the never-used ones once each', () => {
    const providers = [
      quota([window({})]),
      quota([], { provider: 'claude', account: '/h/.claude', lastUsedDay: null }),
      quota([], { provider: 'gemini', account: '/h/.gemini', lastUsedDay: null, requestsToday: 0 }),
      quota([], { provider: 'gemini', account: '/h/.gemini-2', lastUsedDay: null, requestsToday: 0 }),
      quota([], { account: '/h/.codex-exec', lastUsedDay: '2026-09-01' }),
    ];
    const { gauges, unused } = quotaSections(providers, NOW, [80, 95]);
    expect(gauges.map((g) => [g.key, g.label])).toEqual([
      ['codex:/h/.codex', '5h 40%'],
      ['codex:/h/.codex-exec', 'no data yet'],
    ]);
    expect(unused.map((u) => u.name)).toEqual(['Claude', 'Gemini']);
    expect(unused[0]!.why).toContain('status line');
  });

  it('a fresh install shows no gauge at all; a Gemini request today or a window brings its gauge', () => {
    const fresh = [
      quota([], { lastUsedDay: null }),
      quota([], { provider: 'claude', account: '/h/.claude', lastUsedDay: null }),
      quota([], { provider: 'gemini', account: '/h/.gemini', lastUsedDay: null, requestsToday: 0 }),
    ];
    expect(quotaSections(fresh, NOW, [80, 95]).gauges).toEqual([]);
    expect(fresh.every(neverUsed)).toBe(true);
    expect(neverUsed(quota([], { provider: 'gemini', lastUsedDay: null, requestsToday: 3 }))).toBe(false);
    expect(neverUsed(quota([window({})], { lastUsedDay: null }))).toBe(false);
  });
});

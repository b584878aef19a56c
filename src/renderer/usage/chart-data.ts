/**
 * Turning the engine's per-day series into what the usage chart and table draw (pure).
 *
 * The engine groups by provider, worktree or model; "by day" is one series, the sum of all.
 * Series with nothing in the range are left out (a legend of zeros helps no one).
 */
import type { UsageSummary, UsageTimeline, UsageTotals } from '../../shared/protocol/index.ts';
import { PROVIDER_NAMES } from './quota-view.ts';

export type ChartGroup = 'provider' | 'worktree' | 'day';
export type ChartMetric = 'tokens' | 'cost';

export interface ChartSeries {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  /** One value per day of {@link ChartData.days}. */
  readonly values: readonly number[];
}

export interface ChartData {
  readonly days: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Per day: the stacked total. */
  readonly totals: readonly number[];
  /** Largest stacked total (0 for an empty range). */
  readonly max: number;
}

/** The engine grouping to ask for (by day is drawn from the provider series). */
export function timelineGrouping(group: ChartGroup): 'provider' | 'worktree' {
  return group === 'day' ? 'provider' : group;
}

const PROVIDER_COLORS: Record<string, string> = { codex: '#5b9cff', claude: '#e08a5b', gemini: '#7fcf6a' };
const PALETTE = ['#5b9cff', '#e08a5b', '#7fcf6a', '#c38bf0', '#e5b95c', '#4fc8c8', '#ef6b73', '#9aa3b5'];

/** Stacked series for the chart. */
export function chartData(timeline: UsageTimeline, group: ChartGroup, metric: ChartMetric): ChartData {
  const valueOf = (point: UsageTimeline['series'][number]['points'][number]): number => (metric === 'tokens' ? point.tokens : point.costUsd ?? 0);
  let series: ChartSeries[] = timeline.series.map((s, i) => ({
    key: s.key,
    label: group === 'provider' ? PROVIDER_NAMES[s.key as keyof typeof PROVIDER_NAMES] ?? s.label : s.label,
    color: (group === 'provider' ? PROVIDER_COLORS[s.key] : undefined) ?? PALETTE[i % PALETTE.length]!,
    values: s.points.map(valueOf),
  }));
  if (group === 'day') {
    const values = timeline.days.map((_, day) => series.reduce((sum, s) => sum + (s.values[day] ?? 0), 0));
    series = [{ key: 'all', label: 'All agents', color: PALETTE[0]!, values }];
  }
  series = series.filter((s) => s.values.some((v) => v > 0));
  const totals = timeline.days.map((_, day) => series.reduce((sum, s) => sum + (s.values[day] ?? 0), 0));
  return { days: timeline.days, series, totals, max: totals.reduce((a, b) => Math.max(a, b), 0) };
}

/**
 * Which days get an x-axis label: at most `maxLabels`, evenly spaced, counted back from the last
 * day so the newest is always labelled. (Labelling every n-th day from the first and then forcing
 * the last one put two labels side by side: "12-06" over "12-07".)
 */
export function axisLabelDays(count: number, maxLabels: number): Set<number> {
  const shown = new Set<number>();
  if (count <= 0 || maxLabels <= 0) return shown;
  const every = Math.max(1, Math.ceil(count / maxLabels));
  for (let i = count - 1; i >= 0; i -= every) shown.add(i);
  return shown;
}

/** One row of the usage table. */
export interface TableRow {
  readonly key: string;
  readonly label: string;
  readonly totals: UsageTotals;
}

/** Rows for the table: per provider, per worktree (all providers together) or per day (newest first). */
export function tableRows(summary: UsageSummary, group: ChartGroup): TableRow[] {
  const merged = new Map<string, TableRow>();
  const add = (key: string, label: string, totals: UsageTotals): void => {
    const previous = merged.get(key);
    merged.set(key, { key, label, totals: previous ? addTotals(previous.totals, totals) : totals });
  };
  if (group === 'provider') for (const p of summary.byProvider) add(p.provider, PROVIDER_NAMES[p.provider], p.totals);
  if (group === 'worktree') {
    for (const w of summary.byWorktree) add(w.worktreePath ?? '', w.worktreePath ? folderOf(w.worktreePath) : '(outside worktrees)', w.totals);
  }
  if (group === 'day') for (const d of summary.byDay) add(d.day, d.day, d.totals);
  const rows = [...merged.values()];
  return group === 'day' ? rows.sort((a, b) => b.key.localeCompare(a.key)) : rows.sort((a, b) => b.totals.inputTokens + b.totals.outputTokens - (a.totals.inputTokens + a.totals.outputTokens));
}

/** Sum two totals; a cost stays null only when neither side could be priced. */
export function addTotals(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    requests: a.requests + b.requests,
    costUsd: a.costUsd === null && b.costUsd === null ? null : (a.costUsd ?? 0) + (b.costUsd ?? 0),
    unpricedRequests: a.unpricedRequests + b.unpricedRequests,
    unpricedModels: [...new Set([...a.unpricedModels, ...b.unpricedModels])],
  };
}

/** `YYYY-MM-DD` of the day `daysBack` days before `now`, in the browser's zone. */
export function dayBefore(now: number, daysBack: number): string {
  const date = new Date(now);
  date.setDate(date.getDate() - daysBack);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function folderOf(p: string): string {
  return p.split(/[\\/]/).filter(Boolean).pop() ?? p;
}

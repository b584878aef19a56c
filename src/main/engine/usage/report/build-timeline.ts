/**
 * The `usage.timeline` answer: one series per provider, worktree or model over every day of a
 * range, zero-filled, ready for a chart.
 */
import type { UsageTimeline, UsageTimelineQuery } from '../../../../shared/protocol/usage.ts';
import type { WorktreeRoot } from '../attribution/attribute-cwd.ts';
import type { LedgerBucket } from '../model/usage-ledger.ts';
import { dayKey, daysBetween } from '../model/time-zone.ts';
import { compareText } from './compare-text.ts';

/** Default range when the query names none: the last 30 days. */
export const DEFAULT_TIMELINE_DAYS = 30;

/** Build the timeline for `query`. */
export function buildTimeline(
  buckets: Iterable<LedgerBucket>,
  query: UsageTimelineQuery,
  timeZone: string,
  now: number,
  attribute: (cwd: string | null, projectKey: string | null) => WorktreeRoot | null,
): UsageTimeline {
  const until = query.until ?? dayKey(now, timeZone);
  const since = query.since ?? dayKey(Date.parse(`${until}T12:00:00Z`) - (DEFAULT_TIMELINE_DAYS - 1) * 86_400_000, 'UTC');
  const days = daysBetween(since, until);
  const index = new Map(days.map((day, i) => [day, i]));
  const series = new Map<string, { label: string; tokens: number[]; output: number[]; cost: number[]; priced: boolean[]; unpriced: boolean[] }>();
  for (const b of buckets) {
    const i = index.get(b.day);
    if (i === undefined) continue;
    let key: string;
    let label: string;
    if (query.groupBy === 'provider') key = label = b.provider;
    else if (query.groupBy === 'model') {
      key = `${b.provider}:${b.model}`;
      label = b.model;
    } else {
      const root = attribute(b.cwd, b.projectKey);
      key = root?.path ?? '(outside worktrees)';
      label = root ? root.path.split(/[\\/]/).filter(Boolean).pop() ?? root.path : '(outside worktrees)';
    }
    let s = series.get(key);
    if (!s) {
      const zeros = (): number[] => days.map(() => 0);
      s = { label, tokens: zeros(), output: zeros(), cost: zeros(), priced: days.map(() => false), unpriced: days.map(() => false) };
      series.set(key, s);
    }
    s.tokens[i]! += b.input + b.output;
    s.output[i]! += b.output;
    s.cost[i]! += b.cost;
    if (b.requests > b.unpriced) s.priced[i] = true;
    if (b.unpriced > 0) s.unpriced[i] = true;
  }
  return {
    timeZone,
    days,
    series: [...series]
      .sort(([a], [b]) => compareText(a, b))
      .map(([key, s]) => ({
        key,
        label: s.label,
        points: days.map((_, i) => ({
          tokens: s.tokens[i]!,
          outputTokens: s.output[i]!,
          costUsd: s.unpriced[i] && !s.priced[i] ? null : Math.round(s.cost[i]! * 1e6) / 1e6,
        })),
      })),
  };
}

/**
 * The usage page: totals, a chart over time grouped by provider, worktree or day, and a table.
 * It lies over the terminal grid (which stays mounted and sized underneath); its data is in the
 * query cache, re-read after `usage.changed` (`data/usage-data.ts`).
 */
import { useEffect, useState } from 'react';
import { useServices } from '../app/services.ts';
import { errorMessage } from '../errors/messages.ts';
import { chartData, dayBefore, tableRows, timelineGrouping, type ChartGroup, type ChartMetric } from './chart-data.ts';
import { formatCost, formatTokens, totalTokens } from './quota-view.ts';
import { UsageChart } from './UsageChart.tsx';
import { useUsagePage } from './use-usage.ts';
import { UsageTable } from './UsageTable.tsx';
import { plural } from '../../shared/plural.ts';

const GROUPS: { value: ChartGroup; label: string }[] = [
  { value: 'provider', label: 'Provider' },
  { value: 'worktree', label: 'Worktree' },
  { value: 'day', label: 'Day' },
];
const RANGES = [7, 14, 30] as const;

export function UsagePage() {
  const services = useServices();
  const [group, setGroup] = useState<ChartGroup>('provider');
  const [metric, setMetric] = useState<ChartMetric>('tokens');
  const [days, setDays] = useState<(typeof RANGES)[number]>(14);
  // A calendar date: the same key (one cached answer) all day.
  const since = dayBefore(Date.now(), days - 1);
  const { data, error: readFailure } = useUsagePage(since, timelineGrouping(group));
  const error = readFailure ? errorMessage(readFailure) : null;

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') services.store.getState().setUsagePageOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [services]);

  const totals = data?.summary.totals;
  return (
    <section className="usage-page" aria-label="Usage" data-testid="usage-page">
      <header className="usage-page__bar">
        <h2 className="usage-page__title">Usage</h2>
        <Segmented label="Group by" value={group} options={GROUPS} onChange={setGroup} />
        <Segmented
          label="Show"
          value={metric}
          options={[
            { value: 'tokens', label: 'Tokens' },
            { value: 'cost', label: 'Cost' },
          ]}
          onChange={setMetric}
        />
        <Segmented label="Range" value={days} options={RANGES.map((d) => ({ value: d, label: `${d} days` }))} onChange={setDays} />
      </header>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {totals && data && (
        <>
          <div className="usage-totals">
            <Stat label="Tokens" value={formatTokens(totalTokens(totals))} testId="usage-total-tokens" detail={`${totals.inputTokens.toLocaleString()} in (${totals.cachedInputTokens.toLocaleString()} cached) · ${totals.outputTokens.toLocaleString()} out`} />
            <Stat label="Cost (API-equivalent)" value={formatCost(totals.costUsd)} testId="usage-total-cost" detail={`prices as of ${data.summary.scan.pricingTakenAt.slice(0, 10)}${totals.unpricedRequests > 0 ? ` · ${totals.unpricedRequests} unpriced` : ''}`} />
            <Stat label="Requests" value={totals.requests.toLocaleString()} testId="usage-total-requests" detail={`${data.summary.byModel.length} model${data.summary.byModel.length === 1 ? "" : "s"} · days in ${data.summary.timeZone}`} />
            <Stat label="Scan" value={data.summary.scan.phase} testId="usage-scan" detail={`${plural(data.summary.scan.files, 'file')}${data.summary.scan.corruptLines ? ` · ${plural(data.summary.scan.corruptLines, 'bad line')} skipped` : ''}`} />
          </div>
          <UsageChart data={chartData(data.timeline, group, metric)} metric={metric} />
          <UsageTable rows={tableRows(data.summary, group)} groupLabel={GROUPS.find((g) => g.value === group)!.label} />
        </>
      )}
      {!data && !error && <p className="usage-page__loading">Reading usage…</p>}
    </section>
  );
}

function Stat({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <div className="usage-stat">
      <span className="usage-stat__label">{label}</span>
      <span className="usage-stat__value" data-testid={testId}>
        {value}
      </span>
      <span className="usage-stat__detail">{detail}</span>
    </div>
  );
}

function Segmented<T extends string | number>({ label, value, options, onChange }: { label: string; value: T; options: readonly { value: T; label: string }[]; onChange: (value: T) => void }) {
  return (
    <span className="segmented" role="group" aria-label={label}>
      {options.map((option) => (
        <button key={option.value} type="button" className="segmented__option" aria-pressed={option.value === value} onClick={() => onChange(option.value)}>
          {option.label}
        </button>
      ))}
    </span>
  );
}

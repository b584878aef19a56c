/**
 * The header's quota gauges, one per provider and account. Re-renders once a second (the
 * countdowns) from the cached quota snapshot; the snapshot itself changes only on events (and the
 * minute's poll).
 */
import { useAppStore } from '../app/services.ts';
import { QuotaGauge } from './QuotaGauge.tsx';
import { gaugeViews } from './quota-view.ts';
import { useNow } from './use-now.ts';
import { useQuota } from './use-usage.ts';

const DEFAULT_THRESHOLDS: readonly number[] = [80, 95];

export function QuotaGauges() {
  const quota = useQuota((snapshot) => snapshot);
  const thresholds = useAppStore((state) => state.settings?.usage.warnThresholds ?? DEFAULT_THRESHOLDS);
  const unusable = useAppStore((state) => state.connection.status === 'no-endpoint' || state.connection.status === 'rejected');
  const now = useNow(1000);
  // Without a usable token nothing will be read: say nothing rather than "reading" forever.
  if (!quota && unusable) return null;
  if (!quota) return <span className="quota-gauges quota-gauges--loading">Reading usage…</span>;
  return (
    <span className="quota-gauges" data-testid="quota-gauges">
      {gaugeViews(quota.providers, now, thresholds).map((view) => (
        <QuotaGauge key={view.key} view={view} />
      ))}
    </span>
  );
}

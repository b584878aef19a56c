/**
 * One provider/account in the header: name, binding window's used % as a bar, a reset countdown
 * that ticks, pace, "stale since …" or "unknown". Every window is in the tooltip.
 */
import type { GaugeView } from './quota-view.ts';
import { Tip } from '../ui/Tip.tsx';

export function QuotaGauge({ view }: { view: GaugeView }) {
  return (
    <Tip content={view.title}>
      <span
        className={`quota-gauge quota-gauge--${view.tone}`}
        data-testid="quota-gauge"
        data-key={view.key}
        data-tone={view.tone}
        aria-label={[view.name, view.label, view.reset, view.pace?.label, view.stale].filter(Boolean).join(', ')}
      >
        <span className="quota-gauge__name">{view.name}</span>
        {view.percent !== null && (
          <span className="quota-gauge__bar" aria-hidden="true">
            <span className="quota-gauge__fill" style={{ width: `${view.percent}%` }} />
          </span>
        )}
        <span className="quota-gauge__label" data-testid="quota-label">
          {view.label}
        </span>
        {view.reset && (
          <span className="quota-gauge__reset" data-testid="quota-reset">
            {view.reset}
          </span>
        )}
        {view.pace && view.pace.tone !== 'even' && (
          <span className={`quota-gauge__pace quota-gauge__pace--${view.pace.tone}`} data-testid="quota-pace">
            {view.pace.tone === 'over' ? '▲' : '▼'}
            <span className="quota-gauge__pace-text">{view.pace.label}</span>
          </span>
        )}
        {view.stale && <span className="quota-gauge__stale">{view.stale}</span>}
      </span>
    </Tip>
  );
}

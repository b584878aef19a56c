/**
 * Stacked bars per day in plain SVG (no chart library: a few dozen rectangles do not need one).
 * The SVG scales to its box through the viewBox; labels are sized in viewBox units.
 */
import { axisLabelDays, type ChartData, type ChartMetric } from './chart-data.ts';
import { formatCost, formatTokens } from './quota-view.ts';

const WIDTH = 800;
const HEIGHT = 240;
const PAD = { top: 12, right: 12, bottom: 28, left: 56 };
/** "MM-DD" labels are ~35 viewBox units wide; eight over the plot leave a gap of two widths. */
const MAX_DAY_LABELS = 8;

export function UsageChart({ data, metric }: { data: ChartData; metric: ChartMetric }) {
  const format = (v: number): string => (metric === 'tokens' ? formatTokens(v) : formatCost(v));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = data.days.length > 0 ? plotW / data.days.length : plotW;
  const barW = Math.max(2, slot * 0.7);
  const max = data.max > 0 ? data.max : 1;
  const y = (v: number): number => PAD.top + plotH - (v / max) * plotH;
  // At most eight day labels whatever the range, evenly spaced and ending on the last day.
  const labelled = axisLabelDays(data.days.length, MAX_DAY_LABELS);
  return (
    <figure className="usage-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${metric === 'tokens' ? 'Tokens' : 'API-equivalent cost'} per day`}
        data-testid="usage-chart"
      >
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * f)} y2={y(max * f)} className="usage-chart__grid" />
            <text x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end" className="usage-chart__axis">
              {data.max > 0 ? format(max * f) : f === 0 ? '0' : ''}
            </text>
          </g>
        ))}
        {data.days.map((day, i) => {
          let base = 0;
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <g key={day} data-testid="usage-chart-day" data-day={day} data-total={data.totals[i]}>
              <title>{`${day}: ${format(data.totals[i] ?? 0)}`}</title>
              {data.series.map((s) => {
                const v = s.values[i] ?? 0;
                if (v <= 0) return null;
                const top = y(base + v);
                const rect = <rect key={s.key} x={x} y={top} width={barW} height={y(base) - top} fill={s.color} data-testid="usage-chart-bar" />;
                base += v;
                return rect;
              })}
              {labelled.has(i) && (
                <text x={x + barW / 2} y={HEIGHT - 8} textAnchor="middle" className="usage-chart__axis" data-testid="usage-chart-day-label">
                  {day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="usage-chart__legend">
        {data.series.length === 0 ? (
          <span className="usage-chart__empty">No usage in this range.</span>
        ) : (
          data.series.map((s) => (
            <span key={s.key} className="usage-chart__key">
              <span className="usage-chart__swatch" style={{ background: s.color }} />
              {s.label}
            </span>
          ))
        )}
      </figcaption>
    </figure>
  );
}

/**
 * Quota warnings at configurable thresholds, each raised once per window instance.
 *
 * A pure function of (windows, what already fired): the service keeps the fired set, so the
 * same 80 % of the same 5-hour window never notifies twice, while the next window instance (a new
 * reset time) starts clean. A jump across several thresholds raises only the highest one.
 */
import type { QuotaWarning, RateWindow } from '../../../../shared/protocol/usage.ts';

/** Default thresholds in percent (issue 5: 80 % and 95 %). */
export const DEFAULT_THRESHOLDS: readonly number[] = [80, 95];

/** Identity of a window instance: account, bucket, kind and reset minute. */
export function windowInstanceKey(window: Pick<RateWindow, 'provider' | 'account' | 'bucket' | 'kind' | 'resetsAt'>): string {
  const reset = window.resetsAt === null ? 'unknown' : String(Math.round(Date.parse(window.resetsAt) / 60_000));
  return `${window.provider}|${window.account}|${window.bucket}|${window.kind}|${reset}`;
}

/** The highest threshold at or below `usedPercent`, or null. */
export function highestCrossed(usedPercent: number, thresholds: readonly number[]): number | null {
  let best: number | null = null;
  for (const t of thresholds) if (usedPercent >= t && (best === null || t > best)) best = t;
  return best;
}

/** Windows currently at or above a threshold, each with the highest one it crossed. */
export function activeWarnings(windows: readonly RateWindow[], thresholds: readonly number[] = DEFAULT_THRESHOLDS): QuotaWarning[] {
  const out: QuotaWarning[] = [];
  for (const w of windows) {
    if (w.awaitingData) continue;
    const threshold = highestCrossed(w.usedPercent, thresholds);
    if (threshold === null) continue;
    out.push({ provider: w.provider, account: w.account, bucket: w.bucket, kind: w.kind, threshold, usedPercent: w.usedPercent, resetsAt: w.resetsAt });
  }
  return out;
}

/**
 * New warnings to raise now, and the updated fired set.
 *
 * `fired` holds `instanceKey|threshold` strings; every threshold at or below the current level is
 * marked fired, so after a jump from 70 % to 96 % neither 80 nor 95 fires again for that instance.
 */
export function newWarnings(
  windows: readonly RateWindow[],
  fired: ReadonlySet<string>,
  thresholds: readonly number[] = DEFAULT_THRESHOLDS,
): { warnings: QuotaWarning[]; fired: Set<string> } {
  const next = new Set(fired);
  const warnings: QuotaWarning[] = [];
  for (const warning of activeWarnings(windows, thresholds)) {
    const instance = windowInstanceKey(warning);
    if (next.has(`${instance}|${warning.threshold}`)) continue;
    for (const t of thresholds) if (t <= warning.threshold) next.add(`${instance}|${t}`);
    warnings.push(warning);
  }
  return { warnings, fired: next };
}

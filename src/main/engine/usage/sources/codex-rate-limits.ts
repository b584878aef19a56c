/**
 * Codex `rate_limits` snapshots of every generation, normalised to window readings.
 *
 * Four layouts exist in the wild (§2.6 of agent-logs.md): G1 flat `primary_used_percent`…, G2
 * nested with `resets_in_seconds` (relative to the line's own timestamp, not to now), G3
 * `resets_at` in epoch seconds, G4 adding `limit_id`/`limit_name`; the app-server speaks the same
 * in camelCase. Windows are told apart by their length, never by slot: mid-2026 plans send the
 * weekly window in `primary`.
 */
import { isObject, type RateLimitObservation, type WindowReading, type WindowSource } from '../types.ts';

const DEFAULT_MINUTES = { primary: 300, secondary: 10_080 } as const;

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function nestedWindow(raw: unknown, slot: 'primary' | 'secondary', observedAt: number): WindowReading | null {
  if (!isObject(raw)) return null;
  const usedPct = num(raw.used_percent) ?? num(raw.usedPercent);
  if (usedPct === null) return null;
  const minutes = num(raw.window_minutes) ?? num(raw.windowDurationMins) ?? DEFAULT_MINUTES[slot];
  const resetsAt = num(raw.resets_at) ?? num(raw.resetsAt);
  const resetsIn = num(raw.resets_in_seconds);
  const resetAt = resetsAt !== null ? resetsAt * 1000 : resetsIn !== null ? observedAt + resetsIn * 1000 : null;
  return { minutes, usedPct, resetAt };
}

function flatWindow(raw: Record<string, unknown>, slot: 'primary' | 'secondary', observedAt: number): WindowReading | null {
  const usedPct = num(raw[`${slot}_used_percent`]);
  if (usedPct === null) return null;
  const minutes = num(raw[`${slot}_window_minutes`]) ?? DEFAULT_MINUTES[slot];
  const after = num(raw[`${slot}_reset_after_seconds`]);
  return { minutes, usedPct, resetAt: after !== null ? observedAt + after * 1000 : null };
}

/**
 * One `rate_limits` object (any generation) → an observation, or null when it carries no window.
 *
 * `observedAt` is the line's timestamp: G2/G1 relative resets are anchored to it, so a backfill
 * long after the fact still yields the right reset time.
 */
export function normalizeCodexRateLimits(
  raw: unknown,
  account: string,
  observedAt: number,
  source: WindowSource = 'codex-rollout',
): RateLimitObservation | null {
  if (!isObject(raw)) return null;
  const windows: WindowReading[] = [];
  for (const slot of ['primary', 'secondary'] as const) {
    const reading = slot in raw ? nestedWindow(raw[slot], slot, observedAt) : flatWindow(raw, slot, observedAt);
    if (reading) windows.push(reading);
  }
  if (windows.length === 0) return null;
  const bucket = typeof raw.limit_id === 'string' ? raw.limit_id : typeof raw.limitId === 'string' ? raw.limitId : 'codex';
  const name = raw.limit_name ?? raw.limitName;
  const plan = raw.plan_type ?? raw.planType;
  return {
    provider: 'codex',
    source,
    account,
    bucket,
    bucketName: typeof name === 'string' ? name : null,
    observedAt,
    windows,
    planType: typeof plan === 'string' ? plan : null,
  };
}

/**
 * Rate-limit windows per provider, account, bucket and window length (§5.5 of agent-logs.md).
 *
 * Observations arrive out of order (a backfill reads files in any order, live sources race the
 * logs), so the current state is the observation with the greatest `observedAt` (ties: the higher
 * percentage), per window instance; an instance is identified by its reset time to the minute and
 * a later reset time is a rollover that starts a new history. Window kinds come from their length,
 * never from the slot they were sent in.
 */
import type { RateWindow } from '../../../../shared/protocol/usage.ts';
import type { RateLimitObservation, UsageProvider, WindowSource } from '../types.ts';

/** One observed point: epoch ms, used %. */
type Point = [number, number];

/** Saved state of one window. */
export interface WindowTrack {
  provider: UsageProvider;
  account: string;
  bucket: string;
  bucketName: string | null;
  kind: string;
  minutes: number;
  source: WindowSource;
  planType: string | null;
  usedPct: number;
  resetAt: number | null;
  observedAt: number;
  /** Same-instance history, oldest first, for the burn rate. */
  points: Point[];
}

/** Tunables of window evaluation. */
export interface WindowPolicy {
  /** No observation for this long while running = stale (15 min). */
  readonly staleAfterMs: number;
  /** used − elapsed above this many points = over pace (10). */
  readonly overPacePoints: number;
  /** At or above = exhausted (98: the CLIs block around "2 % left"). */
  readonly exhaustedPercent: number;
  /** Burn rate uses observations this recent (60 min). */
  readonly burnWindowMs: number;
}

export const DEFAULT_WINDOW_POLICY: WindowPolicy = {
  staleAfterMs: 15 * 60_000,
  overPacePoints: 10,
  exhaustedPercent: 98,
  burnWindowMs: 60 * 60_000,
};

const FUTURE_TOLERANCE_MS = 60_000;
const MAX_POINTS = 240;
const MINUTE = 60_000;
/** Window keys remembered by {@link WindowTracker} (buckets × window kinds of the accounts being read). */
const RECENT_KEYS = 8;

/** "5h", "weekly" or "<n>h" from a window length in minutes. */
export function windowKind(minutes: number): string {
  if (minutes <= 360) return '5h';
  if (minutes >= 10_080) return 'weekly';
  return `${Math.round(minutes / 60)}h`;
}

const sameInstance = (a: number | null, b: number | null): boolean =>
  a === null || b === null ? a === b : Math.round(a / MINUTE) === Math.round(b / MINUTE);

/** Collects observations and answers "what is each window's state now". */
export class WindowTracker {
  private readonly tracks = new Map<string, WindowTrack>();
  /**
   * Keys built lately. A backfill observes the same few windows on every `token_count` row; the
   * key holds the account's path, and a freshly built one is hashed again on every lookup.
   */
  private readonly recentKeys: { provider: string; account: string; bucket: string; kind: string; key: string }[] = [];

  private keyOf(provider: string, account: string, bucket: string, kind: string): string {
    for (const k of this.recentKeys) {
      if (k.kind === kind && k.bucket === bucket && k.account === account && k.provider === provider) return k.key;
    }
    const key = `${provider}\0${account}\0${bucket}\0${kind}`;
    this.recentKeys.unshift({ provider, account, bucket, kind, key });
    if (this.recentKeys.length > RECENT_KEYS) this.recentKeys.pop();
    return key;
  }

  /**
   * Record an observation; returns whether any window's current state changed. Observations
   * more than a minute in the future (clock skew, bad data) are rejected.
   */
  observe(observation: RateLimitObservation, now: number): boolean {
    if (observation.observedAt > now + FUTURE_TOLERANCE_MS) return false;
    let changed = false;
    for (const reading of observation.windows) {
      const kind = windowKind(reading.minutes);
      const key = this.keyOf(observation.provider, observation.account, observation.bucket, kind);
      const track = this.tracks.get(key);
      const point: Point = [observation.observedAt, reading.usedPct];
      const fresh = (): WindowTrack => ({
        provider: observation.provider,
        account: observation.account,
        bucket: observation.bucket,
        bucketName: observation.bucketName,
        kind,
        minutes: reading.minutes,
        source: observation.source,
        planType: observation.planType,
        usedPct: reading.usedPct,
        resetAt: reading.resetAt,
        observedAt: observation.observedAt,
        points: [point],
      });
      if (!track) {
        this.tracks.set(key, fresh());
        changed = true;
        continue;
      }
      if (!sameInstance(track.resetAt, reading.resetAt)) {
        const newer =
          reading.resetAt !== null && track.resetAt !== null
            ? reading.resetAt > track.resetAt
            : observation.observedAt > track.observedAt;
        if (newer) {
          this.tracks.set(key, { ...fresh(), planType: observation.planType ?? track.planType, bucketName: observation.bucketName ?? track.bucketName });
          changed = true;
        }
        continue; // an older instance's late observation: history only
      }
      insertPoint(track.points, point);
      if (
        observation.observedAt > track.observedAt ||
        (observation.observedAt === track.observedAt && reading.usedPct > track.usedPct)
      ) {
        track.usedPct = reading.usedPct;
        track.observedAt = observation.observedAt;
        track.resetAt = reading.resetAt ?? track.resetAt;
        track.minutes = reading.minutes;
        track.source = observation.source;
        track.planType = observation.planType ?? track.planType;
        track.bucketName = observation.bucketName ?? track.bucketName;
        changed = true;
      }
    }
    return changed;
  }

  /** Every window's state at `now`, binding window first per provider and account. */
  states(now: number, policy: WindowPolicy = DEFAULT_WINDOW_POLICY): RateWindow[] {
    const out = [...this.tracks.values()].map((track) => evaluateWindow(track, now, policy));
    const byAccount = new Map<string, RateWindow[]>();
    for (const w of out) {
      const key = `${w.provider}\0${w.account}`;
      byAccount.set(key, [...(byAccount.get(key) ?? []), w]);
    }
    const sorted: RateWindow[] = [];
    for (const group of byAccount.values()) {
      const live = group.filter((w) => !w.awaitingData);
      const binding = live.reduce<RateWindow | null>((best, w) => (best === null || w.usedPercent > best.usedPercent ? w : best), null);
      if (binding) binding.binding = true;
      group.sort((a, b) => Number(b.binding) - Number(a.binding) || b.usedPercent - a.usedPercent);
      sorted.push(...group);
    }
    return sorted;
  }

  /** The plan type last seen for an account, if any source said. */
  planType(provider: UsageProvider, account: string): string | null {
    let best: WindowTrack | null = null;
    for (const t of this.tracks.values()) {
      if (t.provider === provider && t.account === account && t.planType && (!best || t.observedAt > best.observedAt)) best = t;
    }
    return best?.planType ?? null;
  }

  toJSON(): WindowTrack[] {
    return [...this.tracks.values()].map((t) => ({ ...t, points: t.points.map((p) => [...p] as Point) }));
  }

  restore(tracks: readonly WindowTrack[]): void {
    for (const t of tracks) {
      this.tracks.set(`${t.provider}\0${t.account}\0${t.bucket}\0${t.kind}`, { ...t, points: t.points.map((p) => [...p] as Point) });
    }
  }
}

function insertPoint(points: Point[], point: Point): void {
  let i = points.length;
  while (i > 0 && points[i - 1]![0] > point[0]) i -= 1;
  if (points[i - 1]?.[0] === point[0] && points[i - 1]![1] === point[1]) return;
  points.splice(i, 0, point);
  if (points.length > MAX_POINTS) points.splice(0, points.length - MAX_POINTS);
}

/** Least-squares slope of used % over time, in % per ms; null with too little data. */
export function burnRate(points: readonly Point[], until: number, windowMs: number): number | null {
  const recent = points.filter(([t]) => t >= until - windowMs && t <= until);
  if (recent.length < 2) return null;
  const span = recent[recent.length - 1]![0] - recent[0]![0];
  if (span < 2 * MINUTE) return null;
  const n = recent.length;
  const mt = recent.reduce((s, [t]) => s + t, 0) / n;
  const mp = recent.reduce((s, [, p]) => s + p, 0) / n;
  let num = 0;
  let den = 0;
  for (const [t, p] of recent) {
    num += (t - mt) * (p - mp);
    den += (t - mt) ** 2;
  }
  return den === 0 ? null : num / den;
}

/** One window's state at `now` (pure). */
export function evaluateWindow(track: WindowTrack, now: number, policy: WindowPolicy = DEFAULT_WINDOW_POLICY): RateWindow {
  const lengthMs = track.minutes * MINUTE;
  const awaitingData = track.resetAt !== null && track.resetAt <= now;
  const usedPercent = awaitingData ? 0 : track.usedPct;
  const elapsed = track.resetAt === null || awaitingData ? null : Math.min(1, Math.max(0, 1 - (track.resetAt - now) / lengthMs));
  const elapsedPercent = awaitingData ? 100 : elapsed === null ? 0 : Math.round(elapsed * 1000) / 10;
  const pacePercent = elapsed === null ? 0 : Math.round((usedPercent - 100 * elapsed) * 10) / 10;
  let rate = awaitingData ? null : burnRate(track.points, track.observedAt, policy.burnWindowMs);
  if (rate === null && !awaitingData && track.resetAt !== null) {
    // Too few recent points: the average burn since the window started.
    const started = track.resetAt - lengthMs;
    const since = track.observedAt - started;
    if (since > 5 * MINUTE) rate = track.usedPct / since;
  }
  let projectedFullAt: string | null = null;
  if (!awaitingData && track.usedPct >= 100) projectedFullAt = new Date(track.observedAt).toISOString();
  else if (!awaitingData && rate !== null && rate > 0) {
    const at = track.observedAt + (100 - track.usedPct) / rate;
    if (track.resetAt === null || at < track.resetAt) projectedFullAt = new Date(at).toISOString();
  }
  return {
    provider: track.provider,
    account: track.account,
    bucket: track.bucket,
    bucketName: track.bucketName,
    kind: track.kind,
    windowMinutes: track.minutes,
    usedPercent,
    resetsAt: track.resetAt === null ? null : new Date(track.resetAt).toISOString(),
    observedAt: new Date(track.observedAt).toISOString(),
    source: track.source,
    stale: !awaitingData && now - track.observedAt > policy.staleAfterMs,
    awaitingData,
    exhausted: !awaitingData && track.usedPct >= policy.exhaustedPercent,
    elapsedPercent,
    pacePercent,
    overPace: pacePercent > policy.overPacePoints,
    burnPerHour: rate === null ? null : Math.round(rate * 3_600_000 * 100) / 100,
    projectedFullAt,
    binding: false,
  };
}

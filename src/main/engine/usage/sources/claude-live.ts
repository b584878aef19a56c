/**
 * Claude's window data from live sources: status-line stdin and stream-json events (§3.4).
 *
 * Claude transcripts carry no window data, so the only way to know a Claude account's 5-hour
 * and weekly usage without credentials is what Claude Code itself hands to a status-line command
 * (Pro/Max, after the first response) or prints in `stream-json` mode. The scale is fixed per
 * source, never guessed from the value: status line `used_percentage` is 0–100, stream
 * `utilization` is 0–1.
 */
import { isObject, type ContextReading, type RateLimitObservation, type WindowReading } from '../types.ts';

const FIVE_HOURS = 300;
const SEVEN_DAYS = 10_080;

/** What one status-line payload tells. */
export interface StatusLineFacts {
  readonly sessionId: string | null;
  readonly cwd: string | null;
  /** Null when the payload has no `rate_limits` (API-key users, first render, some versions). */
  readonly observation: RateLimitObservation | null;
  readonly context: ContextReading | null;
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function resetMs(value: unknown): number | null {
  const n = num(value);
  if (n !== null) return n < 1e12 ? n * 1000 : n;
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

/** Read a status-line stdin payload received at `receivedAt` for `account`. */
export function readStatusLine(payload: unknown, account: string, receivedAt: number): StatusLineFacts | null {
  if (!isObject(payload)) return null;
  const sessionId = typeof payload.session_id === 'string' ? payload.session_id : null;
  const cwd = typeof payload.cwd === 'string' ? payload.cwd : isObject(payload.workspace) && typeof payload.workspace.current_dir === 'string' ? payload.workspace.current_dir : null;
  const windows: WindowReading[] = [];
  if (isObject(payload.rate_limits)) {
    for (const [name, minutes] of [
      ['five_hour', FIVE_HOURS],
      ['seven_day', SEVEN_DAYS],
    ] as const) {
      const w = payload.rate_limits[name];
      if (!isObject(w)) continue;
      const used = num(w.used_percentage) ?? num(w.used_percent);
      if (used === null) continue;
      windows.push({ minutes, usedPct: used, resetAt: resetMs(w.resets_at) });
    }
  }
  let context: ContextReading | null = null;
  if (isObject(payload.context_window)) {
    const cw = payload.context_window;
    const size = num(cw.context_window_size);
    const pct = num(cw.used_percentage);
    if (size && pct !== null) context = { used: Math.round((size * pct) / 100), window: size, ts: receivedAt };
  }
  return {
    sessionId,
    cwd,
    observation:
      windows.length > 0
        ? { provider: 'claude', source: 'claude-statusline', account, bucket: 'claude', bucketName: null, observedAt: receivedAt, windows, planType: null }
        : null,
    context,
  };
}

/** What one `stream-json` event tells about limits. */
export interface StreamLimitFacts {
  readonly observation: RateLimitObservation | null;
  /** The request was refused (`status: "rejected"`): the session is stalled until `resetAt`. */
  readonly rejected: { readonly resetAt: number | null } | null;
}

/** Read a `rate_limit_event` line of `claude -p --output-format stream-json`; null for other events. */
export function readStreamEvent(event: unknown, account: string, receivedAt: number): StreamLimitFacts | null {
  if (!isObject(event) || event.type !== 'rate_limit_event' || !isObject(event.rate_limit_info)) return null;
  const info = event.rate_limit_info;
  const windows: WindowReading[] = [];
  const seen = new Set<string>();
  if (isObject(info.unifiedWindows)) {
    for (const [name, minutes] of [
      ['five_hour', FIVE_HOURS],
      ['seven_day', SEVEN_DAYS],
    ] as const) {
      const w = info.unifiedWindows[name];
      const utilization = isObject(w) ? num(w.utilization) : null;
      if (!isObject(w) || utilization === null) continue;
      windows.push({ minutes, usedPct: utilization * 100, resetAt: resetMs(w.resetsAt) });
      seen.add(name);
    }
  }
  const type = typeof info.rateLimitType === 'string' ? info.rateLimitType : null;
  const utilization = num(info.utilization);
  if (type && !seen.has(type) && utilization !== null && (type === 'five_hour' || type === 'seven_day')) {
    windows.push({ minutes: type === 'five_hour' ? FIVE_HOURS : SEVEN_DAYS, usedPct: utilization * 100, resetAt: resetMs(info.resetsAt) });
  }
  return {
    observation:
      windows.length > 0
        ? { provider: 'claude', source: 'claude-stream', account, bucket: 'claude', bucketName: null, observedAt: receivedAt, windows, planType: null }
        : null,
    rejected: info.status === 'rejected' ? { resetAt: resetMs(info.resetsAt) } : null,
  };
}

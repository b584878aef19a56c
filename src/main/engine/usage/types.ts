/**
 * Internal shapes of the usage module: what the log parsers emit and the index keeps.
 *
 * The protocol types (`src/shared/protocol/usage.ts`) are what clients see; these are the raw
 * facts one level below, kept small because a heavy user's index holds hundreds of thousands.
 */
import type { UsageProvider } from '../../../shared/protocol/usage.ts';

export type { UsageProvider };

/** One log folder of one provider; distinct folders are distinct accounts and never share state. */
export interface UsageSource {
  readonly provider: UsageProvider;
  /** CODEX_HOME, a CLAUDE_CONFIG_DIR entry, or the Gemini dir; also the account id. */
  readonly root: string;
}

/**
 * Tokens of one request (or a sum of requests).
 *
 * Normalised across providers: `input` is the whole prompt (cached and cache-write parts
 * included), `output` includes reasoning. Parsers never add a part to its whole twice.
 */
export interface Tokens {
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
  reasoning: number;
}

/** One deduplicated model request, as it is added to (or removed from) the ledger. */
export interface UsageRecord {
  readonly provider: UsageProvider;
  readonly account: string;
  readonly sessionId: string;
  /** Working directory the request ran in (worktree attribution happens at query time). */
  readonly cwd: string | null;
  /** Gemini legacy project hash or slug when no path is known (matched against roots later). */
  readonly projectKey?: string | null;
  readonly model: string;
  /** Epoch ms. */
  readonly ts: number;
  readonly tokens: Tokens;
  /** API-equivalent USD; null = model not in the pricing table. */
  readonly cost: number | null;
}

/** Window slot as normalised from any source (§5.5 of agent-logs.md). */
export interface WindowReading {
  readonly minutes: number;
  readonly usedPct: number;
  /** Epoch ms; null when the source did not say (oldest Codex builds). */
  readonly resetAt: number | null;
}

export type WindowSource = 'codex-rollout' | 'codex-appserver' | 'claude-statusline' | 'claude-stream' | 'claude-cache';

/** One observation of an account's windows at one moment. */
export interface RateLimitObservation {
  readonly provider: UsageProvider;
  readonly source: WindowSource;
  readonly account: string;
  readonly bucket: string;
  readonly bucketName: string | null;
  /** Epoch ms: line timestamp for logs, receive time for live sources. */
  readonly observedAt: number;
  readonly windows: readonly WindowReading[];
  readonly planType: string | null;
}

/** A request refused on a usage limit, seen in a log row (strongest "stalled" signal). */
export interface LimitHit {
  readonly provider: UsageProvider;
  readonly account: string;
  readonly sessionId: string | null;
  readonly ts: number;
  /** Epoch ms when known from the row. */
  readonly resetAt: number | null;
  readonly text: string;
}

/** Latest context-window fill of a session. */
export interface ContextReading {
  readonly used: number;
  readonly window: number;
  readonly ts: number;
}

/** What a session looks like in the index (besides its token buckets). */
export interface SessionMeta {
  provider: UsageProvider;
  account: string;
  sessionId: string;
  cwd: string | null;
  projectKey: string | null;
  model: string | null;
  firstTs: number;
  lastTs: number;
  context: ContextReading | null;
}

/** Where a parser sends what it found; the index implements it. */
export interface ParseSink {
  /** A new record (`previous` null) or a grown/replaced one (`previous` = what it replaces). */
  record(next: UsageRecord, previous: UsageRecord | null): void;
  rateLimits(observation: RateLimitObservation): void;
  limitHit(hit: LimitHit): void;
  context(provider: UsageProvider, account: string, sessionId: string, reading: ContextReading): void;
  session(provider: UsageProvider, account: string, sessionId: string, cwd: string | null, projectKey?: string | null): void;
}

/** Empty token counts. */
export function zeroTokens(): Tokens {
  return { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0 };
}

/** A finite, non-negative integer from anything (missing or junk = 0). */
export function count(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

/** Epoch ms from an ISO string, epoch seconds or epoch ms; NaN when unreadable. */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string') {
    if (/^\d+(\.\d+)?$/.test(value)) return parseTimestamp(Number(value));
    return Date.parse(value);
  }
  return NaN;
}

/** Plain-object check for parsed JSON. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

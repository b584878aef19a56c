/**
 * Codex rollout files (`rollout-*.jsonl`) → deduplicated requests, windows and limit hits.
 *
 * Implements §5.2 of agent-logs.md. The traps: `token_count` rows are re-emitted unchanged on
 * every rate-limit refresh and once per quota bucket (a naive Σ of `last_token_usage` counts
 * about 2×); fork and subagent files start by replaying the parent's history; resumed sessions
 * restart their counters; old builds lack `turn_context` and use other field names. A row's
 * tokens count only when the thread's cumulative total changed.
 */
import { codexCost } from '../pricing/cost.ts';
import { normalizeCodexRateLimits } from './codex-rate-limits.ts';
import { count, isObject, parseTimestamp, type ParseSink } from '../types.ts';
import type { CodexSeen } from './codex-seen-keys.ts';

/** Needles for the line prefilter: every row type this parser reads. */
export const CODEX_NEEDLES: readonly Buffer[] = [
  '"token_count"',
  '"turn_context"',
  '"session_meta"',
  '"model_reroute"',
  '"error"',
].map((needle) => Buffer.from(needle));

const TYPE_KEY = Buffer.from('"type":"');
const QUOTE = 0x22;
const WANTED = ['token_count', 'turn_context', 'session_meta', 'model_reroute', 'error'].map((t) => Buffer.from(t));
const UNWANTED = ['response_item', 'compacted', 'event_msg'].map((t) => Buffer.from(t));
const HEAD_BYTES = 320;

/** Where `needle` starts in `buffer[from, to)`, or -1 (a loop: the head is short, no subarray or native call). */
function indexIn(buffer: Buffer, needle: Buffer, from: number, to: number): number {
  const first = needle[0]!;
  const last = to - needle.length;
  outer: for (let i = from; i <= last; i++) {
    if (buffer[i] !== first) continue;
    for (let k = 1; k < needle.length; k++) if (buffer[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** Whether `buffer[from, to)` is one of `words`. */
function isOneOf(buffer: Buffer, from: number, to: number, words: readonly Buffer[]): boolean {
  const length = to - from;
  next: for (const word of words) {
    if (word.length !== length) continue;
    for (let k = 0; k < length; k++) if (buffer[from + k] !== word[k]) continue next;
    return true;
  }
  return false;
}

/**
 * Line selector for rollouts: looks only at the first `"type"` values near the start of a line
 * (the envelope's, then the payload's), so the large `response_item` rows that make up most of a
 * rollout are skipped after ~100 bytes instead of being searched for five needles. A line whose
 * head does not name both types (an unknown layout) falls back to the needles over the whole line.
 * Compares bytes in place: it runs for every row of every rollout.
 */
export function acceptCodexLine(buffer: Buffer, start: number, end: number): boolean {
  const headEnd = Math.min(end, start + HEAD_BYTES);
  let at = start;
  let seen = 0;
  while (seen < 2) {
    const key = indexIn(buffer, TYPE_KEY, at, headEnd);
    if (key < 0) break;
    const from = key + TYPE_KEY.length;
    let to = from;
    while (to < headEnd && buffer[to] !== QUOTE) to += 1;
    if (to >= headEnd) break;
    if (isOneOf(buffer, from, to, WANTED)) return true;
    if (!isOneOf(buffer, from, to, UNWANTED)) return false; // another row type (user_message, agent_message, reasoning …)
    seen += 1;
    at = to + 1;
  }
  if (seen === 2) return false;
  // No type in the head, or only the envelope's (`event_msg` with its payload's type further on
  // than any Codex writes it): decide on the needles rather than drop a row.
  const line = buffer.subarray(start, end);
  return CODEX_NEEDLES.some((needle) => line.includes(needle));
}

/** The model Codex builds without `turn_context` ran (ccusage's fallback too). */
export const CODEX_FALLBACK_MODEL = 'gpt-5';

/** in, cached, out, reasoning, total. */
type Totals5 = [number, number, number, number, number];

/** Per-file parser state, persisted with the file's cursor. */
export interface CodexFileState {
  threadId: string | null;
  metaCount: number;
  /** Line timestamp of the file's own (first) session_meta; replay ends a second after it. */
  metaTs: number | null;
  replay: boolean;
  model: string | null;
  cwd: string | null;
  prevTotal: Totals5 | null;
  /** Recent cumulative totals (re-emits repeat the latest one, possibly once per bucket). */
  recent: string[];
}

/** A fresh state for a file; `fallbackId` is the uuid in the file name. */
export function newCodexFileState(): CodexFileState {
  return { threadId: null, metaCount: 0, metaTs: null, replay: false, model: null, cwd: null, prevTotal: null, recent: [] };
}

// The dedupe keys are shared across all files of one account: rows copied between files keep
// their timestamps (codex-seen-keys.ts).
export type { CodexSeen };

const RECENT_KEEP = 8;
const REPLAY_GRACE_MS = 1000;

function norm(raw: unknown): Totals5 | null {
  if (!isObject(raw)) return null;
  const input = count(raw.input_tokens ?? raw.prompt_tokens ?? raw.input);
  const cached = Math.min(count(raw.cached_input_tokens ?? raw.cache_read_input_tokens ?? raw.cached_tokens), input);
  const output = count(raw.output_tokens ?? raw.completion_tokens ?? raw.output);
  const reasoning = count(raw.reasoning_output_tokens ?? raw.reasoning_tokens);
  const total = count(raw.total_tokens) || input + output;
  return [input, cached, output, reasoning, total];
}

function sameTotals(a: Totals5, b: Totals5): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3] && a[4] === b[4];
}

/** The uuid at the end of a rollout file name, used when a file has no session_meta. */
export function threadIdFromFileName(file: string): string {
  const match = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i.exec(file);
  return match ? match[1]! : file;
}

/**
 * Parse one rollout file's rows in order. Create one per file and feed it every parsed line;
 * the state object is mutated in place and can be persisted at any time.
 */
export class CodexFileParser {
  constructor(
    private readonly account: string,
    private readonly fileThreadId: string,
    private readonly state: CodexFileState,
    private readonly seen: CodexSeen,
    private readonly sink: ParseSink,
  ) {}

  /** Feed one parsed JSON line. Unknown shapes are ignored, never fatal. */
  onValue(line: unknown): void {
    if (!isObject(line) || !isObject(line.payload)) return; // mid-2025 non-enveloped rows carry no tokens
    const ts = parseTimestamp(line.timestamp);
    if (!Number.isFinite(ts)) return;
    const payload = line.payload;
    switch (line.type) {
      case 'session_meta':
        this.sessionMeta(payload, ts);
        return;
      case 'turn_context':
        this.turnContext(payload, ts);
        return;
      case 'event_msg':
        if (payload.type === 'token_count') this.tokenCount(payload, ts);
        else if (payload.type === 'model_reroute' && typeof payload.to_model === 'string') this.state.model = payload.to_model;
        else if (payload.type === 'error') this.error(payload, ts);
        return;
      default:
        return;
    }
  }

  private get threadId(): string {
    return this.state.threadId ?? this.fileThreadId;
  }

  private sessionMeta(payload: Record<string, unknown>, ts: number): void {
    const st = this.state;
    const id = typeof payload.id === 'string' ? payload.id : null;
    st.metaCount += 1;
    if (st.metaCount === 1 || st.threadId === null) {
      st.threadId = id;
      st.metaTs = ts;
      if (typeof payload.cwd === 'string') st.cwd = payload.cwd;
      this.sink.session('codex', this.account, this.threadId, st.cwd);
    } else if (id !== null && id !== st.threadId && st.prevTotal === null) {
      // A fork or subagent file: the parent's meta, then the parent's history replayed.
      st.replay = true;
    }
  }

  private turnContext(payload: Record<string, unknown>, ts: number): void {
    const st = this.state;
    if (typeof payload.model === 'string' && payload.model !== '') st.model = payload.model;
    if (typeof payload.cwd === 'string') st.cwd = payload.cwd;
    if (st.replay && st.metaTs !== null && ts > st.metaTs + REPLAY_GRACE_MS) st.replay = false;
  }

  private tokenCount(payload: Record<string, unknown>, ts: number): void {
    const st = this.state;
    if (payload.rate_limits !== null && payload.rate_limits !== undefined) {
      const observation = normalizeCodexRateLimits(payload.rate_limits, this.account, ts);
      if (observation) this.sink.rateLimits(observation);
    }
    const info = payload.info;
    if (!isObject(info)) return; // rate-limits-only event
    const total = norm(info.total_token_usage);
    if (!total) return;
    // Re-emit: same cumulative total (other bucket or refresh). Most repeat the previous total,
    // whose key is always the last one in `recent`: compared as numbers, no key built.
    const prevTotal = st.prevTotal;
    if (prevTotal !== null && sameTotals(total, prevTotal)) return;
    const key = `${total[0]}/${total[1]}/${total[2]}/${total[3]}/${total[4]}`;
    if (st.recent.includes(key)) return;
    const last = norm(info.last_token_usage);
    st.recent.push(key);
    if (st.recent.length > RECENT_KEEP) st.recent.shift();

    if (st.replay && st.metaTs !== null && ts > st.metaTs + REPLAY_GRACE_MS) st.replay = false;
    // A row older than the file's own thread is copied history (fork/resume copies keep the
    // original timestamps): it belongs to the original thread, whichever file is read first.
    const copied = st.metaTs !== null && ts < st.metaTs - REPLAY_GRACE_MS;
    if (st.replay || copied) {
      st.prevTotal = total; // the parent's history only sets the baseline
      return;
    }

    let use: Totals5;
    const prev = st.prevTotal;
    if (last && last[0] + last[2] > 0) use = last;
    else if (prev && total[4] >= prev[4]) use = total.map((v, i) => Math.max(0, v - prev[i]!)) as Totals5;
    else use = total;
    st.prevTotal = total;
    const [input, cached, output, reasoning, sum] = use;
    if (input + output === 0) return; // "fill to context window" rows

    const window = typeof info.model_context_window === 'number' ? info.model_context_window : null;
    const lastTotal = last && last[4] > 0 ? last[4] : null;
    if (window && lastTotal !== null) {
      this.sink.context('codex', this.account, this.threadId, { used: lastTotal, window, ts });
    }

    const model = st.model ?? CODEX_FALLBACK_MODEL;
    const dedupeKey = `${ts}|${model}|${input}|${cached}|${output}|${reasoning}|${sum}`;
    if (this.seen.has(dedupeKey)) return; // the same request copied into another file
    this.seen.add(dedupeKey);
    this.sink.record(
      {
        provider: 'codex',
        account: this.account,
        sessionId: this.threadId,
        cwd: st.cwd,
        model,
        ts,
        tokens: { input, cachedInput: cached, cacheWrite: 0, output, reasoning: Math.min(reasoning, output) },
        cost: codexCost(model, { input, cached, output }),
      },
      null,
    );
  }

  private error(payload: Record<string, unknown>, ts: number): void {
    const info = payload.codex_error_info;
    const message = typeof payload.message === 'string' ? payload.message : '';
    const limited =
      info === 'usage_limit_exceeded' ||
      (isObject(info) && 'usage_limit_exceeded' in info) ||
      /usage limit|rate limit|too many requests|\b429\b/i.test(message);
    if (!limited) return;
    const resetsAt = typeof payload.resets_at === 'number' ? payload.resets_at * 1000 : null;
    const resetsIn = typeof payload.resets_in_seconds === 'number' ? ts + payload.resets_in_seconds * 1000 : null;
    this.sink.limitHit({
      provider: 'codex',
      account: this.account,
      sessionId: this.threadId,
      ts,
      resetAt: resetsAt ?? resetsIn ?? resetFromCodexMessage(message, ts),
      text: message || String(info),
    });
  }
}

/** "… try again in 2 hours 13 minutes." / "… in 4 days 22 hours 40 minutes" relative to the row. */
export function resetFromCodexMessage(message: string, ts: number): number | null {
  const match = /try again in ((?:\d+\s*(?:days?|hours?|minutes?|mins?|seconds?|secs?)[,\s]*(?:and\s+)?)+)/i.exec(message);
  if (!match) return null;
  let ms = 0;
  for (const part of match[1]!.matchAll(/(\d+)\s*(day|hour|min|sec)/gi)) {
    const n = Number(part[1]);
    const unit = part[2]!.toLowerCase();
    ms += n * (unit === 'day' ? 86_400_000 : unit === 'hour' ? 3_600_000 : unit === 'min' ? 60_000 : 1000);
  }
  return ms > 0 ? ts + ms : null;
}

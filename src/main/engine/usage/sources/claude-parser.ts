/**
 * Claude Code transcripts (`projects/**\/*.jsonl`, subagents included) → deduplicated requests.
 *
 * Implements §5.3 of agent-logs.md. One API response is written as several rows (one per content
 * block) sharing `message.id` and `requestId`, with `output_tokens` growing (2 → 9 → 159); sidechain
 * replays repeat a message under another `requestId`; `--resume`/`--fork-session` copy whole
 * histories into new files. So records are keyed by message id across all files of an account
 * and are mutable: a grown copy replaces what was published (the ledger adds `new − old`).
 * `<synthetic>`/`isApiErrorMessage` rows count nothing and are the strongest "stalled" signal.
 */
import { claudeCost } from '../pricing/cost.ts';
import { contextWindowOf } from '../pricing/pricing-table.ts';
import { parseResetFromText } from './limit-text.ts';
import { count, isObject, parseTimestamp, type ParseSink, type UsageRecord } from '../types.ts';

/**
 * Needle for the line prefilter: rows with token usage. Limit rows (`isApiErrorMessage`) carry a
 * zero usage too, so one needle finds both; each extra needle would cost a full pass over the
 * large tool-result rows.
 */
export const CLAUDE_NEEDLES: readonly Buffer[] = [Buffer.from('"usage"')];

/** Raw counts kept per record: in, cw5m, cw1h, cwOther, cr, out (the three inputs disjoint). */
export type ClaudeRaw = [number, number, number, number, number, number];

/** One deduplicated request as kept in the index. */
export interface ClaudeEntry {
  requestId: string | null;
  sidechain: boolean;
  raw: ClaudeRaw;
  /** Old rows' own cost, used only when the model is unpriced. */
  costUSD: number | null;
  record: UsageRecord;
}

/**
 * message.id → the records with that id (usually one). Shared by all files of one account. A `Map`
 * will do; the index uses a store that reads saved records on demand (claude-records-codec.ts).
 */
export interface ClaudeRecords {
  get(id: string): ClaudeEntry[] | undefined;
  set(id: string, entries: ClaudeEntry[]): unknown;
}

const DEFAULT_CONTEXT = 200_000;

function toRecord(
  base: { account: string; sessionId: string; cwd: string | null; model: string; ts: number },
  raw: ClaudeRaw,
  costUSD: number | null,
): UsageRecord {
  const [input, cw5m, cw1h, cwOther, cacheRead, output] = raw;
  const cost =
    claudeCost(base.model, { input, cacheWrite5m: cw5m, cacheWrite1h: cw1h, cacheWriteOther: cwOther, cacheRead, output }) ??
    costUSD;
  return {
    provider: 'claude',
    account: base.account,
    sessionId: base.sessionId,
    cwd: base.cwd,
    model: base.model,
    ts: base.ts,
    tokens: {
      input: input + cw5m + cw1h + cwOther + cacheRead,
      cachedInput: cacheRead,
      cacheWrite: cw5m + cw1h + cwOther,
      output,
      reasoning: 0,
    },
    cost,
  };
}

function rawOf(usage: Record<string, unknown>): ClaudeRaw {
  const creation = isObject(usage.cache_creation) ? usage.cache_creation : null;
  const total = count(usage.cache_creation_input_tokens);
  const cw5m = creation ? count(creation.ephemeral_5m_input_tokens) : 0;
  const cw1h = creation ? count(creation.ephemeral_1h_input_tokens) : 0;
  const other = Math.max(0, total - cw5m - cw1h);
  return [count(usage.input_tokens), cw5m, cw1h, other, count(usage.cache_read_input_tokens), count(usage.output_tokens)];
}

/** Text of a message's content (string or blocks), for limit rows. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => (isObject(block) && typeof block.text === 'string' ? block.text : ''))
    .join(' ')
    .trim();
}

/**
 * Parse Claude transcript rows of one account. One instance per account: the record map is what
 * dedupes across files (resume copies, subagent replays).
 */
export class ClaudeParser {
  constructor(
    private readonly account: string,
    private readonly records: ClaudeRecords,
    private readonly sink: ParseSink,
    private readonly defaultZone: string,
  ) {}

  /** Feed one parsed JSON line from any of the account's transcripts. */
  onValue(line: unknown, fileSessionId: string): void {
    if (!isObject(line) || line.type !== 'assistant' || !isObject(line.message)) return;
    const message = line.message;
    const ts = parseTimestamp(line.timestamp);
    if (!Number.isFinite(ts)) return;
    const sessionId = typeof line.sessionId === 'string' ? line.sessionId : fileSessionId;
    const model = typeof message.model === 'string' ? message.model : 'unknown';
    if (line.isApiErrorMessage === true || model === '<synthetic>') {
      this.limitRow(contentText(message.content), ts, sessionId);
      return;
    }
    if (!isObject(message.usage)) return;
    const usage = message.usage;
    const cwd = typeof line.cwd === 'string' ? line.cwd : null;
    this.sink.session('claude', this.account, sessionId, cwd);
    const fullModel = usage.speed === 'fast' && !model.endsWith('-fast') ? `${model}-fast` : model;
    const raw = rawOf(usage);
    const sidechain = line.isSidechain === true;
    const requestId = typeof line.requestId === 'string' ? line.requestId : null;
    const costUSD = typeof line.costUSD === 'number' ? line.costUSD : null;
    const base = { account: this.account, sessionId, cwd, model: fullModel, ts };

    if (!sidechain) {
      const prompt = raw[0] + raw[1] + raw[2] + raw[3] + raw[4];
      if (prompt > 0) {
        const window = /\[1m\]$/i.test(model) ? 1_000_000 : contextWindowOf(model) ?? DEFAULT_CONTEXT;
        this.sink.context('claude', this.account, sessionId, { used: prompt, window, ts });
      }
    }

    const id = typeof message.id === 'string' && message.id !== '' ? message.id : null;
    if (id === null) {
      // Nothing to dedupe on: count it once, as it comes.
      this.sink.record(toRecord(base, raw, costUSD), null);
      return;
    }
    const entries = this.records.get(id);
    const fresh: ClaudeEntry = { requestId, sidechain, raw, costUSD, record: toRecord(base, raw, costUSD) };
    if (!entries) {
      this.records.set(id, [fresh]);
      this.sink.record(fresh.record, null);
      return;
    }
    const match =
      entries.find((e) => e.requestId === requestId) ??
      entries.find((e) => e.sidechain !== sidechain || e.requestId === null || requestId === null);
    if (!match) {
      // Same message id under another request, neither a sidechain nor an id-less copy: distinct.
      entries.push(fresh);
      this.sink.record(fresh.record, null);
      return;
    }
    if (match.sidechain !== sidechain) {
      if (sidechain) return; // a sidechain replay of a parent row: keep the parent's
      // The parent row arrived after its sidechain replay: it replaces it.
      const previous = match.record;
      Object.assign(match, fresh);
      this.sink.record(match.record, previous);
      return;
    }
    const grown = match.raw.map((v, i) => Math.max(v, raw[i]!)) as ClaudeRaw;
    const changed = grown.some((v, i) => v !== match.raw[i]) || ts < match.record.ts;
    if (!changed) return;
    const previous = match.record;
    const first = ts < previous.ts ? base : { ...base, ts: previous.ts, sessionId: previous.sessionId, cwd: previous.cwd, model: previous.model };
    match.raw = grown;
    match.requestId ??= requestId;
    match.record = toRecord(first, grown, match.costUSD ?? costUSD);
    this.sink.record(match.record, previous);
  }

  private limitRow(text: string, ts: number, sessionId: string): void {
    if (!/limit|quota/i.test(text)) return; // other API errors (500, overloaded) do not stall until a reset
    this.sink.limitHit({
      provider: 'claude',
      account: this.account,
      sessionId,
      ts,
      resetAt: parseResetFromText(text, ts, this.defaultZone),
      text,
    });
  }
}

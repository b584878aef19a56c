/**
 * Gemini CLI chat files → requests (§4 and §5.4 of agent-logs.md).
 *
 * Since v0.39 a chat is an append-only JSONL file (metadata line, then messages, `$set` and
 * `$rewindTo` lines) in which the same message `id` is re-appended when its tokens arrive: the last
 * copy wins. Up to v0.38 it is one pretty-printed JSON document rewritten on every update; a
 * resumed legacy session migrates to JSONL. Records are keyed by session id + message id across
 * all files of an account, so a rewrite or a migration never counts a message twice. Tokens of
 * rewound messages stay counted: they were spent.
 */
import { geminiCost } from '../pricing/cost.ts';
import { contextWindowOf } from '../pricing/pricing-table.ts';
import { count, isObject, parseTimestamp, type ParseSink, type UsageRecord } from '../types.ts';

/** sessionId + "|" + message id → the record currently published for it. Shared per account. */
export type GeminiRecords = Map<string, UsageRecord>;

/** Per-file state of a JSONL chat (the metadata line comes once, first). */
export interface GeminiFileState {
  sessionId: string | null;
  projectHash: string | null;
}

/** Where a chat file's project lives, resolved from `projects.json` / `.project_root`. */
export interface GeminiProject {
  /** Absolute project root, when known. */
  readonly cwd: string | null;
  /** The `tmp/<id>` directory name: a slug (≥ v0.29) or the sha256 of the root (older). */
  readonly key: string;
}

/** A fresh state for a chat file. */
export function newGeminiFileState(): GeminiFileState {
  return { sessionId: null, projectHash: null };
}

/** Parse Gemini chat lines (or whole legacy documents) of one account. */
export class GeminiParser {
  constructor(
    private readonly account: string,
    private readonly records: GeminiRecords,
    private readonly sink: ParseSink,
  ) {}

  /** One JSONL line of a chat file. */
  onLine(line: unknown, state: GeminiFileState, project: GeminiProject, fallbackSessionId: string): void {
    if (!isObject(line)) return;
    if (typeof line.sessionId === 'string' && !('type' in line)) {
      state.sessionId = line.sessionId;
      state.projectHash = typeof line.projectHash === 'string' ? line.projectHash : null;
      this.sink.session('gemini', this.account, line.sessionId, project.cwd, project.cwd ? null : project.key);
      return;
    }
    this.message(line, state.sessionId ?? fallbackSessionId, project);
  }

  /** A whole legacy `.json` chat document (re-read on every rewrite). */
  onDocument(doc: unknown, project: GeminiProject, fallbackSessionId: string): void {
    if (!isObject(doc)) return;
    const sessionId = typeof doc.sessionId === 'string' ? doc.sessionId : fallbackSessionId;
    this.sink.session('gemini', this.account, sessionId, project.cwd, project.cwd ? null : project.key);
    if (!Array.isArray(doc.messages)) return;
    for (const message of doc.messages) if (isObject(message)) this.message(message, sessionId, project);
  }

  private message(message: Record<string, unknown>, sessionId: string, project: GeminiProject): void {
    if (message.type !== 'gemini' || typeof message.id !== 'string') return;
    const tokens = message.tokens;
    if (!isObject(tokens)) return; // tokens arrive in a later copy of the same id
    const ts = parseTimestamp(message.timestamp);
    if (!Number.isFinite(ts)) return;
    const model = typeof message.model === 'string' && message.model !== '' ? message.model : 'unknown';
    const input = count(tokens.input);
    const cached = Math.min(count(tokens.cached), input);
    const output = count(tokens.output);
    const thoughts = count(tokens.thoughts);
    const tool = count(tokens.tool);
    const record: UsageRecord = {
      provider: 'gemini',
      account: this.account,
      sessionId,
      cwd: project.cwd,
      projectKey: project.cwd ? null : project.key,
      model,
      ts,
      tokens: { input: input + tool, cachedInput: cached, cacheWrite: 0, output: output + thoughts, reasoning: thoughts },
      cost: geminiCost(model, { input, cached, output, thoughts, tool }),
    };
    const key = `${sessionId}|${message.id}`;
    const previous = this.records.get(key) ?? null;
    if (previous && sameRecord(previous, record)) return;
    this.records.set(key, record);
    this.sink.record(record, previous);
    const window = contextWindowOf(model);
    if (window) this.sink.context('gemini', this.account, sessionId, { used: input, window, ts });
  }
}

function sameRecord(a: UsageRecord, b: UsageRecord): boolean {
  const x = a.tokens;
  const y = b.tokens;
  return (
    a.model === b.model &&
    a.ts === b.ts &&
    x.input === y.input &&
    x.cachedInput === y.cachedInput &&
    x.output === y.output &&
    x.reasoning === y.reasoning
  );
}

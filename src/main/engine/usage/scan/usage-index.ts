/**
 * The usage index: every file's cursor, the dedupe state and the aggregates, in one object.
 *
 * The same class runs the backfill in the worker thread and the incremental updates in the
 * engine; between the two (and across restarts) it travels as a plain snapshot. It is the
 * `ParseSink` of all parsers: replaced records are subtracted before their new version is added,
 * window observations go to the tracker, limit hits are kept for stall detection.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { abandonRead, readNewLines, startRead, type StartedRead } from '../tail/read-new-lines.ts';
import { statCursor, type CursorDecision, type FileCursor } from '../tail/file-cursor.ts';
import { acceptCodexLine, CODEX_NEEDLES, CodexFileParser, newCodexFileState, threadIdFromFileName, type CodexFileState } from '../sources/codex-parser.ts';
import { parseClaudeLine } from '../sources/claude-line.ts';
import { CLAUDE_NEEDLES, ClaudeParser } from '../sources/claude-parser.ts';
import { ClaudeRecordStore, type ClaudeRecordsData } from '../sources/claude-records-codec.ts';
import { CodexSeenKeys } from '../sources/codex-seen-keys.ts';
import { GeminiParser, newGeminiFileState, type GeminiFileState, type GeminiRecords } from '../sources/gemini-parser.ts';
import { discoverFiles, type DiscoveredFile, type FileKind } from '../sources/discover-files.ts';
import { UsageLedger, type LedgerBucket } from '../model/usage-ledger.ts';
import { WindowTracker, type WindowTrack } from '../windows/window-tracker.ts';
import type {
  ContextReading,
  LimitHit,
  ParseSink,
  RateLimitObservation,
  SessionMeta,
  UsageProvider,
  UsageRecord,
  UsageSource,
} from '../types.ts';

/** Snapshot format version; a different version is discarded and the logs are read again. */
export const INDEX_VERSION = 4;

/** What the index knows about one file. */
export interface FileEntry {
  kind: FileKind;
  provider: UsageProvider;
  account: string;
  cursor: FileCursor | null;
  codex?: CodexFileState;
  gemini?: GeminiFileState;
  /** The file disappeared (Claude's 30-day cleanup): its usage stays counted. */
  gone?: boolean;
}

/** The whole index as plain data (structured-clone and JSON safe). */
export interface IndexSnapshot {
  version: number;
  timeZone: string;
  /** Path and entry pairs: an object keyed by thousands of paths parses about twice as slowly. */
  files: [string, FileEntry][];
  /**
   * Codex dedupe keys per account: one string of the keys sorted and joined by newlines (one value
   * to parse, clone and save instead of tens of thousands, searched in place: codex-seen-keys.ts),
   * or an array when a key holds a newline. Sorted since version 4.
   */
  codexSeen: Record<string, string[] | string>;
  /** Claude dedupe records per account, compact (claude-records-codec.ts). */
  claude: Record<string, ClaudeRecordsData>;
  gemini: Record<string, [string, UsageRecord][]>;
  ledger: LedgerBucket[];
  sessions: SessionMeta[];
  windows: WindowTrack[];
  limitHits: LimitHit[];
  stats: { corruptLines: number; bytesRead: number };
}

/** What changed since the last {@link UsageIndex.drainChanges}. */
export interface IndexChanges {
  summary: boolean;
  quota: boolean;
  limitHits: LimitHit[];
}

/** A file stat'ed (and opened, its first chunk requested) ahead of its turn in a scan. */
export interface PreparedFile {
  readonly decision: CursorDecision;
  readonly from: number;
  readonly started: StartedRead | null;
  /** Older than the scan's `sinceMs` and not indexed yet: not read. */
  readonly skip: boolean;
}

/**
 * Files prepared ahead of the one being parsed. Session files are mostly one read each, so the
 * parser would otherwise wait for a stat, an open and a read per file; sixteen in flight keep the
 * thread pool busy (a warm start stats thousands of unchanged files, which hold no buffer).
 */
const READ_AHEAD_FILES = 16;
const GEMINI_RETRY_MS = 250;
/** Limit hits kept (newest): enough for stall detection, bounded for the index. */
export const MAX_LIMIT_HITS = 200;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Files, dedupe state and aggregates of a set of sources. */
export class UsageIndex implements ParseSink {
  readonly ledger: UsageLedger;
  readonly windows = new WindowTracker();
  readonly sessions = new Map<string, SessionMeta>();
  readonly files = new Map<string, FileEntry>();
  limitHits: LimitHit[] = [];
  corruptLines = 0;
  bytesRead = 0;
  /** Read size (default 1 MB); tests make it smaller than a line to exercise the long-line path. */
  readChunkBytes: number | undefined = undefined;

  /** Codex dedupe keys per account (the saved ones stay one sorted string: codex-seen-keys.ts). */
  private readonly codexSeen = new Map<string, CodexSeenKeys>();
  private readonly claudeRecords = new Map<string, ClaudeRecordStore>();
  /** The session of the previous row (entries are never replaced or removed, so it stays valid). */
  private lastMeta: SessionMeta | null = null;
  private readonly geminiRecords = new Map<string, GeminiRecords>();
  private readonly claudeParsers = new Map<string, ClaudeParser>();
  private readonly geminiParsers = new Map<string, GeminiParser>();
  private changes: IndexChanges = { summary: false, quota: false, limitHits: [] };

  constructor(
    readonly timeZone: string,
    private readonly now: () => number = Date.now,
  ) {
    this.ledger = new UsageLedger(timeZone);
  }

  // ---- ParseSink ----

  record(next: UsageRecord, previous: UsageRecord | null): void {
    if (previous) this.ledger.apply(previous, -1);
    this.ledger.apply(next, 1);
    const meta = this.sessionMeta(next.provider, next.account, next.sessionId, next.cwd, next.projectKey ?? null, next.ts);
    if (next.ts >= meta.lastTs) {
      meta.lastTs = next.ts;
      meta.model = next.model;
    }
    if (next.ts < meta.firstTs) meta.firstTs = next.ts;
    meta.model ??= next.model;
    this.changes.summary = true;
  }

  rateLimits(observation: RateLimitObservation): void {
    if (this.windows.observe(observation, this.now())) this.changes.quota = true;
  }

  limitHit(hit: LimitHit): void {
    const same = this.limitHits.some(
      (h) => h.provider === hit.provider && h.account === hit.account && h.sessionId === hit.sessionId && h.ts === hit.ts,
    );
    if (same) return;
    this.limitHits.push(hit);
    this.limitHits.sort((a, b) => a.ts - b.ts);
    if (this.limitHits.length > MAX_LIMIT_HITS) this.limitHits.splice(0, this.limitHits.length - MAX_LIMIT_HITS);
    this.changes.limitHits.push(hit);
    this.changes.quota = true;
  }

  context(provider: UsageProvider, account: string, sessionId: string, reading: ContextReading): void {
    const meta = this.sessionMeta(provider, account, sessionId, null, null, reading.ts);
    if (!meta.context || reading.ts >= meta.context.ts) {
      meta.context = reading;
      this.changes.summary = true;
    }
  }

  session(provider: UsageProvider, account: string, sessionId: string, cwd: string | null, projectKey?: string | null): void {
    this.sessionMeta(provider, account, sessionId, cwd, projectKey ?? null, null);
  }

  private sessionMeta(
    provider: UsageProvider,
    account: string,
    sessionId: string,
    cwd: string | null,
    projectKey: string | null,
    ts: number | null,
  ): SessionMeta {
    // Rows come in runs of one session (one file at a time): skip building the key for a repeat.
    let meta = this.lastMeta;
    if (meta === null || meta.sessionId !== sessionId || meta.account !== account || meta.provider !== provider) {
      const key = `${provider}\0${account}\0${sessionId}`;
      meta = this.sessions.get(key) ?? null;
      if (!meta) {
        meta = { provider, account, sessionId, cwd, projectKey, model: null, firstTs: ts ?? Infinity, lastTs: ts ?? -Infinity, context: null };
        this.sessions.set(key, meta);
      }
      this.lastMeta = meta;
    }
    if (meta.cwd === null && cwd !== null) meta.cwd = cwd;
    if (meta.projectKey === null && projectKey !== null) meta.projectKey = projectKey;
    return meta;
  }

  // ---- reading ----

  /** Take (and reset) what changed since the last call. */
  drainChanges(): IndexChanges {
    const changes = this.changes;
    this.changes = { summary: false, quota: false, limitHits: [] };
    return changes;
  }

  /**
   * Read what is new in one file. Returns whether anything was read. Never throws for file
   * problems: a file that vanished is marked gone (its usage stays), an unreadable one is retried
   * on the next call. `prepared` is the read-ahead of {@link scanAll}.
   */
  async processFile(file: DiscoveredFile, prepared?: PreparedFile): Promise<boolean> {
    let entry = this.files.get(file.path);
    if (!entry) {
      entry = { kind: file.kind, provider: file.source.provider, account: file.source.root, cursor: null };
      this.files.set(file.path, entry);
    }
    const { decision, from, started } = prepared ?? (await this.prepare(file));
    if (decision.action === 'gone') {
      entry.gone = true;
      return false;
    }
    entry.gone = false;
    if (decision.action === 'unchanged') return false;
    const rewrite = decision.action === 'rewrite';
    try {
      const offset = await this.read(file, entry, from, rewrite, started);
      entry.cursor = { dev: decision.dev, ino: decision.ino, size: decision.size, mtimeMs: decision.mtimeMs, offset };
      return true;
    } catch {
      return false; // EACCES, vanished mid-read…: try again on the next change or poll
    }
  }

  /**
   * Stat a file against its cursor and, when it has something new, open it and request its first
   * chunk: the scan prepares the next files this way while it parses the current one.
   */
  private async prepare(file: DiscoveredFile, sinceMs?: number, known?: CursorDecision): Promise<PreparedFile> {
    const cursor = this.files.get(file.path)?.cursor ?? null;
    const decision = known ?? (await statCursor(file.path, cursor));
    if (decision.action === 'gone' || decision.action === 'unchanged') return { decision, from: 0, started: null, skip: false };
    // Files last modified before `sinceMs` cannot hold newer usage (known files are always read on).
    if (sinceMs !== undefined && !this.files.has(file.path) && decision.action === 'append' && decision.mtimeMs < sinceMs) {
      return { decision, from: 0, started: null, skip: true };
    }
    const from = decision.action === 'rewrite' || !cursor ? 0 : cursor.offset;
    if (file.kind === 'gemini-json') return { decision, from, started: null, skip: false };
    const started = await startRead(file.path, from, this.readChunkBytes ? { chunkBytes: this.readChunkBytes } : {}).catch(() => null); // vanished since the stat: read() retries and fails softly
    return { decision, from, started, skip: false };
  }

  private async read(file: DiscoveredFile, entry: FileEntry, from: number, rewrite: boolean, started: StartedRead | null): Promise<number> {
    const account = entry.account;
    switch (file.kind) {
      case 'codex': {
        // A rewritten rollout restarts its per-file state; the account-wide seen set still dedupes.
        if (!entry.codex || rewrite) entry.codex = newCodexFileState();
        let seen = this.codexSeen.get(account);
        if (!seen) {
          seen = CodexSeenKeys.fromSaved(undefined);
          this.codexSeen.set(account, seen);
        }
        const parser = new CodexFileParser(account, threadIdFromFileName(file.path), entry.codex, seen, this);
        return this.readLines(file.path, from, started, CODEX_NEEDLES, (value) => parser.onValue(value), acceptCodexLine);
      }
      case 'claude': {
        const parser = this.claudeParser(account);
        const fileSession = path.basename(file.path, '.jsonl');
        return this.readLines(file.path, from, started, CLAUDE_NEEDLES, (value) => parser.onValue(value, fileSession), undefined, parseClaudeLine);
      }
      case 'gemini-jsonl': {
        if (!entry.gemini || rewrite) entry.gemini = newGeminiFileState();
        const state = entry.gemini;
        const parser = this.geminiParser(account);
        const project = file.project ?? { cwd: null, key: path.basename(path.dirname(path.dirname(file.path))) };
        const fallback = path.basename(file.path, '.jsonl');
        return this.readLines(file.path, from, started, null, (value) => parser.onLine(value, state, project, fallback));
      }
      case 'gemini-json': {
        // Rewritten whole on every update (≤ v0.38): parse it all; a torn write gets one retry.
        const project = file.project ?? { cwd: null, key: path.basename(path.dirname(path.dirname(file.path))) };
        let text = await readFile(file.path, 'utf8');
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch {
          await sleep(GEMINI_RETRY_MS);
          text = await readFile(file.path, 'utf8');
          try {
            doc = JSON.parse(text);
          } catch {
            this.corruptLines += 1;
            return 0;
          }
        }
        this.bytesRead += Buffer.byteLength(text);
        this.geminiParser(account).onDocument(doc, project, path.basename(file.path, '.json'));
        return Buffer.byteLength(text);
      }
    }
  }

  private async readLines(
    file: string,
    from: number,
    started: StartedRead | null,
    needles: readonly Buffer[] | null,
    onValue: (value: unknown) => void,
    accept?: (buffer: Buffer, start: number, end: number) => boolean,
    parse?: (buffer: Buffer, start: number, end: number) => unknown,
  ): Promise<number> {
    const result = await readNewLines(file, from, {
      needles,
      onValue,
      ...(accept ? { accept } : {}),
      ...(parse ? { parse } : {}),
      ...(started ? { started } : {}),
      ...(this.readChunkBytes ? { chunkBytes: this.readChunkBytes } : {}),
    });
    this.corruptLines += result.corrupt;
    this.bytesRead += result.bytesRead;
    return result.offset;
  }

  private claudeParser(account: string): ClaudeParser {
    let parser = this.claudeParsers.get(account);
    if (!parser) {
      let records = this.claudeRecords.get(account);
      if (!records) {
        records = ClaudeRecordStore.empty(account);
        this.claudeRecords.set(account, records);
      }
      parser = new ClaudeParser(account, records, this, this.timeZone);
      this.claudeParsers.set(account, parser);
    }
    return parser;
  }

  private geminiParser(account: string): GeminiParser {
    let parser = this.geminiParsers.get(account);
    if (!parser) {
      let records = this.geminiRecords.get(account);
      if (!records) {
        records = new Map();
        this.geminiRecords.set(account, records);
      }
      parser = new GeminiParser(account, records, this);
      this.geminiParsers.set(account, parser);
    }
    return parser;
  }

  /**
   * Discover and read every file of `sources`. Files are parsed one after the other, in a stable
   * order (deterministic dedupe), while the next {@link READ_AHEAD_FILES} are stat'ed, opened and
   * their first chunk read by the thread pool. Files last modified before `sinceMs` cannot hold
   * newer usage and are skipped.
   */
  async scanAll(
    sources: readonly UsageSource[],
    options: {
      sinceMs?: number;
      onProgress?: (done: number, total: number) => void;
      /** The sources' files when the caller just discovered them. */
      files?: readonly DiscoveredFile[];
      /** `stat` decisions the caller just made (used once, instead of stat'ing again). */
      decisions?: ReadonlyMap<string, CursorDecision>;
    } = {},
  ): Promise<void> {
    const files: DiscoveredFile[] = [];
    const paths = new Set<string>();
    const discovered = options.files ?? (await Promise.all(sources.map((source) => discoverFiles(source)))).flat();
    for (const file of discovered) {
      // One path, one reader: two prepared reads of a file would both start at its old offset.
      if (paths.has(file.path)) continue;
      paths.add(file.path);
      const entry = this.files.get(file.path);
      // Known unchanged (a warm start stat'ed every file already): nothing to prepare or read.
      if (entry && options.decisions?.get(file.path)?.action === 'unchanged') {
        entry.gone = false;
        continue;
      }
      files.push(file);
    }
    // Files that vanished keep their usage (Claude deletes transcripts after 30 days).
    const accounts = new Set(sources.map((s) => s.root));
    for (const [file, entry] of this.files) if (accounts.has(entry.account) && !paths.has(file)) entry.gone = true;
    const ahead: Promise<PreparedFile>[] = [];
    let next = 0;
    try {
      for (let done = 0; done < files.length; ) {
        while (ahead.length < READ_AHEAD_FILES && next < files.length) {
          const file = files[next++]!;
          ahead.push(this.prepare(file, options.sinceMs, options.decisions?.get(file.path)));
        }
        const file = files[done]!;
        const prepared = await ahead.shift()!;
        if (!prepared.skip) await this.processFile(file, prepared);
        done += 1;
        options.onProgress?.(done, files.length);
      }
    } finally {
      // Only reached with reads pending when a parser threw: close what was opened ahead.
      for (const pending of ahead) {
        const prepared = await pending;
        if (prepared.started) await abandonRead(prepared.started);
      }
    }
  }

  // ---- persistence ----

  /** The index as plain data. */
  toSnapshot(): IndexSnapshot {
    return {
      version: INDEX_VERSION,
      timeZone: this.timeZone,
      files: [...this.files],
      codexSeen: Object.fromEntries([...this.codexSeen].map(([account, seen]) => [account, seen.toSaved()])),
      claude: Object.fromEntries([...this.claudeRecords].map(([account, records]) => [account, records.encode()])),
      gemini: Object.fromEntries([...this.geminiRecords].map(([account, records]) => [account, [...records]])),
      ledger: this.ledger.toJSON(),
      sessions: [...this.sessions.values()].map((s) => ({
        ...s,
        // JSON has no Infinity: sessions without records yet keep null-ish bounds as 0.
        firstTs: Number.isFinite(s.firstTs) ? s.firstTs : 0,
        lastTs: Number.isFinite(s.lastTs) ? s.lastTs : 0,
      })),
      windows: this.windows.toJSON(),
      limitHits: [...this.limitHits],
      stats: { corruptLines: this.corruptLines, bytesRead: this.bytesRead },
    };
  }

  /**
   * Rebuild an index from a snapshot; null when the snapshot is from another version or time
   * zone (days would be bucketed differently), so the caller reads the logs again. The index
   * adopts the snapshot's file entries, buckets and sessions (no copies: a warm start restores
   * thousands of each): pass a snapshot nobody else keeps, e.g. freshly decoded or cloned.
   */
  static fromSnapshot(snapshot: IndexSnapshot, timeZone: string, now: () => number = Date.now): UsageIndex | null {
    if (snapshot.version !== INDEX_VERSION || snapshot.timeZone !== timeZone) return null;
    const index = new UsageIndex(timeZone, now);
    for (const [file, entry] of snapshot.files) index.files.set(file, entry);
    // The dedupe state stays compact and is searched in place: a warm start with little new data
    // touches a handful of the saved keys and records.
    for (const [account, keys] of Object.entries(snapshot.codexSeen)) {
      if (!Array.isArray(keys) && typeof keys !== 'string') return null;
      index.codexSeen.set(account, CodexSeenKeys.fromSaved(keys));
    }
    for (const [account, data] of Object.entries(snapshot.claude)) {
      const records = ClaudeRecordStore.load(data, account);
      if (!records) return null; // malformed: read the logs again
      index.claudeRecords.set(account, records);
    }
    for (const [account, entries] of Object.entries(snapshot.gemini)) index.geminiRecords.set(account, new Map(entries));
    index.ledger.restore(snapshot.ledger);
    for (const s of snapshot.sessions) index.sessions.set(`${s.provider}\0${s.account}\0${s.sessionId}`, s);
    index.windows.restore(snapshot.windows);
    index.limitHits = [...snapshot.limitHits];
    index.corruptLines = snapshot.stats.corruptLines;
    index.bytesRead = snapshot.stats.bytesRead;
    return index;
  }
}

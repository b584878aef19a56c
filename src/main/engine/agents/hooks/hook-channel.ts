/**
 * Per-session hook files: where the helper appends events and where the engine reads them.
 *
 * `<dir>/<sessionId>.jsonl`, one JSON line per hook call. Each session gets a fresh secret when
 * it (re)starts; lines with another secret, another format version or broken JSON are dropped.
 * The folder is watched for speed and polled as the safety net (watch events are coalesced or
 * lost on some file systems).
 */
import { randomBytes } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EventBus } from '../../events/index.ts';
import { HOOK_FILE_ENV, HOOK_LINE_VERSION, HOOK_SECRET_ENV, STATUSLINE_FILE_ENV } from './hook-helper.ts';

/** One hook call as the helper recorded it. */
export interface HookEvent {
  readonly sessionId: string;
  /** `claude` or `codex`. */
  readonly agent: string;
  /** The hook's event name (`Stop`, `Notification`, `notify`, …). */
  readonly event: string;
  readonly at: number;
  /** Short top-level fields of the agent's payload, or null. */
  readonly payload: Readonly<Record<string, string | number | boolean>> | null;
}

/** What a session needs to report through its file. */
export interface HookRegistration {
  readonly file: string;
  readonly env: Readonly<Record<string, string>>;
}

/** The latest Claude Code status-line payload of a session. */
export interface StatusLineEvent {
  readonly sessionId: string;
  readonly at: number;
  /** The status-line JSON as Claude Code sent it (parsed). */
  readonly payload: unknown;
}

interface Watched {
  readonly file: string;
  readonly statusFile: string;
  lastStatusAt: number;
  readonly secret: string;
  offset: number;
  pending: string;
  reading: Promise<void> | null;
  again: boolean;
}

/** Lines longer than this are not from our helper (it keeps payloads short). */
const MAX_LINE = 256 * 1024;

export class HookChannel {
  private readonly sessions = new Map<string, Watched>();
  private readonly events = new EventBus<HookEvent>();
  private readonly statusLines = new EventBus<StatusLineEvent>();
  private watcher: FSWatcher | null = null;
  private poll: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(private readonly options: { dir: string; pollMs?: number }) {}

  get dir(): string {
    return this.options.dir;
  }

  /** Create the folder (emptied of files an earlier engine left) and start watching it. */
  async start(): Promise<void> {
    await rm(this.options.dir, { recursive: true, force: true });
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    try {
      this.watcher = watch(this.options.dir, (_type, filename) => {
        const name = filename?.toString() ?? '';
        const id = name.split('.')[0] ?? '';
        if (!this.sessions.has(id)) return;
        if (name.endsWith('.statusline.json')) this.readStatus(id);
        else if (name.endsWith('.jsonl')) this.read(id);
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = null;
      });
    } catch {
      // No watching here: the poll covers it.
    }
    this.poll = setInterval(() => {
      for (const id of this.sessions.keys()) {
        this.read(id);
        this.readStatus(id);
      }
    }, this.options.pollMs ?? 500);
    this.poll.unref();
  }

  /** Give a session a fresh (empty) file and secret; returns the environment for its process. */
  async register(sessionId: string): Promise<HookRegistration> {
    const file = path.join(this.options.dir, `${sessionId}.jsonl`);
    const statusFile = path.join(this.options.dir, `${sessionId}.statusline.json`);
    const secret = randomBytes(16).toString('hex');
    await writeFile(file, '', { mode: 0o600 });
    this.sessions.set(sessionId, { file, statusFile, lastStatusAt: 0, secret, offset: 0, pending: '', reading: null, again: false });
    return { file, env: { [HOOK_FILE_ENV]: file, [HOOK_SECRET_ENV]: secret, [STATUSLINE_FILE_ENV]: statusFile } };
  }

  /** Stop reading a session's file and delete it, with every other `<key>.*` file of that session. */
  async unregister(sessionId: string): Promise<void> {
    const watched = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    if (watched) await watched.reading;
    const names = await readdir(this.options.dir).catch(() => [] as string[]);
    await Promise.all(
      names.filter((name) => name.startsWith(`${sessionId}.`)).map((name) => rm(path.join(this.options.dir, name), { force: true })),
    );
  }

  /** Read whatever was appended now (tests; the watcher and poll do this on their own). */
  async flush(sessionId: string): Promise<void> {
    this.read(sessionId);
    await this.sessions.get(sessionId)?.reading;
  }

  onEvent(listener: (event: HookEvent) => void): () => void {
    return this.events.on(listener);
  }

  /** A session's status line changed (only when it sends one: Claude Code with a status line). */
  onStatusLine(listener: (event: StatusLineEvent) => void): () => void {
    return this.statusLines.on(listener);
  }

  /** Read the status-line file now (tests; the watcher and poll do this on their own). */
  async flushStatusLine(sessionId: string): Promise<void> {
    await this.readStatusNow(sessionId);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.watcher?.close();
    this.watcher = null;
    if (this.poll) clearInterval(this.poll);
    await Promise.all([...this.sessions.values()].map((w) => w.reading));
  }

  private readStatus(sessionId: string): void {
    this.readStatusNow(sessionId).catch(() => undefined);
  }

  /** The file is replaced whole (temp + rename): read it, and report it if it is newer. */
  private async readStatusNow(sessionId: string): Promise<void> {
    const watched = this.sessions.get(sessionId);
    if (!watched || this.disposed) return;
    const text = await readFile(watched.statusFile, 'utf8').catch(() => null);
    if (text === null || text.length > MAX_LINE) return;
    let record: { v?: unknown; secret?: unknown; at?: unknown; payload?: unknown };
    try {
      record = JSON.parse(text) as typeof record;
    } catch {
      return;
    }
    if (record.v !== HOOK_LINE_VERSION || record.secret !== watched.secret || typeof record.at !== 'number') return;
    if (record.at <= watched.lastStatusAt || typeof record.payload !== 'string') return;
    watched.lastStatusAt = record.at;
    let payload: unknown;
    try {
      payload = JSON.parse(record.payload);
    } catch {
      return;
    }
    if (this.sessions.get(sessionId) === watched) this.statusLines.emit({ sessionId, at: record.at, payload });
  }

  private read(sessionId: string): void {
    const watched = this.sessions.get(sessionId);
    if (!watched || this.disposed) return;
    if (watched.reading) {
      watched.again = true;
      return;
    }
    watched.reading = this.readNew(sessionId, watched)
      .catch(() => undefined)
      .finally(() => {
        watched.reading = null;
        if (watched.again) {
          watched.again = false;
          this.read(sessionId);
        }
      });
  }

  private async readNew(sessionId: string, watched: Watched): Promise<void> {
    const handle = await open(watched.file, 'r').catch(() => null);
    if (!handle) return;
    try {
      const { size } = await handle.stat();
      if (size < watched.offset) {
        watched.offset = 0;
        watched.pending = '';
      }
      if (size === watched.offset) return;
      const buffer = Buffer.alloc(size - watched.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, watched.offset);
      watched.offset += bytesRead;
      const text = watched.pending + buffer.subarray(0, bytesRead).toString('utf8');
      const lines = text.split('\n');
      watched.pending = (lines.pop() ?? '').slice(0, MAX_LINE);
      for (const line of lines) {
        const event = parseHookLine(line, sessionId, watched.secret);
        if (event && this.sessions.get(sessionId) === watched) this.events.emit(event);
      }
    } finally {
      await handle.close();
    }
  }
}

/** One line → an event, or null when it is not a valid line carrying this session's secret. */
export function parseHookLine(line: string, sessionId: string, secret: string): HookEvent | null {
  if (line.trim() === '' || line.length > MAX_LINE) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (record.v !== HOOK_LINE_VERSION || record.secret !== secret) return null;
  if (typeof record.agent !== 'string' || typeof record.event !== 'string' || typeof record.at !== 'number') return null;
  const payload = typeof record.payload === 'object' && record.payload !== null && !Array.isArray(record.payload) ? record.payload : null;
  return {
    sessionId,
    agent: record.agent,
    event: record.event,
    at: record.at,
    payload: payload as HookEvent['payload'],
  };
}

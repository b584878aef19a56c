/**
 * The live tail: after the backfill, read only what each changed log file appended.
 *
 * File-system events (log-watchers.ts) for speed, plus a poll as the safety net (FSEvents
 * coalesces, network file systems drop events, Codex creates new date folders at local midnight).
 * Changed files are queued and drained one at a time into the index; a burst of events for one
 * file coalesces into one read.
 */
import { stat } from 'node:fs/promises';
import type { UsageIndex } from '../scan/usage-index.ts';
import { classifyPath, discoverFiles, type DiscoveredFile } from '../sources/discover-files.ts';
import { statCursors } from '../tail/file-cursor.ts';
import type { UsageSource } from '../types.ts';
import { LogWatchers } from './log-watchers.ts';

const DEFAULT_POLL_MS = 3000;
/** Poll interval while every root is watched (the poll is then only a safety net). */
const WATCHED_POLL_MS = 30_000;

/** What the live tail needs from the usage service. */
export interface LiveTailOptions {
  sources: readonly UsageSource[];
  /** The index the service holds now (it is replaced when a backfill is adopted). */
  index: () => UsageIndex;
  /** False once the service is disposed (or not live yet): nothing is read then. */
  isLive: () => boolean;
  /** Called after every drain, whether or not anything was read. */
  onDrained: () => void;
  /** Watch folders for changes (default true; the poll runs regardless). */
  watch?: boolean;
  /** Safety-net poll interval (default 3 s). */
  pollMs?: number;
}

/** Watchers, the poll and the queue of files to read. */
export class LiveTail {
  private readonly known = new Map<string, DiscoveredFile>();
  private readonly dirty = new Set<string>();
  private draining: Promise<void> | null = null;
  private readonly watchers: LogWatchers;
  private pollTimer: NodeJS.Timeout | null = null;
  private catchUpTimer: NodeJS.Timeout | null = null;
  private lastPollAt = 0;
  private polling: Promise<void> | null = null;

  constructor(private readonly options: LiveTailOptions) {
    this.watchers = new LogWatchers(options.sources, (file) => this.schedule(file));
  }

  /**
   * Watch, catch up on what was appended since the backfill (after `catchUpAfterMs`, or at once)
   * and, unless `periodic` is false (a one-shot engine), poll from then on.
   */
  start(options: { catchUpAfterMs: number | null; periodic: boolean }): void {
    if (this.options.watch !== false) this.watchers.attach();
    const catchUp = (): void => {
      this.catchUpTimer = null;
      this.pollOnce();
    };
    if (options.catchUpAfterMs !== null) {
      this.catchUpTimer = setTimeout(catchUp, options.catchUpAfterMs);
      this.catchUpTimer.unref();
    } else catchUp();
    if (!options.periodic) return;
    this.pollTimer = setInterval(() => {
      // While every root has a working recursive watcher the poll is only a safety net (FSEvents
      // coalesces, network file systems drop events): walking every log folder every few
      // seconds would cost a heavy user thousands of stats for nothing, so it runs rarely.
      if (this.allRootsWatched() && Date.now() - this.lastPollAt < WATCHED_POLL_MS) return;
      this.pollOnce();
    }, this.options.pollMs ?? DEFAULT_POLL_MS);
    this.pollTimer.unref();
  }

  /** Walk the folders now and read every file that changed (tests, a manual refresh). */
  async poll(): Promise<void> {
    if (!this.options.isLive()) return;
    this.lastPollAt = Date.now();
    if (this.options.watch !== false) this.watchers.attach();
    const files = (await Promise.all(this.options.sources.map((source) => discoverFiles(source)))).flat();
    // Files unchanged since their cursor have nothing to read: checked here with all stats in
    // flight together (file-cursor.ts), not one awaited stat per file in the drain.
    const index = this.options.index();
    const entries = files.map((file) => index.files.get(file.path));
    const decisions = await statCursors(files.map((file, i) => ({ path: file.path, cursor: entries[i]?.cursor ?? null })));
    files.forEach((file, i) => {
      this.known.set(file.path, file);
      const entry = entries[i];
      if (entry?.cursor && !entry.gone && decisions[i]!.action === 'unchanged') return;
      this.dirty.add(file.path);
    });
    if (!this.options.isLive()) return;
    this.draining ??= this.drain().finally(() => (this.draining = null));
    await this.draining;
  }

  /** Stop watching and polling; resolves when a poll or drain under way has finished. */
  async dispose(): Promise<void> {
    this.watchers.close();
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.catchUpTimer) clearTimeout(this.catchUpTimer);
    await this.polling;
    await this.draining;
  }

  private pollOnce(): void {
    this.polling ??= this.poll().finally(() => (this.polling = null));
  }

  private schedule(file: string): void {
    if (!this.options.isLive()) return;
    this.dirty.add(file);
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  private async drain(): Promise<void> {
    // Let a burst of events for the same file coalesce into one read.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.dirty.size > 0 && this.options.isLive()) {
      const [file] = this.dirty;
      this.dirty.delete(file!);
      const discovered = await this.lookup(file!);
      if (discovered) await this.options.index().processFile(discovered);
    }
    this.options.onDrained();
  }

  private async lookup(file: string): Promise<DiscoveredFile | null> {
    const known = this.known.get(file);
    if (known) return known;
    const kind = classifyPath(file, this.options.sources);
    if (!kind) return null;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    if (kind.kind === 'codex' || kind.kind === 'claude') {
      const found: DiscoveredFile = { path: file, kind: kind.kind, source: kind.source };
      // A new Codex rollout that only repeats an archived name is the same session: keep one.
      this.known.set(file, found);
      return found;
    }
    // Gemini files need their project: rediscover that source.
    for (const f of await discoverFiles(kind.source)) this.known.set(f.path, f);
    return this.known.get(file) ?? null;
  }

  /** True when every watch root of every source has a live recursive watcher. */
  private allRootsWatched(): boolean {
    if (this.options.watch === false) return false;
    return this.watchers.allWatched();
  }
}

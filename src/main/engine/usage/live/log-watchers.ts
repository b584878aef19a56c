/**
 * Recursive file-system watchers on the log folders of every source.
 *
 * Events are only a hint that a file changed (FSEvents coalesces, network file systems drop
 * them): the live tail's poll is the safety net, and re-attaches a watcher whose folder was
 * missing or failed.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { watchRoots } from '../sources/discover-files.ts';
import type { UsageSource } from '../types.ts';

/** One recursive watcher per watch root of every source. */
export class LogWatchers {
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(
    private readonly sources: readonly UsageSource[],
    /** Called with the full path of every file an event names. */
    private readonly onFile: (file: string) => void,
  ) {}

  /** Watch every root not watched yet; a root that cannot be watched is left to the poll. */
  attach(): void {
    for (const source of this.sources) {
      for (const dir of watchRoots(source)) {
        if (this.watchers.has(dir)) continue;
        try {
          const watcher = watch(dir, { recursive: true }, (_event, filename) => {
            if (filename) this.onFile(path.join(dir, filename.toString()));
          });
          watcher.on('error', () => {
            watcher.close();
            this.watchers.delete(dir); // the poll re-attaches when the folder is back
          });
          this.watchers.set(dir, watcher);
        } catch {
          // Missing folder or no recursive watch here: the poll covers it.
        }
      }
    }
  }

  /** True when every watch root of every source has a live recursive watcher. */
  allWatched(): boolean {
    return this.sources.every((source) => watchRoots(source).every((dir) => this.watchers.has(dir)));
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}

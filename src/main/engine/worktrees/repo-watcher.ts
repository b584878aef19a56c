/**
 * Notice when one repository's worktrees change, whoever changed them.
 *
 * Agents and users run `git worktree add`, `git commit`, `git checkout` outside the app, so the
 * engine cannot rely on its own calls. The signal of record is the porcelain of
 * `git worktree list` (paths, HEADs, branches, locks, prunable): a change is reported only when it
 * differs from the last one seen, so spurious file-system events never reach clients.
 *
 * Two triggers re-read it:
 * - `fs.watch` on the parts of the common git dir that change with worktrees (its top level for the
 *   main HEAD and `packed-refs`, `worktrees/` and each `worktrees/<name>/` for linked HEADs and
 *   locks, `refs/heads/` for branch tips), debounced, for a quick reaction;
 * - a poll every few seconds, because `fs.watch` misses things: nested branch folders
 *   (`refs/heads/feature/x`; recursive watching is not reliable on Linux with Node 20), network
 *   file systems, and worktree folders deleted by hand (which only turn "prunable").
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { revParseCommonDir } from '../git/rev-parse.ts';
import { readWorktreePorcelain } from '../git/worktree-list.ts';
import type { Result } from '../../../shared/result.ts';

/** Options for {@link RepoWatcher}. */
export interface RepoWatcherOptions {
  /** Main working tree of the repository. */
  repoPath: string;
  /** How often to re-read the worktree list regardless of file-system events. */
  pollIntervalMs: number;
  /** Quiet time after a file-system event before re-reading (git writes several files per command). */
  debounceMs: number;
  /** Set false to rely on polling alone (tests of the fallback, file systems without events). */
  useFsWatch: boolean;
  /** Called after the worktree list differs from the previous reading. */
  onChange: () => void;
  /**
   * What is compared between readings; default the `worktree list` porcelain. The git map adds
   * every branch tip, so a branch moved or deleted without a worktree is noticed too.
   */
  readSignature?: (repoPath: string) => Promise<Result<string>>;
}

/**
 * Files in the common git dir (or a `worktrees/<name>/` dir) whose change may change the list.
 *
 * Everything else there (index, logs, FETCH_HEAD, objects) changes constantly while agents work
 * and would only cause useless re-reads. git writes `X.lock` and renames it to `X`.
 */
const RELEVANT_GIT_DIR_FILES = new Set(['HEAD', 'packed-refs', 'worktrees', 'refs', 'locked', 'gitdir']);

/**
 * Watches one repository until disposed.
 *
 * `ready` resolves once the first reading is taken: changes made after that are reported.
 */
export class RepoWatcher {
  /** Resolves when the baseline reading is taken (never rejects). */
  readonly ready: Promise<void>;
  private signature: string | null = null;
  private commonDir: string | null = null;
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly poll: NodeJS.Timeout;
  private debounce: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private rerun = false;
  /** The next reading only takes a baseline (the change was announced by whoever made it). */
  private quiet = false;
  /** Operations of the engine's own in progress: their changes are announced by them. */
  private holds = 0;
  /** A reading was skipped while held: read again on release. */
  private skippedWhileHeld = false;
  private disposed = false;

  constructor(private readonly options: RepoWatcherOptions) {
    this.ready = this.check(false);
    this.poll = setInterval(() => this.trigger(), options.pollIntervalMs);
    // The engine stays alive through its server, not through a poll timer.
    this.poll.unref();
  }

  /** Stop polling and close every watcher; nothing is reported afterwards. */
  dispose(): void {
    this.disposed = true;
    clearInterval(this.poll);
    if (this.debounce) clearTimeout(this.debounce);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  /**
   * Take a new baseline without reporting it: the engine made this change itself and is about to
   * announce it, so the file events it caused must not announce it again (each announcement
   * makes every client re-read the worktree list, one `git status` per worktree).
   *
   * The announcement must wait for the returned promise: clients re-read after it, so anything
   * that changes after this reading is either in their re-read or reported by the next one. Were
   * the announcement first, a change landing between the clients' re-read and this reading would
   * become the baseline unseen (a folder deleted right after a restore never turned "missing").
   */
  adopt(): Promise<void> {
    this.quiet = true;
    return this.check(false);
  }

  /**
   * While the engine changes the repository itself (create, remove, …), readings wait: the
   * operation announces its change (see `adopt`). On release the repository is read once more,
   * so a change someone else made meanwhile is still reported. Returns the release.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0 && this.skippedWhileHeld && !this.disposed) {
        this.skippedWhileHeld = false;
        this.trigger();
      }
    };
  }

  /**
   * Read the repository again once the baseline is taken, reporting a change as usual; resolves
   * when a reading that started after this call is done.
   */
  refresh(): Promise<void> {
    return this.ready.then(() => this.check(true));
  }

  /** Re-read now, or right after the reading in progress (never two git calls at once). */
  private trigger(): void {
    // The returned promise never rejects (see `check`), so nothing is left unhandled.
    void this.check(true);
  }

  private check(report: boolean): Promise<void> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.rerun = false;
          const quiet = this.quiet;
          this.quiet = false;
          await this.readOnce(report && !quiet);
          report = true;
        } while (this.rerun && !this.disposed);
      } catch {
        // A failed reading is retried by the next poll; the watcher must never take the engine down.
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async readOnce(report: boolean): Promise<void> {
    // A baseline is always taken; a reporting reading waits while the engine holds the
    // repository (it could only move the baseline past someone else's change unreported).
    if (report && this.holds > 0) {
      this.skippedWhileHeld = true;
      return;
    }
    const porcelain = await (this.options.readSignature ?? readWorktreePorcelain)(this.options.repoPath);
    if (this.disposed) return;
    // An error is a state too: the repository disappearing or coming back is a change.
    const signature = porcelain.ok ? porcelain.value : `error:${porcelain.error.kind}`;
    const changed = signature !== this.signature;
    this.signature = signature;
    if (this.options.useFsWatch) await this.syncWatchers();
    if (changed && report && !this.disposed) this.options.onChange();
  }

  /** Watch exactly the folders that exist now; admin folders come and go with worktrees. */
  private async syncWatchers(): Promise<void> {
    if (this.commonDir === null) {
      const common = await revParseCommonDir(this.options.repoPath);
      if (!common.ok) return;
      this.commonDir = common.value;
    }
    const common = this.commonDir;
    const wanted = new Map<string, (file: string | null) => boolean>([
      [common, isRelevantGitDirFile],
      [path.join(common, 'refs', 'heads'), always],
    ]);
    const adminRoot = path.join(common, 'worktrees');
    const admins = await readdir(adminRoot, { withFileTypes: true }).catch(() => null);
    if (admins) {
      wanted.set(adminRoot, always);
      for (const entry of admins) {
        if (entry.isDirectory()) wanted.set(path.join(adminRoot, entry.name), isRelevantGitDirFile);
      }
    }
    if (this.disposed) return;
    for (const [dir, watcher] of this.watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const [dir, relevant] of wanted) {
      if (!this.watchers.has(dir)) this.startWatching(dir, relevant);
    }
  }

  private startWatching(dir: string, relevant: (file: string | null) => boolean): void {
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (_event, file) => {
        if (relevant(file === null ? null : String(file))) this.scheduleCheck();
      });
    } catch {
      return; // Gone already, or no watch support: polling covers it.
    }
    watcher.on('error', () => {
      // Typically the folder was deleted; the next sync re-creates the watcher if it comes back.
      watcher.close();
      if (this.watchers.get(dir) === watcher) this.watchers.delete(dir);
    });
    this.watchers.set(dir, watcher);
  }

  private scheduleCheck(): void {
    if (this.disposed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = null;
      this.trigger();
    }, this.options.debounceMs);
    this.debounce.unref();
  }
}

function isRelevantGitDirFile(file: string | null): boolean {
  // Some platforms do not report the file name; then any event may matter.
  if (file === null) return true;
  return RELEVANT_GIT_DIR_FILES.has(file.replace(/\.lock$/, ''));
}

function always(): boolean {
  return true;
}

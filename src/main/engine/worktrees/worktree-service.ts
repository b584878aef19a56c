/**
 * Worktrees of registered repositories: listing them and noticing when they change.
 *
 * git is the source of truth (`git worktree list --porcelain -z`); the service adds what git does
 * not say in that call (dirty state) and keeps nothing but watchers between calls.
 */
import { realpath, stat } from 'node:fs/promises';
import type { Worktree } from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/event-bus.ts';
import { isDirty } from '../git/status.ts';
import { listWorktrees, type WorktreeRecord } from '../git/worktree-list.ts';
import type { RepoService } from '../repos/repo-service.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import { RepoWatcher } from './repo-watcher.ts';

/** Options for {@link WorktreeService}; everything but `repos` is for tests and tuning. */
export interface WorktreeServiceOptions {
  repos: RepoService;
  /** Poll interval of the fallback that catches what `fs.watch` misses (default 3 s). */
  pollIntervalMs?: number;
  /** Quiet time after a file-system event before re-reading (default 150 ms). */
  debounceMs?: number;
  /** Set false to rely on polling alone (default true). */
  useFsWatch?: boolean;
}

/**
 * How many `git status` processes one `list` runs at once.
 *
 * Enough to hide process start-up latency; few enough not to starve the agents on a 2-core machine.
 */
const STATUS_CONCURRENCY = 4;

/**
 * Lists worktrees per repository and reports changes made by anyone.
 *
 * Watching costs a git call per repository every poll, so it runs only while someone listens
 * (`onDidChange`), and follows the registry: repositories added later are watched, removed ones
 * dropped.
 */
export class WorktreeService {
  private readonly repos: RepoService;
  private readonly pollIntervalMs: number;
  private readonly debounceMs: number;
  private readonly useFsWatch: boolean;
  private readonly changed = new EventBus<string>();
  private readonly watchers = new Map<string, RepoWatcher>();
  private readonly stopFollowingRepos: () => void;
  private disposed = false;

  constructor(options: WorktreeServiceOptions) {
    this.repos = options.repos;
    this.pollIntervalMs = options.pollIntervalMs ?? 3_000;
    this.debounceMs = options.debounceMs ?? 150;
    this.useFsWatch = options.useFsWatch ?? true;
    this.stopFollowingRepos = this.repos.onDidChange(() => this.syncWatchers());
  }

  /**
   * The worktrees of a repository, main worktree first, each with its dirty state.
   *
   * REPO_NOT_FOUND for an unknown id; WORKTREE_MISSING when the repository's own folder is gone;
   * NOT_A_GIT_REPO when the folder is there but no longer a repository (its `.git` was deleted).
   * `dirty` is null for a worktree whose folder is missing or whose status cannot be read.
   */
  async list(repoId: string): Promise<Result<Worktree[]>> {
    const repo = this.repos.get(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    if (!(await isDirectory(repo.path))) return err({ kind: 'WORKTREE_MISSING', path: repo.path });
    const listed = await listWorktrees(repo.path);
    if (!listed.ok) return listed;
    // If the repository's .git was deleted, git finds an enclosing repository instead (a dotfiles
    // repo in the home folder, say); its worktrees are not this repository's.
    const mainPath = listed.value[0]?.path;
    if (mainPath === undefined || (await realpathOrNull(mainPath)) !== repo.path) {
      return err({ kind: 'NOT_A_GIT_REPO', path: repo.path });
    }
    const worktrees = await mapWithConcurrency(listed.value, STATUS_CONCURRENCY, async (record, index) =>
      toWorktree(repoId, record, index === 0, await readDirty(record)),
    );
    return ok(worktrees);
  }

  /**
   * Called with a repository id when its worktrees may have changed (added, removed, moved HEAD,
   * switched branch, locked, became prunable); clients re-read `list`. Returns the disposer.
   *
   * Dirty state is not watched: it changes with every file an agent writes.
   */
  onDidChange(listener: (repoId: string) => void): () => void {
    const off = this.changed.on(listener);
    this.syncWatchers();
    return () => {
      off();
      this.syncWatchers();
    };
  }

  /**
   * Resolves once every current watcher has its baseline reading.
   *
   * A change made after this resolves is reported; one made before might already be the baseline.
   * Tests use it instead of sleeping.
   */
  async whenSettled(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.ready));
  }

  /** Stop every watcher and forget every listener. */
  dispose(): void {
    this.disposed = true;
    this.stopFollowingRepos();
    for (const watcher of this.watchers.values()) watcher.dispose();
    this.watchers.clear();
  }

  /** Watch every registered repository while anyone listens, none otherwise. */
  private syncWatchers(): void {
    const wanted = new Map(
      this.disposed || this.changed.size === 0 ? [] : this.repos.list().map((repo) => [repo.id, repo.path] as const),
    );
    for (const [repoId, watcher] of this.watchers) {
      if (!wanted.has(repoId)) {
        watcher.dispose();
        this.watchers.delete(repoId);
      }
    }
    for (const [repoId, repoPath] of wanted) {
      if (this.watchers.has(repoId)) continue;
      this.watchers.set(
        repoId,
        new RepoWatcher({
          repoPath,
          pollIntervalMs: this.pollIntervalMs,
          debounceMs: this.debounceMs,
          useFsWatch: this.useFsWatch,
          onChange: () => this.changed.emit(repoId),
        }),
      );
    }
  }
}

function toWorktree(repoId: string, record: WorktreeRecord, isMain: boolean, dirty: boolean | null): Worktree {
  return {
    repoId,
    path: record.path,
    head: record.head,
    branch: record.branch,
    detached: record.detached,
    isMain,
    locked: record.locked,
    lockReason: record.lockReason,
    prunable: record.prunable,
    prunableReason: record.prunableReason,
    dirty,
  };
}

/**
 * Dirty state of one worktree, or null when it cannot be known.
 *
 * A locked worktree on an unplugged drive is missing without being "prunable", so the folder is
 * checked too; git's own failure (a broken `.git` file) also yields null rather than failing the
 * whole list.
 */
async function readDirty(record: WorktreeRecord): Promise<boolean | null> {
  if (record.bare || record.prunable || !(await isDirectory(record.path))) return null;
  const dirty = await isDirty(record.path);
  return dirty.ok ? dirty.value : null;
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

async function realpathOrNull(file: string): Promise<string | null> {
  return realpath(file).catch(() => null);
}

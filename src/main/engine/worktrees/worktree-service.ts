/**
 * Worktrees of registered repositories: listing them, noticing when they change, and (with the
 * lifecycle options) creating, removing, archiving, restoring and bootstrapping them.
 *
 * git is the source of truth (`git worktree list --porcelain -z`); the service adds what git does
 * not say in that call (dirty state, target from git config, bootstrap state, ports) and keeps
 * nothing but watchers between calls.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type {
  ArchivedWorktree,
  ArchiveWorktreeInput as ArchiveInput,
  RemoveWorktreeInput as RemoveInput,
  ArchivePreview,
  BootstrapState,
  CreatedWorktree,
  CreateWorktreeInput,
  RemovedWorktree,
  RepoConfigView,
  RestoreWorktreeInput,
  Worktree,
  WorktreeArchive,
} from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { BootstrapService } from '../bootstrap/index.ts';
import { EventBus } from '../events/index.ts';
import { readBranchConfig } from '../git/branch-config.ts';
import type { BranchLineage } from '../git/branch-lineage.ts';
import { isDirty } from '../git/status.ts';
import { listWorktrees, type WorktreeRecord } from '../git/worktree-list.ts';
import type { WorktreeListHandoff } from '../git/worktree-list-handoff.ts';
import { portsOf } from '../ports/index.ts';
import type { PortReservation, PortService } from '../ports/index.ts';
import type { RepoService } from '../repos/index.ts';
import type { TrustService } from '../trust/index.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import { RepoWatcher } from './repo-watcher.ts';
import { resolveTargets, targetOf, type RepoTargets } from '../targets/index.ts';
import type { WorktreeLifecycle } from './worktree-lifecycle.ts';
import type { WorktreeSessions } from './worktree-sessions.ts';

/** What the lifecycle operations need beyond listing. */
export interface WorktreeLifecycleDeps {
  /** The engine's data directory (per-user repository config lives there). */
  home: string;
  bootstrap: BootstrapService;
  ports: PortService;
  /** Repository trust (setup, teardown and install scripts run only when trusted). */
  trust: TrustService;
  /** What `~` in `worktreeDir` means (tests point it elsewhere). */
  userHomeDir?: string;
  /** The sessions running in a worktree (remove and archive stop them or refuse). */
  sessions: WorktreeSessions;
}

/** Options for {@link WorktreeService}; `repos` and `lifecycle` are its dependencies, the rest tuning. */
export interface WorktreeServiceOptions {
  repos: RepoService;
  /** Poll interval of the fallback that catches what `fs.watch` misses (default 3 s). */
  pollIntervalMs?: number;
  /** Quiet time after a file-system event before re-reading (default 150 ms). */
  debounceMs?: number;
  /** Set false to rely on polling alone (default true). */
  useFsWatch?: boolean;
  /** What create/remove/archive/restore/prune/bootstrap and the extra list fields need. */
  lifecycle: WorktreeLifecycleDeps;
  /**
   * One-shot engines: `list` takes the `git worktree list` that resolving the repository just
   * read instead of running it again (git/worktree-list-handoff.ts); every change forgets it.
   */
  worktreeListHandoff?: WorktreeListHandoff;
}

/** What `list` reads besides git's records and each worktree's status (see `readExtras`). */
interface ListingExtras {
  /** Null when git could not read them (the listing then shows no targets). */
  targets: RepoTargets | null;
  lineage: Map<string, BranchLineage> | null;
  reservations: PortReservation[];
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
  private readonly deps: WorktreeLifecycleDeps;
  /** Loaded with the first create, remove, archive… (a listing never needs its modules). */
  private lifecycle: Promise<WorktreeLifecycle> | null = null;
  private readonly handoff: WorktreeListHandoff | undefined;
  private disposed = false;

  constructor(options: WorktreeServiceOptions) {
    this.repos = options.repos;
    this.pollIntervalMs = options.pollIntervalMs ?? 3_000;
    this.debounceMs = options.debounceMs ?? 150;
    this.useFsWatch = options.useFsWatch ?? true;
    this.stopFollowingRepos = this.repos.onDidChange(() => this.syncWatchers());
    this.deps = options.lifecycle;
    this.handoff = options.worktreeListHandoff;
  }

  /**
   * The worktrees of a repository, main worktree first, each with its dirty state.
   *
   * REPO_NOT_FOUND for an unknown id; WORKTREE_MISSING when the repository's own folder is gone;
   * NOT_A_GIT_REPO when the folder is there but no longer a repository (its `.git` was deleted).
   * `dirty` is null for a worktree whose folder is missing or whose status cannot be read.
   */
  async list(repoId: string): Promise<Result<Worktree[]>> {
    const records = await this.records(repoId);
    if (!records.ok) return records;
    const { repoPath, listed } = records.value;
    // The extras' git reads run beside the status reads: nothing in them depends on dirt.
    const extras = this.readExtras(repoPath, listed);
    const worktrees = await mapWithConcurrency(listed, STATUS_CONCURRENCY, async (record, index) =>
      toWorktree(repoId, record, index === 0, await readDirty(record)),
    );
    return ok(await this.enrich(worktrees, await extras));
  }

  /** git's worktree records of a registered repository (one git call, no status reads). */
  private async records(repoId: string): Promise<Result<{ repoPath: string; listed: WorktreeRecord[] }>> {
    const repo = this.repos.get(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    if (!(await isDirectory(repo.path))) return err({ kind: 'WORKTREE_MISSING', path: repo.path });
    const handed = this.handoff?.take(repo.path);
    const listed = handed ? ok([...handed.records]) : await listWorktrees(repo.path);
    if (!listed.ok) return listed;
    // If the repository's .git was deleted, git finds an enclosing repository instead (a dotfiles
    // repo in the home folder, say); its worktrees are not this repository's.
    const mainPath = listed.value[0]?.path;
    if (mainPath === undefined || (await realpathOrNull(mainPath)) !== repo.path) {
      return err({ kind: 'NOT_A_GIT_REPO', path: repo.path });
    }
    return ok({ repoPath: repo.path, listed: listed.value });
  }

  /** Create a worktree (see {@link WorktreeLifecycle.create}). */
  create(input: CreateWorktreeInput): Promise<Result<CreatedWorktree>> {
    return this.changing(input.repoId, (lifecycle) => lifecycle.create(input));
  }

  remove(input: RemoveInput): Promise<Result<RemovedWorktree>> {
    return this.changing(input.repoId, (lifecycle) => lifecycle.remove(input));
  }

  archive(input: ArchiveInput): Promise<Result<ArchivedWorktree>> {
    return this.changing(input.repoId, (lifecycle) => lifecycle.archive(input));
  }

  archivePreview(input: { repoId: string; path: string }): Promise<Result<ArchivePreview>> {
    return this.withLifecycle((lifecycle) => lifecycle.archivePreview(input));
  }

  restore(input: RestoreWorktreeInput): Promise<Result<CreatedWorktree>> {
    return this.changing(input.repoId, (lifecycle) => lifecycle.restore(input));
  }

  prune(input: { repoId: string; path: string }): Promise<Result<{ path: string }>> {
    return this.changing(input.repoId, (lifecycle) => lifecycle.prune(input));
  }

  archives(repoId: string): Promise<Result<WorktreeArchive[]>> {
    return this.withLifecycle((lifecycle) => lifecycle.archives(repoId));
  }

  bootstrap(input: {
    repoId: string;
    path: string;
    openPane?: { cols: number; rows: number };
  }): Promise<Result<{ bootstrap: BootstrapState; sessionId: string | null }>> {
    return this.changing(input.repoId, (lifecycle) => lifecycle.rerunBootstrap(input));
  }

  config(repoId: string): Promise<Result<RepoConfigView>> {
    return this.withLifecycle((lifecycle) => lifecycle.config(repoId));
  }

  /** One worktree as `list` reports it, or null when git does not list it. */
  async describe(repoId: string, worktreePath: string): Promise<Worktree | null> {
    // Only this worktree's status is read: a create no longer costs a `git status` of every
    // other worktree of the repository.
    const records = await this.records(repoId);
    if (!records.ok) return null;
    const wanted = path.resolve(worktreePath);
    const index = records.value.listed.findIndex((record) => path.resolve(record.path) === wanted);
    if (index === -1) return null;
    const record = records.value.listed[index]!;
    const extras = this.readExtras(records.value.repoPath, records.value.listed);
    const worktree = toWorktree(repoId, record, index === 0, await readDirty(record));
    return (await this.enrich([worktree], await extras))[0] ?? null;
  }

  /**
   * A lifecycle operation that changes the repository: the watcher holds its announcements
   * meanwhile (the operation announces its own change once, complete), so one create costs
   * every client one re-read instead of two.
   */
  private async changing<T>(repoId: string, task: (lifecycle: WorktreeLifecycle) => Promise<Result<T>>): Promise<Result<T>> {
    const release = this.watchers.get(repoId)?.hold();
    // A listing read before the change must not answer after it (nor one read half-way through).
    this.handoff?.forget();
    try {
      return await this.withLifecycle(task);
    } finally {
      this.handoff?.forget();
      release?.();
    }
  }

  private async withLifecycle<T>(task: (lifecycle: WorktreeLifecycle) => Promise<Result<T>>): Promise<Result<T>> {
    // The lifecycle's modules (create, remove, archive, restore and their git verbs) load on the
    // first operation: a one-shot `worktree list` never compiles them (issue 14, CLI start).
    this.lifecycle ??= import('./worktree-lifecycle.ts').then(
      ({ WorktreeLifecycle }) =>
        new WorktreeLifecycle({
          repos: this.repos,
          ...this.deps,
          describe: (repoId, worktreePath) => this.describe(repoId, worktreePath),
          notify: (repoId) => this.announce(repoId),
        }),
    );
    return task(await this.lifecycle);
  }

  /**
   * What `list` adds to git's records: targets (`resolveTargets`: recorded in git config, else
   * the default branch), lineage and port reservations. One `git config` read answers the
   * recorded targets, the lineage and `init.defaultBranch`, and the main worktree's entry its
   * checked-out branch, so this costs three git processes (refs, config, `origin/HEAD`), run
   * together, plus a small file read.
   */
  private async readExtras(repoPath: string, listed: readonly WorktreeRecord[]): Promise<ListingExtras> {
    const branchConfig = readBranchConfig(repoPath);
    // git lists the main worktree first; its branch is what `symbolic-ref HEAD` names in it.
    const main = listed[0];
    const mainBranch = main && path.resolve(main.path) === path.resolve(repoPath) ? { mainBranch: main.branch } : {};
    const [targets, config, reservations] = await Promise.all([
      resolveTargets(repoPath, { branchConfig, ...mainBranch }),
      branchConfig,
      this.deps.ports.list(),
    ]);
    return { targets: targets.ok ? targets.value : null, lineage: config.ok ? config.value.lineage : null, reservations };
  }

  /** Add the extras, bootstrap state and whether the folder is there (small file reads). */
  private async enrich(worktrees: Worktree[], extras: ListingExtras): Promise<Worktree[]> {
    const { targets, lineage, reservations } = extras;
    return Promise.all(
      worktrees.map(async (worktree) => {
        const block = reservations.find((reservation) => reservation.path === worktree.path);
        return {
          ...worktree,
          missing: worktree.prunable || (!worktree.isMain && !(await isDirectory(worktree.path))),
          target: targets ? targetOf(targets, worktree.branch) : null,
          bootstrap: await this.deps.bootstrap.state(worktree.path),
          ports: block ? portsOf(block) : [],
          parent: (worktree.branch !== null && lineage ? lineage.get(worktree.branch)?.parent : null) ?? null,
          integrator: worktree.branch !== null && lineage ? (lineage.get(worktree.branch)?.integrator ?? false) : false,
        };
      }),
    );
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
   * Resolves once every current watcher has its baseline and has read its repository again after
   * this call: a change made before the call has been reported by then (one made before the
   * baseline is part of it), and a change made after it is reported when it is seen. Tests use it
   * instead of sleeping, also to show that something was NOT reported.
   */
  async whenSettled(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.refresh()));
  }

  /** Stop every watcher and forget every listener. */
  dispose(): void {
    this.disposed = true;
    this.stopFollowingRepos();
    for (const watcher of this.watchers.values()) watcher.dispose();
    this.watchers.clear();
  }

  /**
   * A change made by the engine itself (the lifecycle, or another domain that moved branches,
   * like landing a fix): announce it once, and let the watcher adopt it silently.
   */
  async announce(repoId: string): Promise<void> {
    this.handoff?.forget();
    // Baseline first, then the event (see RepoWatcher.adopt for the race this order closes).
    await this.watchers.get(repoId)?.adopt();
    this.changed.emit(repoId);
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

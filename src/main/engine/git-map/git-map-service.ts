/**
 * Git intelligence for every repository: the status map, fix presence, applying a fix, and each
 * branch's target.
 *
 * Three caches: pair answers and patch-ids by commit ids (content-addressed, never stale; pair
 * answers also on disk, pair-store.ts), one {@link RepoModel} per watched repository, dropped
 * whenever its refs or worktrees change, and the worktrees' dirty flags (dirty-flags.ts). The
 * watchers run only after {@link GitMapService.start} (the composition root calls it unless the
 * engine is one-shot); without them every question reads the model fresh, so answers are never
 * stale in either mode.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { ApplyOutcome, FixPresence, GitMap, RepoRef } from '../../../shared/protocol/git-map.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/event-bus.ts';
import { checkBranchName } from '../git/branch.ts';
import { setBranchTarget, unsetBranchTarget } from '../git/branch-target.ts';
import { operationInProgress } from '../git/cherry-pick.ts';
import { hasCommitGraph, writeCommitGraph } from '../git/commit-graph.ts';
import { listRefs } from '../git/for-each-ref.ts';
import { readWorktreePorcelain } from '../git/worktree-list.ts';
import { findBranch } from '../targets/resolve-targets.ts';
import { RepoWatcher } from '../worktrees/repo-watcher.ts';
import { abortApply, applyFix, findWorktree } from './apply-fix.ts';
import { fixPresence, resolveUserCommit } from './fix-presence.ts';
import { conflictPrompt } from './hand-to-agent.ts';
import { loadRepoModel, locateRepo, type RepoModel, type RepoModelDeps } from './repo-model.ts';
import { DirtyFlags } from './dirty-flags.ts';
import { PairStore } from './pair-store.ts';
import { createStatusCaches, type StatusCaches } from './status-cache.ts';
import { buildStatusMap } from './status-map.ts';

/** What "hand to agent" needs from the agents domain (wired by the composition root). */
export interface AgentPort {
  /** The live agent session running in `cwd`, if any. */
  sessionIn(cwd: string): string | null;
  /** Type a prompt into a session as if the user had typed it and pressed Enter. */
  type(sessionId: string, prompt: string): Result<null>;
  /** Start agent `agentId` in `cwd` with `prompt` as its task. */
  launch(input: { agentId: string; cwd: string; repoId: string | null; prompt: string }): Promise<Result<{ sessionId: string }>>;
}

export interface GitMapServiceOptions extends RepoModelDeps {
  readonly agents: AgentPort;
  /** Poll interval of the watchers' fallback (default 3 s). */
  readonly pollIntervalMs?: number;
  /** Set false to rely on polling alone (tests of the fallback). */
  readonly useFsWatch?: boolean;
  /** Write a commit-graph when a repository has none (default true). */
  readonly writeCommitGraphs?: boolean;
}

export class GitMapService {
  private readonly caches: StatusCaches = createStatusCaches();
  private readonly pairStore: PairStore;
  private readonly dirtyFlags = new DirtyFlags();
  private readonly models = new Map<string, Promise<Result<RepoModel>>>();
  private readonly watchers = new Map<string, RepoWatcher>();
  private readonly changed = new EventBus<string>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly graphWrites = new Map<string, Promise<unknown>>();
  private stopFollowingRepos: (() => void) | null = null;
  private started = false;

  constructor(private readonly options: GitMapServiceOptions) {
    this.pairStore = new PairStore(options.home);
  }

  /** The content-addressed caches (tests check which pairs a change recomputes). */
  get statusCaches(): StatusCaches {
    return this.caches;
  }

  /** Watch every registered repository (refs and worktree metadata) and keep models cached. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopFollowingRepos = this.options.repos.onDidChange(() => this.syncWatchers());
    this.syncWatchers();
  }

  /** Stop watching and wait for background commit-graph writes. */
  async dispose(): Promise<void> {
    this.started = false;
    this.stopFollowingRepos?.();
    for (const watcher of this.watchers.values()) watcher.dispose();
    this.watchers.clear();
    this.models.clear();
    await this.dirtyFlags.settled();
    this.dirtyFlags.clear();
    await Promise.allSettled([...this.graphWrites.values(), this.pairStore.add(new Map())]);
  }

  /** Called with a registered repository's id when its map may have changed. */
  onDidChange(listener: (repoId: string) => void): () => void {
    return this.changed.on(listener);
  }

  /** Resolves once every watcher has its baseline (tests wait on it instead of sleeping). */
  async whenSettled(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((watcher) => watcher.ready));
  }

  /**
   * The status map. `freshDirty` reads every worktree's dirty flag before answering; otherwise a
   * watched repository answers from the last flags and re-reads them in the background
   * (dirty-flags.ts). Unwatched repositories (one-shot engine) always read them fresh.
   */
  async map(ref: RepoRef, signal?: AbortSignal, options: { freshDirty?: boolean } = {}): Promise<Result<GitMap>> {
    const model = await this.model(ref, signal);
    if (!model.ok) return model;
    this.ensureCommitGraph(model.value);
    await this.pairStore.load(this.caches.pairs);
    const { repoId, commonDir } = model.value;
    const watched = repoId !== null && this.watchers.has(repoId);
    return buildStatusMap(model.value, this.caches, {
      ...(signal ? { signal } : {}),
      dirtyOf: (worktrees) =>
        this.dirtyFlags.read(commonDir, model.value.mainPath, worktrees, !watched || options.freshDirty === true, () => {
          if (repoId !== null) this.changed.emit(repoId);
        }),
      onComputed: (answers) => void this.pairStore.add(answers),
    });
  }

  /** Resolves once background dirty re-reads and pair-store writes are done (tests). */
  async whenIdle(): Promise<void> {
    await this.dirtyFlags.settled();
    await this.pairStore.add(new Map());
  }

  async contains(ref: RepoRef, commit: string, signal?: AbortSignal): Promise<Result<FixPresence>> {
    const model = await this.model(ref, signal);
    if (!model.ok) return model;
    return fixPresence(model.value, commit, signal);
  }

  /** Record (or with null, forget) `branch`'s target; TARGET_NOT_FOUND / BRANCH_NOT_FOUND change nothing. */
  async setTarget(ref: RepoRef, branch: string, target: string | null): Promise<Result<null>> {
    const model = await this.model(ref);
    if (!model.ok) return model;
    const { mainPath, targets } = model.value;
    const valid = await checkBranchName(mainPath, branch);
    if (!valid.ok) return valid;
    if (!targets.tips.has(`refs/heads/${branch}`)) return err({ kind: 'BRANCH_NOT_FOUND', branch });
    if (target !== null) {
      if (target === branch) return err({ kind: 'INVALID_INPUT', message: `a branch cannot target itself (${branch})` });
      if (!findBranch(targets.tips, target)) return err({ kind: 'TARGET_NOT_FOUND', branch: target });
    }
    const written = target === null ? await unsetBranchTarget(mainPath, branch) : await setBranchTarget(mainPath, branch, target);
    if (!written.ok) return written;
    this.invalidate(model.value);
    return ok(null);
  }

  /** Cherry-pick a commit into worktrees (see apply-fix.ts); one apply per repository at a time. */
  async apply(ref: RepoRef, commit: string, worktrees: readonly string[], allowDirty: boolean): Promise<Result<ApplyOutcome[]>> {
    const model = await this.model(ref);
    if (!model.ok) return model;
    const result = await this.exclusive(model.value.mainPath, () => applyFix(model.value, commit, worktrees, allowDirty));
    this.invalidate(model.value);
    return result;
  }

  async abortApply(ref: RepoRef, worktree: string): Promise<Result<null>> {
    const model = await this.model(ref);
    if (!model.ok) return model;
    const result = await this.exclusive(model.value.mainPath, () => abortApply(model.value, worktree));
    this.invalidate(model.value);
    return result;
  }

  /** Give a (conflicted) apply to the worktree's agent, or start `agentId` there with the prompt. */
  async handToAgent(ref: RepoRef, worktree: string, commitish: string, agentId?: string): Promise<Result<{ sessionId: string; started: boolean }>> {
    const agents = this.options.agents;
    const model = await this.model(ref);
    if (!model.ok) return model;
    const record = findWorktree(model.value, worktree);
    if (!record) return err({ kind: 'WORKTREE_NOT_FOUND', path: worktree });
    const commit = await resolveUserCommit(model.value.mainPath, commitish);
    if (!commit.ok) return commit;
    const inProgress = (await operationInProgress(record.path)) === 'cherry-pick';
    const prompt = conflictPrompt({ sha: commit.value.sha, subject: commit.value.subject, inProgress });
    const running = agents.sessionIn(record.path);
    if (running) {
      const typed = agents.type(running, prompt);
      return typed.ok ? ok({ sessionId: running, started: false }) : typed;
    }
    if (!agentId) return err({ kind: 'INVALID_INPUT', message: `no agent is running in ${record.path}; choose one to start` });
    const launched = await agents.launch({ agentId, cwd: record.path, repoId: model.value.repoId, prompt });
    return launched.ok ? ok({ sessionId: launched.value.sessionId, started: true }) : launched;
  }

  /** The model: cached while its repository is watched, else read fresh. */
  private async model(ref: RepoRef, signal?: AbortSignal): Promise<Result<RepoModel>> {
    const location = await locateRepo(ref, this.options);
    if (!location.ok) return location;
    const { repoId } = location.value;
    const watched = repoId !== null && this.watchers.has(repoId);
    if (!watched) return loadRepoModel(location.value, this.options, signal);
    let cached = this.models.get(repoId);
    if (!cached) {
      // Not tied to one caller's signal: the cached read serves every caller.
      cached = loadRepoModel(location.value, this.options);
      this.models.set(repoId, cached);
      // A failed read is not kept: the next question tries again.
      void cached.then((result) => {
        if (!result.ok && this.models.get(repoId) === cached) this.models.delete(repoId);
      });
    }
    return cached;
  }

  private invalidate(model: RepoModel): void {
    if (model.repoId === null) return;
    this.models.delete(model.repoId);
    this.changed.emit(model.repoId);
  }

  /** Start one background `commit-graph write` for a repository that has none. */
  private ensureCommitGraph(model: RepoModel): void {
    if (this.options.writeCommitGraphs === false || this.graphWrites.has(model.commonDir)) return;
    const write = (async () => {
      if (await hasCommitGraph(model.commonDir)) return;
      const written = await writeCommitGraph(model.mainPath);
      // Another git process writing it at the same moment holds its lock: that one will do.
      const locked = !written.ok && written.error.kind === 'GIT_FAILED' && /\.lock\b/.test(written.error.stderr);
      if (!written.ok && !locked) console.error(`commit-graph write failed in ${model.mainPath}: ${describe(written.error)}`);
    })();
    this.graphWrites.set(model.commonDir, write);
  }

  private syncWatchers(): void {
    const wanted = new Map(this.started ? this.options.repos.list().map((repo) => [repo.id, repo.path] as const) : []);
    for (const [repoId, watcher] of this.watchers) {
      if (!wanted.has(repoId)) {
        watcher.dispose();
        this.watchers.delete(repoId);
        this.models.delete(repoId);
      }
    }
    for (const [repoId, repoPath] of wanted) {
      if (this.watchers.has(repoId)) continue;
      this.watchers.set(
        repoId,
        new RepoWatcher({
          repoPath,
          pollIntervalMs: this.options.pollIntervalMs ?? 3_000,
          debounceMs: 150,
          useFsWatch: this.options.useFsWatch ?? true,
          readSignature: readMapSignature,
          onChange: () => {
            this.models.delete(repoId);
            this.changed.emit(repoId);
          },
        }),
      );
    }
  }

  /** Run tasks for one repository one at a time (a failed task does not block the next). */
  private exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }
}

/** What the map depends on: worktrees (HEADs, branches, locks) and every branch tip. */
async function readMapSignature(repoPath: string): Promise<Result<string>> {
  const [porcelain, refs] = await Promise.all([readWorktreePorcelain(repoPath), listRefs(repoPath, ['refs/heads', 'refs/remotes'])]);
  if (!porcelain.ok) return porcelain;
  if (!refs.ok) return refs;
  return ok(`${porcelain.value}\n${refs.value.map((tip) => `${tip.sha} ${tip.ref}`).join('\n')}`);
}

function describe(error: AppError): string {
  return 'stderr' in error ? error.stderr : error.kind;
}

/**
 * Creating, removing, archiving, restoring and pruning worktrees.
 *
 * Every operation checks everything it can before it changes anything, and returns a typed error
 * instead; when a later step fails, the earlier ones are undone (a worktree added but whose target
 * could not be recorded is removed again, with its new branch). Operations on one repository run
 * one at a time, so two creates cannot race for the same name.
 */
import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AppError } from '../../../shared/errors.ts';
import type { Repo } from '../../../shared/protocol/repos.ts';
import type {
  ArchivedWorktree,
  ArchiveWorktreeInput as ArchiveInput,
  RemoveWorktreeInput as RemoveInput,
  ArchivePreview,
  BootstrapState,
  CreatedWorktree,
  CreateWorktreeInput,
  RemovedWorktree,
  RepoConfig,
  RepoConfigView,
  RestoreWorktreeInput,
  Worktree,
  WorktreeArchive,
} from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { BootstrapService } from '../bootstrap/index.ts';
import {
  ARCHIVE_REF_PREFIX,
  archiveMessage,
  archiveNameFor,
  createArchiveRef,
  deleteArchiveRef,
  isValidArchiveName,
  listArchives,
} from '../git/archive-refs.ts';
import { branchExists, checkBranchName, deleteBranch, refExists, resolveCommit } from '../git/branch.ts';
import { setBranchTarget, unsetBranchTarget } from '../git/branch-target.ts';
import { snapshotWorktree } from '../git/snapshot.ts';
import { inspectArchiveLoss, MAX_ARCHIVE_IGNORED_BYTES } from '../git/archive-loss.ts';
import { readStatus } from '../git/status.ts';
import { countUnmergedCommits } from '../git/unmerged.ts';
import { classifyAddError, worktreeAdd } from '../git/worktree-add.ts';
import { listWorktrees, type WorktreeRecord } from '../git/worktree-list.ts';
import { pruneWorktreeEntry, worktreeRemove, worktreeUnlock } from '../git/worktree-remove.ts';
import type { PortService } from '../ports/index.ts';
import { loadRepoConfig, type LoadedRepoConfig, isInsideOrEqual } from '../repo-config/index.ts';
import type { TrustService } from '../trust/index.ts';
import type { RepoService } from '../repos/index.ts';
import { branchForName, worktreeNameProblem, worktreeSlug } from './worktree-name.ts';
import { isDirectory, pathExists, mkdirTracked, missingFolders, realDirectory, removeEmptyDirs } from '../fs/index.ts';
import { applyArchive } from '../git/archive-apply.ts';
import { findBranch, mergeTargetsOf, resolveTargets } from '../targets/index.ts';
import type { WorktreeSessions } from './worktree-sessions.ts';
import { OperationJournal } from './operation-journal.ts';
import { recoverJournalEntry, reportRecovery, stillRunning } from './recovery.ts';

export interface WorktreeLifecycleOptions {
  repos: RepoService;
  /** Sessions running in a worktree: stopped (or refused) before its folder goes. */
  sessions: WorktreeSessions;
  bootstrap: BootstrapService;
  ports: PortService;
  /** Repository trust: setup, teardown and install scripts run only for trusted content. */
  trust: TrustService;
  home: string;
  userHomeDir?: string;
  /** The enriched `list` entry of one worktree (for results). */
  describe: (repoId: string, worktreePath: string) => Promise<Worktree | null>;
  /** Tell listeners a repository's worktrees changed (the watcher would notice too, later). */
  notify: (repoId: string) => Promise<void>;
}

/** Where the lifecycle found a worktree, and the repository around it. */
interface Located {
  repo: Repo;
  config: RepoConfig;
  /** The user trusts this config content (its commands may run). */
  trusted: boolean;
  records: WorktreeRecord[];
  record: WorktreeRecord;
  missing: boolean;
}

export class WorktreeLifecycle {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly userHomeDir: string;
  /** Create, remove, archive and restore write their intent here first (see `recovery.ts`). */
  private readonly journal: OperationJournal;

  constructor(private readonly options: WorktreeLifecycleOptions) {
    this.userHomeDir = options.userHomeDir ?? os.homedir();
    this.journal = new OperationJournal(options.home);
  }

  /** The effective configuration of a repository (INVALID_CONFIG names the bad field). */
  async config(repoId: string): Promise<Result<RepoConfigView>> {
    const repo = this.options.repos.get(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    const loaded = await loadRepoConfig(repo.path, this.options.home, this.userHomeDir);
    if (!loaded.ok) return loaded;
    const resolved = await resolveTargets(repo.path, { configTargets: loaded.value.config.targets });
    return ok({ ...loaded.value, defaultBranch: resolved.ok ? resolved.value.defaultBranch : null });
  }

  /** Create a worktree on a new branch from a base, record its target, start its bootstrap. */
  create(input: CreateWorktreeInput): Promise<Result<CreatedWorktree>> {
    return this.exclusive(input.repoId, () => this.createNow(input));
  }

  /** Remove a worktree; refuses to lose work (changes, unmerged commits, a lock) unless forced. */
  remove(input: RemoveInput): Promise<Result<RemovedWorktree>> {
    return this.exclusive(input.repoId, () => this.removeNow(input));
  }

  /** Snapshot uncommitted + untracked changes on an archive ref, run teardown, remove; keep the branch. */
  archive(input: ArchiveInput): Promise<Result<ArchivedWorktree>> {
    return this.exclusive(input.repoId, () => this.archiveNow(input));
  }

  /** What archiving would save and leave out; changes nothing. */
  async archivePreview(input: { repoId: string; path: string }): Promise<Result<ArchivePreview>> {
    const located = await this.locate(input.repoId, input.path);
    if (!located.ok) return located;
    const { record, missing } = located.value;
    if (missing) return err({ kind: 'WORKTREE_MISSING', path: record.path });
    const status = await readStatus(record.path);
    if (!status.ok) return status;
    const loss = await inspectArchiveLoss(record.path);
    if (!loss.ok) return loss;
    return ok({
      path: record.path,
      changes: status.value.length,
      ignoredKept: loss.value.keep,
      ignoredBytes: loss.value.keepBytes,
      limitBytes: MAX_ARCHIVE_IGNORED_BYTES,
      ignoredSkipped: loss.value.skip,
      nestedRepos: loss.value.nestedRepos,
    });
  }

  /** Bring back an archive (with its changes) or a worktree whose folder is missing. */
  restore(input: RestoreWorktreeInput): Promise<Result<CreatedWorktree>> {
    return this.exclusive(input.repoId, () =>
      input.archive !== undefined ? this.restoreArchive(input, input.archive) : this.restoreMissing(input),
    );
  }

  /** Forget one worktree whose folder is gone (git's admin entry; the branch stays). */
  prune(input: { repoId: string; path: string }): Promise<Result<{ path: string }>> {
    return this.exclusive(input.repoId, async () => {
      const located = await this.locate(input.repoId, input.path);
      if (!located.ok) return located;
      const { repo, record, missing } = located.value;
      if (!missing) return err({ kind: 'WORKTREE_NOT_MISSING', path: record.path });
      if (record.locked) return err({ kind: 'WORKTREE_LOCKED', path: record.path, reason: record.lockReason });
      const pruned = await pruneWorktreeEntry(repo.path, record.path);
      if (!pruned.ok) return pruned;
      if (!pruned.value) return err({ kind: 'WORKTREE_NOT_FOUND', path: record.path });
      await this.options.ports.release(record.path);
      await this.options.notify(repo.id);
      return ok({ path: record.path });
    });
  }

  /** The repository's archives, newest first. */
  async archives(repoId: string): Promise<Result<WorktreeArchive[]>> {
    const repo = this.options.repos.get(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    return listArchives(repo.path);
  }

  /** (Re)run a worktree's bootstrap. */
  async rerunBootstrap(input: {
    repoId: string;
    path: string;
    openPane?: { cols: number; rows: number };
  }): Promise<Result<{ bootstrap: BootstrapState; sessionId: string | null }>> {
    const located = await this.locate(input.repoId, input.path);
    if (!located.ok) return located;
    const { repo, config, trusted, record, missing } = located.value;
    if (missing) return err({ kind: 'WORKTREE_MISSING', path: record.path });
    const started = await this.startBootstrap(repo, config, trusted, record.path, record.branch, input.openPane);
    if (!started.ok) return started;
    return ok({ bootstrap: started.value.state, sessionId: started.value.sessionId });
  }

  private async createNow(input: CreateWorktreeInput): Promise<Result<CreatedWorktree>> {
    const repo = this.options.repos.get(input.repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId: input.repoId });
    const loaded = await loadRepoConfig(repo.path, this.options.home, this.userHomeDir);
    if (!loaded.ok) return loaded;
    const config = loaded.value.config;
    const trusted = await this.trusted(repo, loaded.value);

    const nameProblem = worktreeNameProblem(input.name);
    if (nameProblem) return err({ kind: 'INVALID_WORKTREE_NAME', name: input.name, problem: nameProblem });
    const branch = input.branch ?? branchForName(input.name, config.branchPrefix);
    // A create of this branch or folder a kill interrupted is rolled back first (or, if it holds
    // the user's work, named as what is in the way), so retrying it works even in an engine that
    // has been running since before the kill.
    const plannedPath = path.join((await realDirectory(config.worktreeDir)).path, worktreeSlug(input.name));
    const interrupted = await this.settleInterruptedCreate(repo.path, branch, plannedPath);
    if (interrupted) return err(interrupted);
    // These reads do not depend on each other: run them at once (a new worktree is ready sooner,
    // issue 14), then report problems in the same order as before.
    const [validBranch, listed, resolved, exists] = await Promise.all([
      checkBranchName(repo.path, branch),
      listWorktrees(repo.path),
      resolveTargets(repo.path, { configTargets: config.targets }),
      branchExists(repo.path, branch),
    ]);
    if (!validBranch.ok) return validBranch;
    if (!listed.ok) return listed;
    const records = listed.value;
    if (!resolved.ok) return resolved;
    const base = await this.resolveBase(repo, records, input, resolved.value.defaultBranch);
    if (!base.ok) return base;

    // A new branch merges into what the user said, else the first configured target, else the
    // branch it starts from, else the default branch.
    const target = input.target ?? config.targets[0] ?? base.value.branch ?? resolved.value.defaultBranch;
    if (target !== null && !findBranch(resolved.value.tips, target)) return err({ kind: 'TARGET_NOT_FOUND', branch: target });

    if (!exists.ok) return exists;
    if (exists.value) {
      const holder = records.find((record) => record.branch === branch);
      return holder ? err({ kind: 'BRANCH_CHECKED_OUT', branch, path: holder.path }) : err({ kind: 'BRANCH_EXISTS', branch });
    }

    const parent = await realDirectory(config.worktreeDir);
    // worktreeDir was checked as written; a symlink on the way must not lead out either.
    const allowedRoots = await Promise.all([path.dirname(repo.path), this.userHomeDir].map((root) => realpath(root).catch(() => root)));
    if (!allowedRoots.some((root) => isInsideOrEqual(parent.path, root))) {
      return err({ kind: 'INVALID_CONFIG', file: loaded.value.files.repo.path, field: 'worktreeDir', problem: `leads to ${parent.path}, outside the repository's parent folder and your home folder` });
    }
    // The folder follows the same slug rule as the branch: "login page" → login-page.
    const worktreePath = path.join(parent.path, worktreeSlug(input.name));
    if (await pathExists(worktreePath)) return err({ kind: 'WORKTREE_EXISTS', path: worktreePath });
    // Pre-flight: a stale entry for this very path (its folder deleted by hand) would make git
    // refuse. Only that entry is pruned; other missing worktrees stay listed for the user to decide.
    const stale = records.find((record) => samePath(record.path, worktreePath));
    if (stale) {
      if (stale.locked) return err({ kind: 'WORKTREE_EXISTS', path: worktreePath });
      const pruned = await pruneWorktreeEntry(repo.path, stale.path);
      if (!pruned.ok) return pruned;
    }

    // Journaled before the first change: a kill from here on is rolled back at the next start
    // (or by the next create of the same worktree), see recovery-create.ts.
    const entry = await this.journal.begin({
      op: 'create',
      repoPath: repo.path,
      worktreePath,
      name: input.name,
      branch,
      createdBranch: true,
      base: base.value.commit,
      target,
      createdDirs: await missingFolders(parent.path),
    });
    const undone = async <T>(result: Result<T>): Promise<Result<T>> => {
      await this.journal.finish(entry);
      return result;
    };
    const created = await mkdirTracked(parent.path);
    const added = await worktreeAdd(repo.path, { path: worktreePath, newBranch: branch, commitish: base.value.commit });
    if (!added.ok) {
      await removeEmptyDirs(created);
      return undone(err(classifyAddError(added.error, branch, worktreePath)));
    }
    if (target !== null) {
      const recorded = await setBranchTarget(repo.path, branch, target);
      if (!recorded.ok) {
        await worktreeRemove(repo.path, worktreePath, 2);
        await deleteBranch(repo.path, branch);
        await removeEmptyDirs(created);
        return undone(recorded);
      }
    }
    await this.journal.finish(entry);
    await this.options.notify(repo.id);
    return this.finishCreated(repo, config, trusted, worktreePath, branch, input);
  }

  /** After a worktree exists: start the bootstrap (unless asked not to) and describe the result. */
  private async finishCreated(
    repo: Repo,
    config: RepoConfig,
    trusted: boolean,
    worktreePath: string,
    branch: string | null,
    input: { bootstrap?: boolean; openPane?: { cols: number; rows: number } },
  ): Promise<Result<CreatedWorktree>> {
    let bootstrap: BootstrapState | null = null;
    let sessionId: string | null = null;
    if (input.bootstrap !== false) {
      const started = await this.startBootstrap(repo, config, trusted, worktreePath, branch, input.openPane);
      if (started.ok) {
        bootstrap = started.value.state;
        sessionId = started.value.sessionId;
      }
    }
    const worktree = await this.options.describe(repo.id, worktreePath);
    if (!worktree) return err({ kind: 'INTERNAL', message: `git does not list the new worktree ${worktreePath}` });
    return ok({ worktree, bootstrap, sessionId });
  }

  private async startBootstrap(
    repo: Repo,
    config: RepoConfig,
    trusted: boolean,
    worktreePath: string,
    branch: string | null,
    openPane: { cols: number; rows: number } | undefined,
  ): Promise<Result<{ state: BootstrapState; sessionId: string | null }>> {
    const started = await this.options.bootstrap.start({ repoId: repo.id, mainPath: repo.path, worktreePath, branch, config, trusted });
    if (!started.ok) return started;
    let sessionId: string | null = null;
    if (openPane) {
      const session = await this.options.bootstrap.openLogSession(worktreePath, { repoId: repo.id, ...openPane, closeOnSuccess: true });
      if (session.ok) sessionId = session.value.id;
    }
    return ok({ state: started.value, sessionId });
  }

  /** The commit to start from, and the branch it names (for the default target). */
  private async resolveBase(
    repo: Repo,
    records: readonly WorktreeRecord[],
    input: CreateWorktreeInput,
    defaultBranch: string | null,
  ): Promise<Result<{ commit: string; branch: string | null }>> {
    const base = input.base ?? { kind: 'default' as const };
    switch (base.kind) {
      case 'default': {
        if (defaultBranch === null) return err({ kind: 'BASE_NOT_FOUND', ref: 'the default branch' });
        const commit = await resolveCommit(repo.path, defaultBranch);
        if (!commit.ok) return commit;
        if (commit.value === null) return err({ kind: 'REPO_HAS_NO_COMMITS', path: repo.path });
        return ok({ commit: commit.value, branch: defaultBranch });
      }
      case 'ref': {
        const commit = await resolveCommit(repo.path, base.ref);
        if (!commit.ok) return commit;
        if (commit.value === null) return err({ kind: 'BASE_NOT_FOUND', ref: base.ref });
        const isBranch = await branchExists(repo.path, base.ref);
        return ok({ commit: commit.value, branch: isBranch.ok && isBranch.value ? base.ref : null });
      }
      case 'worktree': {
        const record = records.find((candidate) => samePath(candidate.path, base.path));
        if (!record || record.head === null) return err({ kind: 'BASE_NOT_FOUND', ref: base.path });
        return ok({ commit: record.head, branch: record.branch });
      }
    }
  }

  private async removeNow(input: RemoveInput): Promise<Result<RemovedWorktree>> {
    const located = await this.locate(input.repoId, input.path);
    if (!located.ok) return located;
    const { repo, config, trusted, record, missing } = located.value;
    const force = input.force === true;
    const refusal = await this.checkNothingLost(located.value, force);
    if (refusal) return err(refusal);
    if (this.options.bootstrap.isRunning(record.path) && !force) return err({ kind: 'BOOTSTRAP_RUNNING', path: record.path });
    const stopped = await this.stopSessions(record.path, input.stopSessions === true);
    if (stopped !== null) {
      if (!stopped.ok) return stopped;
      // The stopped agents may have written files on their way out: check again before deleting.
      const late = await this.checkNothingLost(located.value, force);
      if (late) return err(late);
    }
    if (this.options.bootstrap.isRunning(record.path)) await this.options.bootstrap.cancel(record.path);

    const teardown = missing ? null : await this.teardown(repo, config, trusted, record);
    // Journaled before the first change, with what this removal discards (a forced one may
    // discard changes): a kill from here on is finished at the next start only when that is
    // nothing, else the worktree is made usable again (recovery-remove.ts).
    const loses = force ? await this.whatRemovalLoses(located.value) : { uncommitted: false, unmergedCommits: 0 };
    const deleteBranchToo = input.deleteBranch === true && record.branch !== null;
    let entry = await this.journal.begin({
      op: 'remove',
      repoPath: repo.path,
      worktreePath: record.path,
      branch: record.branch,
      head: record.head,
      ...loses,
      deleteBranch: deleteBranchToo,
      step: 'removing',
    });
    const abandon = async <T>(result: Result<T>): Promise<Result<T>> => {
      await this.journal.finish(entry);
      return result;
    };
    if (missing) {
      if (record.locked) {
        const unlocked = await worktreeUnlock(repo.path, record.path);
        if (!unlocked.ok) return abandon(unlocked);
      }
      const pruned = await pruneWorktreeEntry(repo.path, record.path);
      if (!pruned.ok) return abandon(pruned);
    } else {
      const removed = await worktreeRemove(repo.path, record.path, force ? (record.locked ? 2 : 1) : 0);
      if (!removed.ok) return abandon(removed);
    }
    await this.options.ports.release(record.path);
    let branchDeleted = false;
    if (deleteBranchToo && record.branch) {
      entry = await this.journal.advance(entry, { step: 'branch' });
      const deleted = await deleteBranch(repo.path, record.branch);
      branchDeleted = deleted.ok;
      if (deleted.ok) await unsetBranchTarget(repo.path, record.branch);
    }
    await this.journal.finish(entry);
    await this.options.notify(repo.id);
    return ok({ path: record.path, branch: record.branch, branchDeleted, teardown });
  }

  /**
   * Refuse (WORKTREE_HAS_SESSIONS with their list) while shells or agents run in the worktree, or
   * stop them all when `stop`. Null when there was nothing to ask about (viewers are still stopped).
   */
  private async stopSessions(worktreePath: string, stop: boolean): Promise<Result<null> | null> {
    const sessions = this.options.sessions;
    const running = sessions.runningIn(worktreePath);
    if (running.length > 0 && !stop) return err({ kind: 'WORKTREE_HAS_SESSIONS', path: worktreePath, sessions: running });
    await sessions.stopAllIn(worktreePath);
    return running.length > 0 ? ok(null) : null;
  }

  /** Why removing would lose something (lock, uncommitted changes, unmerged commits), or null. */
  private async checkNothingLost(located: Located, force: boolean): Promise<AppError | null> {
    const { repo, config, record, missing } = located;
    if (force) return null;
    if (record.locked) return { kind: 'WORKTREE_LOCKED', path: record.path, reason: record.lockReason };
    if (!missing) {
      const status = await readStatus(record.path);
      if (!status.ok) return status.error;
      if (status.value.length > 0) return { kind: 'WORKTREE_DIRTY', path: record.path, changes: status.value.length };
    }
    if (record.head === null) return null;
    const resolved = await resolveTargets(repo.path, { configTargets: config.targets });
    if (!resolved.ok) return resolved.error;
    const targetRefs = mergeTargetsOf(resolved.value, record.branch).map((target) => target.ref);
    const unmerged = await countUnmergedCommits(repo.path, record.head, targetRefs);
    if (!unmerged.ok) return unmerged.error;
    if (unmerged.value > 0) return { kind: 'WORKTREE_UNMERGED', path: record.path, branch: record.branch, commits: unmerged.value };
    return null;
  }

  /**
   * What a forced removal discards, for its journal entry: uncommitted or untracked files, and
   * commits no target, remote branch or archive holds. When git cannot tell, the answer is
   * "something" (recovery then keeps the worktree rather than finishing a removal blind).
   */
  private async whatRemovalLoses(located: Located): Promise<{ uncommitted: boolean; unmergedCommits: number }> {
    const { repo, config, record, missing } = located;
    let uncommitted = false;
    if (!missing) {
      const status = await readStatus(record.path);
      uncommitted = !status.ok || status.value.length > 0;
    }
    if (record.head === null) return { uncommitted, unmergedCommits: 0 };
    const resolved = await resolveTargets(repo.path, { configTargets: config.targets });
    if (!resolved.ok) return { uncommitted, unmergedCommits: 1 };
    const targetRefs = mergeTargetsOf(resolved.value, record.branch).map((target) => target.ref);
    const unmerged = await countUnmergedCommits(repo.path, record.head, targetRefs);
    return { uncommitted, unmergedCommits: unmerged.ok ? unmerged.value : 1 };
  }

  /**
   * Settle an earlier create of this branch or folder that a kill interrupted (its journal entry
   * is still there): roll it back now, as the next start would. Null when nothing is in the way;
   * CREATE_INTERRUPTED when its process still runs or what it left holds the user's work.
   */
  private async settleInterruptedCreate(repoPath: string, branch: string, worktreePath: string): Promise<AppError | null> {
    const pending = await this.journal.pending();
    for (const entry of pending) {
      if (entry.op !== 'create' || !samePath(entry.repoPath, repoPath)) continue;
      if (entry.branch !== branch && !samePath(entry.worktreePath, worktreePath)) continue;
      if (stillRunning(entry)) return { kind: 'CREATE_INTERRUPTED', branch: entry.branch, path: entry.worktreePath, pid: entry.pid, problem: 'it is still running' };
      const report = { actions: [] as string[] };
      try {
        await recoverJournalEntry(entry, { home: this.options.home, repoPaths: [repoPath] }, report);
      } catch (error) {
        return { kind: 'CREATE_INTERRUPTED', branch: entry.branch, path: entry.worktreePath, pid: null, problem: (error as Error).message };
      } finally {
        await reportRecovery(report);
      }
    }
    return null;
  }

  private async teardown(repo: Repo, config: RepoConfig, trusted: boolean, record: WorktreeRecord) {
    if (config.teardown.length === 0) return null;
    if (!trusted) {
      const skipped = config.teardown.map((command) => `not run: ${command}\n`).join('');
      return { ok: true, failed: null, exitCode: null, output: `Teardown skipped: the repository is not trusted.\n${skipped}` };
    }
    const env = await this.options.bootstrap.worktreeEnv(repo.path, record.path, record.branch);
    return this.options.bootstrap.runCommands(config.teardown, record.path, env);
  }

  private async archiveNow(input: ArchiveInput): Promise<Result<ArchivedWorktree>> {
    const located = await this.locate(input.repoId, input.path);
    if (!located.ok) return located;
    const { repo, config, trusted, record, missing } = located.value;
    if (missing) return err({ kind: 'WORKTREE_MISSING', path: record.path });
    if (record.locked && !input.force) return err({ kind: 'WORKTREE_LOCKED', path: record.path, reason: record.lockReason });
    if (record.head === null) return err({ kind: 'REPO_HAS_NO_COMMITS', path: record.path });
    if (this.options.bootstrap.isRunning(record.path) && !input.force) return err({ kind: 'BOOTSTRAP_RUNNING', path: record.path });
    // Before the snapshot, so what the agents write on their way out is archived too.
    const stopped = await this.stopSessions(record.path, input.stopSessions === true);
    if (stopped !== null && !stopped.ok) return stopped;
    if (this.options.bootstrap.isRunning(record.path)) await this.options.bootstrap.cancel(record.path);

    let name = archiveNameFor(path.basename(record.path));
    if (!(await isValidArchiveName(repo.path, name))) name = `worktree-${record.head.slice(0, 12)}`;
    const taken = await refExists(repo.path, `${ARCHIVE_REF_PREFIX}${name}`);
    if (!taken.ok) return taken;
    if (taken.value) return err({ kind: 'ARCHIVE_EXISTS', name });

    // What `git add -A` would not keep: refuse if it cannot be kept, else keep it.
    const loss = await inspectArchiveLoss(record.path);
    if (!loss.ok) return loss;
    if (loss.value.nestedRepos.length > 0 || loss.value.keepBytes > MAX_ARCHIVE_IGNORED_BYTES) {
      return err({
        kind: 'ARCHIVE_WOULD_LOSE',
        path: record.path,
        nestedRepos: loss.value.nestedRepos,
        ignoredBytes: loss.value.keepBytes,
        limitBytes: MAX_ARCHIVE_IGNORED_BYTES,
      });
    }
    const ignoredKept = loss.value.keep.map((entry) => entry.path);

    const resolved = record.branch ? await resolveTargets(repo.path) : null;
    const target = record.branch && resolved?.ok ? (resolved.value.recorded.get(record.branch) ?? null) : null;
    // Journaled: a kill from here on is finished or rolled back at the next start.
    let entry = await this.journal.begin({ op: 'archive', repoPath: repo.path, worktreePath: record.path, name, step: 'snapshot', commit: null });
    const abandon = async <T>(result: Result<T>): Promise<Result<T>> => {
      await this.journal.finish(entry);
      return result;
    };
    const snapshot = await snapshotWorktree(
      record.path,
      ({ head, hasChanges }) => archiveMessage(name, { branch: record.branch, path: record.path, target, head, hasChanges }),
      ignoredKept,
    );
    if (!snapshot.ok) return abandon(snapshot);
    const stored = await createArchiveRef(repo.path, name, snapshot.value.commit);
    if (!stored.ok) return abandon(stored);
    if (!stored.value) return abandon(err({ kind: 'ARCHIVE_EXISTS', name }));
    entry = await this.journal.advance(entry, { step: 'stored', commit: snapshot.value.commit });

    const teardown = await this.teardown(repo, config, trusted, record);
    entry = await this.journal.advance(entry, { step: 'removing' });
    const removed = await worktreeRemove(repo.path, record.path, record.locked ? 2 : 1);
    if (!removed.ok) {
      // The worktree is still there with its changes: the archive would only be a confusing copy.
      await deleteArchiveRef(repo.path, name, snapshot.value.commit);
      return abandon(removed);
    }
    await this.options.ports.release(record.path);
    await this.journal.finish(entry);
    await this.options.notify(repo.id);
    const archives = await listArchives(repo.path);
    const archive = archives.ok ? archives.value.find((candidate) => candidate.name === name) : undefined;
    if (!archive) return err({ kind: 'INTERNAL', message: `archive ${name} was saved but cannot be read back` });
    return ok({ archive, teardown, ignoredKept });
  }

  private async restoreArchive(input: RestoreWorktreeInput, name: string): Promise<Result<CreatedWorktree>> {
    const repo = this.options.repos.get(input.repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId: input.repoId });
    const loaded = await loadRepoConfig(repo.path, this.options.home, this.userHomeDir);
    if (!loaded.ok) return loaded;
    const config = loaded.value.config;
    const trusted = await this.trusted(repo, loaded.value);
    const archives = await listArchives(repo.path);
    if (!archives.ok) return archives;
    const archive = archives.value.find((candidate) => candidate.name === name);
    if (!archive) return err({ kind: 'ARCHIVE_NOT_FOUND', name });
    if (archive.head === null) return err({ kind: 'REPO_HAS_NO_COMMITS', path: repo.path });

    const worktreePath = archive.path !== '' ? archive.path : path.join(config.worktreeDir, name);
    if (await pathExists(worktreePath)) return err({ kind: 'WORKTREE_EXISTS', path: worktreePath });
    const listed = await listWorktrees(repo.path);
    if (!listed.ok) return listed;
    const stale = listed.value.find((record) => samePath(record.path, worktreePath));
    if (stale) return err({ kind: 'WORKTREE_EXISTS', path: worktreePath });

    let createdBranch = false;
    let addOptions: Parameters<typeof worktreeAdd>[1];
    if (archive.branch) {
      const holder = listed.value.find((record) => record.branch === archive.branch);
      if (holder) return err({ kind: 'BRANCH_CHECKED_OUT', branch: archive.branch, path: holder.path });
      const exists = await branchExists(repo.path, archive.branch);
      if (!exists.ok) return exists;
      createdBranch = !exists.value;
      addOptions = exists.value
        ? { path: worktreePath, commitish: archive.branch }
        : { path: worktreePath, newBranch: archive.branch, commitish: archive.head };
    } else {
      addOptions = { path: worktreePath, commitish: archive.head, detach: true };
    }

    let entry = await this.journal.begin({
      op: 'restore',
      repoPath: repo.path,
      worktreePath,
      name: archive.name,
      commit: archive.commit,
      branch: archive.branch,
      createdBranch,
      head: archive.head,
      step: 'adding',
    });
    const created = await mkdirTracked(path.dirname(worktreePath));
    const added = await worktreeAdd(repo.path, addOptions);
    if (!added.ok) {
      await removeEmptyDirs(created);
      await this.journal.finish(entry);
      return added;
    }
    entry = await this.journal.advance(entry, { step: 'added' });
    const applied = await applyArchive(repo.path, worktreePath, archive);
    if (!applied.ok) {
      await worktreeRemove(repo.path, worktreePath, 2);
      if (createdBranch && archive.branch) await deleteBranch(repo.path, archive.branch);
      await removeEmptyDirs(created);
      await this.journal.finish(entry);
      return applied;
    }
    entry = await this.journal.advance(entry, { step: 'applied' });
    if (archive.branch && archive.target) await setBranchTarget(repo.path, archive.branch, archive.target);
    await deleteArchiveRef(repo.path, archive.name, archive.commit);
    await this.journal.finish(entry);
    await this.options.notify(repo.id);
    return this.finishCreated(repo, config, trusted, worktreePath, archive.branch, input);
  }

  private async restoreMissing(input: RestoreWorktreeInput): Promise<Result<CreatedWorktree>> {
    if (input.path === undefined) return err({ kind: 'INVALID_INPUT', message: 'restore needs an archive name or a worktree path' });
    const located = await this.locate(input.repoId, input.path);
    if (!located.ok) return located;
    const { repo, config, trusted, record, missing } = located.value;
    if (!missing) return err({ kind: 'WORKTREE_NOT_MISSING', path: record.path });
    if (record.locked) return err({ kind: 'WORKTREE_LOCKED', path: record.path, reason: record.lockReason });
    const commitish = record.branch ?? record.head;
    if (commitish === null) return err({ kind: 'REPO_HAS_NO_COMMITS', path: record.path });
    const created = await mkdirTracked(path.dirname(record.path));
    // -f: the path and branch are still registered to the missing worktree; git replaces that entry.
    const added = await worktreeAdd(repo.path, { path: record.path, commitish, detach: record.branch === null, force: true });
    if (!added.ok) {
      await removeEmptyDirs(created);
      return added;
    }
    await this.options.notify(repo.id);
    return this.finishCreated(repo, config, trusted, record.path, record.branch, input);
  }

  /** Find a worktree of a registered repository by path, with the repository's config. */
  private async locate(repoId: string, worktreePath: string): Promise<Result<Located>> {
    const repo = this.options.repos.get(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    const loaded = await loadRepoConfig(repo.path, this.options.home, this.userHomeDir);
    if (!loaded.ok) return loaded;
    const listed = await listWorktrees(repo.path);
    if (!listed.ok) return listed;
    const wanted = await realpath(worktreePath).catch(() => path.resolve(worktreePath));
    const index = listed.value.findIndex((record) => samePath(record.path, worktreePath) || samePath(record.path, wanted));
    const record = listed.value[index];
    if (!record) return err({ kind: 'WORKTREE_NOT_FOUND', path: worktreePath });
    if (index === 0) return err({ kind: 'IS_MAIN_WORKTREE', path: record.path });
    const missing = record.prunable || !(await isDirectory(record.path));
    const trusted = await this.trusted(repo, loaded.value);
    return ok({ repo, config: loaded.value.config, trusted, records: listed.value, record, missing });
  }

  /** Whether the user trusts the config content that was just loaded (not a re-read of it). */
  private trusted(repo: Repo, loaded: LoadedRepoConfig): Promise<boolean> {
    return this.options.trust.isTrustedContent(repo.path, loaded.configHash);
  }

  /** Run tasks for one repository one at a time (a failed task does not block the next). */
  private exclusive<T>(repoId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(repoId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.queues.set(repoId, tail);
    void tail.then(() => {
      if (this.queues.get(repoId) === tail) this.queues.delete(repoId);
    });
    return run;
  }
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

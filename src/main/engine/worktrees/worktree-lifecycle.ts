/**
 * Creating, removing, archiving, restoring and pruning worktrees: the public face of the verbs.
 *
 * Every operation checks everything it can before it changes anything, and returns a typed error
 * instead; when a later step fails, the earlier ones are undone. Operations on one repository run
 * one at a time (this class's queue), so two creates cannot race for the same name. Each verb
 * lives in its own file (`lifecycle-*.ts`) as a function over the shared `LifecycleContext`.
 */
import os from 'node:os';
import type {
  ArchivedWorktree,
  ArchivePreview,
  ArchiveWorktreeInput,
  BootstrapState,
  CreatedWorktree,
  CreateWorktreeInput,
  RemovedWorktree,
  RemoveWorktreeInput,
  RepoConfigView,
  RestoreWorktreeInput,
  WorktreeArchive,
} from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { listArchives } from '../git/archive-refs.ts';
import { loadRepoConfig } from '../repo-config/index.ts';
import { resolveTargets } from '../targets/index.ts';
import { archiveWorktree, previewArchive } from './lifecycle-archive.ts';
import type { LifecycleContext, WorktreeLifecycleOptions } from './lifecycle-context.ts';
import { createWorktree } from './lifecycle-create.ts';
import { pruneWorktree } from './lifecycle-prune.ts';
import { removeWorktree } from './lifecycle-remove.ts';
import { restoreWorktree } from './lifecycle-restore.ts';
import { rerunBootstrap } from './lifecycle-setup.ts';
import { OperationJournal } from './operation-journal.ts';

export type { WorktreeLifecycleOptions } from './lifecycle-context.ts';

export class WorktreeLifecycle {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly ctx: LifecycleContext;

  constructor(options: WorktreeLifecycleOptions) {
    this.ctx = { ...options, userHomeDir: options.userHomeDir ?? os.homedir(), journal: new OperationJournal(options.home) };
  }

  /** The effective configuration of a repository (INVALID_CONFIG names the bad field). */
  async config(repoId: string): Promise<Result<RepoConfigView>> {
    const repo = this.ctx.repos.get(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    const loaded = await loadRepoConfig(repo.path, this.ctx.home, this.ctx.userHomeDir);
    if (!loaded.ok) return loaded;
    const resolved = await resolveTargets(repo.path, { configTargets: loaded.value.config.targets });
    return ok({ ...loaded.value, defaultBranch: resolved.ok ? resolved.value.defaultBranch : null });
  }

  /** Create a worktree on a new branch from a base, record its target, start its bootstrap. */
  create(input: CreateWorktreeInput): Promise<Result<CreatedWorktree>> {
    return this.exclusive(input.repoId, () => createWorktree(this.ctx, input));
  }

  /** Remove a worktree; refuses to lose work (changes, unmerged commits, a lock) unless forced. */
  remove(input: RemoveWorktreeInput): Promise<Result<RemovedWorktree>> {
    return this.exclusive(input.repoId, () => removeWorktree(this.ctx, input));
  }

  /** Snapshot uncommitted + untracked changes on an archive ref, run teardown, remove; keep the branch. */
  archive(input: ArchiveWorktreeInput): Promise<Result<ArchivedWorktree>> {
    return this.exclusive(input.repoId, () => archiveWorktree(this.ctx, input));
  }

  /** What archiving would save and leave out; changes nothing. */
  archivePreview(input: { repoId: string; path: string }): Promise<Result<ArchivePreview>> {
    return previewArchive(this.ctx, input);
  }

  /** Bring back an archive (with its changes) or a worktree whose folder is missing. */
  restore(input: RestoreWorktreeInput): Promise<Result<CreatedWorktree>> {
    return this.exclusive(input.repoId, () => restoreWorktree(this.ctx, input));
  }

  /** Forget one worktree whose folder is gone (git's admin entry; the branch stays). */
  prune(input: { repoId: string; path: string }): Promise<Result<{ path: string }>> {
    return this.exclusive(input.repoId, () => pruneWorktree(this.ctx, input));
  }

  /** The repository's archives, newest first. */
  async archives(repoId: string): Promise<Result<WorktreeArchive[]>> {
    const repo = this.ctx.repos.get(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    return listArchives(repo.path);
  }

  /** (Re)run a worktree's bootstrap. */
  rerunBootstrap(input: {
    repoId: string;
    path: string;
    openPane?: { cols: number; rows: number };
  }): Promise<Result<{ bootstrap: BootstrapState; sessionId: string | null }>> {
    return rerunBootstrap(this.ctx, input);
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

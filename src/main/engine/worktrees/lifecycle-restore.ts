/**
 * Restoring a worktree: an archive brought back with its changes (its ref dropped once they are
 * in), or a worktree whose folder is missing checked out again at its branch or commit.
 *
 * An archive's restore is journaled: a kill before its changes were applied is rolled back (the
 * half-made worktree removed, the archive kept), one after is finished.
 */
import path from 'node:path';
import type { CreatedWorktree, RestoreWorktreeInput } from '../../../shared/protocol/worktrees.ts';
import { err, type Result } from '../../../shared/result.ts';
import { mkdirTracked, pathExists, removeEmptyDirs } from '../fs/index.ts';
import { applyArchive } from '../git/archive-apply.ts';
import { deleteArchiveRef, listArchives } from '../git/archive-refs.ts';
import { branchExists, deleteBranch } from '../git/branch.ts';
import { setBranchTarget } from '../git/branch-target.ts';
import { worktreeAdd } from '../git/worktree-add.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import { worktreeRemove } from '../git/worktree-remove.ts';
import { JournaledOperation } from './journal-steps.ts';
import { locate, openRepo, samePath, type LifecycleContext } from './lifecycle-context.ts';
import { finishCreated } from './lifecycle-setup.ts';

/** Bring back an archive (with its changes) or a worktree whose folder is missing. */
export function restoreWorktree(ctx: LifecycleContext, input: RestoreWorktreeInput): Promise<Result<CreatedWorktree>> {
  return input.archive !== undefined ? restoreArchive(ctx, input, input.archive) : restoreMissing(ctx, input);
}

async function restoreArchive(ctx: LifecycleContext, input: RestoreWorktreeInput, name: string): Promise<Result<CreatedWorktree>> {
  const opened = await openRepo(ctx, input.repoId);
  if (!opened.ok) return opened;
  const { repo, config, trusted } = opened.value;
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

  const operation = await JournaledOperation.begin(ctx.journal, {
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
    return operation.abandon(added);
  }
  await operation.advance({ step: 'added' });
  const applied = await applyArchive(repo.path, worktreePath, archive);
  if (!applied.ok) {
    await worktreeRemove(repo.path, worktreePath, 2);
    if (createdBranch && archive.branch) await deleteBranch(repo.path, archive.branch);
    await removeEmptyDirs(created);
    return operation.abandon(applied);
  }
  await operation.advance({ step: 'applied' });
  if (archive.branch && archive.target) await setBranchTarget(repo.path, archive.branch, archive.target);
  await deleteArchiveRef(repo.path, archive.name, archive.commit);
  await operation.finish();
  await ctx.notify(repo.id);
  return finishCreated(ctx, { repo, config, trusted, worktreePath, branch: archive.branch }, input);
}

async function restoreMissing(ctx: LifecycleContext, input: RestoreWorktreeInput): Promise<Result<CreatedWorktree>> {
  if (input.path === undefined) return err({ kind: 'INVALID_INPUT', message: 'restore needs an archive name or a worktree path' });
  const located = await locate(ctx, input.repoId, input.path);
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
  await ctx.notify(repo.id);
  return finishCreated(ctx, { repo, config, trusted, worktreePath: record.path, branch: record.branch }, input);
}

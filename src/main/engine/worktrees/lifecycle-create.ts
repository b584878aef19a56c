/**
 * Creating a worktree on a new branch from a base, with its target recorded and its bootstrap
 * started.
 *
 * Everything is checked before anything changes, and a failure is a typed error; when a later
 * step fails, the earlier ones are undone (a worktree added but whose target could not be
 * recorded is removed again, with its new branch). The create is journaled, so a kill is rolled
 * back too (`recovery-create.ts`).
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AppError } from '../../../shared/errors.ts';
import type { Repo } from '../../../shared/protocol/repos.ts';
import type { CreatedWorktree, CreateWorktreeInput } from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { mkdirTracked, missingFolders, pathExists, realDirectory, removeEmptyDirs } from '../fs/index.ts';
import { branchExists, checkBranchName, deleteBranch, resolveCommit } from '../git/branch.ts';
import { setBranchTarget } from '../git/branch-target.ts';
import { classifyAddError, worktreeAdd } from '../git/worktree-add.ts';
import { listWorktrees, type WorktreeRecord } from '../git/worktree-list.ts';
import { pruneWorktreeEntry, worktreeRemove } from '../git/worktree-remove.ts';
import { isInsideOrEqual } from '../repo-config/index.ts';
import { findBranch, resolveTargets } from '../targets/index.ts';
import { JournaledOperation } from './journal-steps.ts';
import { openRepo, samePath, type LifecycleContext } from './lifecycle-context.ts';
import { finishCreated } from './lifecycle-setup.ts';
import { recoverJournalEntry, reportRecovery, stillRunning } from './recovery.ts';
import { branchForName, worktreeNameProblem, worktreeSlug } from './worktree-name.ts';

export async function createWorktree(ctx: LifecycleContext, input: CreateWorktreeInput): Promise<Result<CreatedWorktree>> {
  const opened = await openRepo(ctx, input.repoId);
  if (!opened.ok) return opened;
  const { repo, loaded, config, trusted } = opened.value;

  const nameProblem = worktreeNameProblem(input.name);
  if (nameProblem) return err({ kind: 'INVALID_WORKTREE_NAME', name: input.name, problem: nameProblem });
  const branch = input.branch ?? branchForName(input.name, config.branchPrefix);
  // A create of this branch or folder a kill interrupted is rolled back first (or, if it holds
  // the user's work, named as what is in the way), so retrying it works even in an engine that
  // has been running since before the kill.
  const plannedPath = path.join((await realDirectory(config.worktreeDir)).path, worktreeSlug(input.name));
  const interrupted = await settleInterruptedCreate(ctx, repo.path, branch, plannedPath);
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
  const base = await resolveBase(repo, records, input, resolved.value.defaultBranch);
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
  const allowedRoots = await Promise.all([path.dirname(repo.path), ctx.userHomeDir].map((root) => realpath(root).catch(() => root)));
  if (!allowedRoots.some((root) => isInsideOrEqual(parent.path, root))) {
    return err({ kind: 'INVALID_CONFIG', file: loaded.files.repo.path, field: 'worktreeDir', problem: `leads to ${parent.path}, outside the repository's parent folder and your home folder` });
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
  const operation = await JournaledOperation.begin(ctx.journal, {
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
  const created = await mkdirTracked(parent.path);
  const added = await worktreeAdd(repo.path, { path: worktreePath, newBranch: branch, commitish: base.value.commit });
  if (!added.ok) {
    const failure = classifyAddError(added.error, branch, worktreePath);
    // git makes the branch before the checkout and keeps it when the checkout fails (a smudge
    // filter, a full disk): drop it, or the retry would meet BRANCH_EXISTS. Not when the branch
    // was someone else's (another process made it in between: git said it exists).
    if (failure.kind !== 'BRANCH_EXISTS' && failure.kind !== 'BRANCH_CHECKED_OUT') {
      await dropUntouchedBranch(repo.path, branch, base.value.commit);
    }
    await removeEmptyDirs(created);
    return operation.abandon(err(failure));
  }
  if (target !== null) {
    const recorded = await setBranchTarget(repo.path, branch, target);
    if (!recorded.ok) {
      await worktreeRemove(repo.path, worktreePath, 2);
      await deleteBranch(repo.path, branch);
      await removeEmptyDirs(created);
      return operation.abandon(recorded);
    }
  }
  await operation.finish();
  await ctx.notify(repo.id);
  return finishCreated(ctx, { repo, config, trusted, worktreePath, branch }, input);
}

/**
 * Delete `branch` if it is still exactly what a failed `worktree add -b` made: at `base`, and
 * checked out nowhere. Anything else (a commit on it, a worktree on it) is left as it is.
 */
async function dropUntouchedBranch(repoPath: string, branch: string, base: string): Promise<void> {
  const [tip, listed] = await Promise.all([resolveCommit(repoPath, `refs/heads/${branch}`), listWorktrees(repoPath)]);
  if (!tip.ok || tip.value !== base || !listed.ok) return;
  if (listed.value.some((record) => record.branch === branch)) return;
  await deleteBranch(repoPath, branch);
}

/** The commit to start from, and the branch it names (for the default target). */
async function resolveBase(
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

/**
 * Settle an earlier create of this branch or folder that a kill interrupted (its journal entry
 * is still there): roll it back now, as the next start would. Null when nothing is in the way;
 * CREATE_INTERRUPTED when its process still runs or what it left holds the user's work.
 */
async function settleInterruptedCreate(ctx: LifecycleContext, repoPath: string, branch: string, worktreePath: string): Promise<AppError | null> {
  const pending = await ctx.journal.pending();
  for (const entry of pending) {
    if (entry.op !== 'create' || !samePath(entry.repoPath, repoPath)) continue;
    if (entry.branch !== branch && !samePath(entry.worktreePath, worktreePath)) continue;
    if (stillRunning(entry)) return { kind: 'CREATE_INTERRUPTED', branch: entry.branch, path: entry.worktreePath, pid: entry.pid, problem: 'it is still running' };
    const report = { actions: [] as string[] };
    try {
      await recoverJournalEntry(entry, { home: ctx.home, repoPaths: [repoPath] }, report);
    } catch (error) {
      return { kind: 'CREATE_INTERRUPTED', branch: entry.branch, path: entry.worktreePath, pid: null, problem: (error as Error).message };
    } finally {
      await reportRecovery(report);
    }
  }
  return null;
}

/**
 * Removing a worktree: refused while it would lose work (a lock, uncommitted changes, commits
 * no target holds) or while sessions run in it, unless forced or told to stop them.
 *
 * Journaled with what a forced removal discards, so a kill is finished at the next start only
 * when that is nothing, else the worktree is made usable again (`recovery-remove.ts`).
 */
import type { AppError } from '../../../shared/errors.ts';
import type { RemovedWorktree, RemoveWorktreeInput } from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { deleteBranch } from '../git/branch.ts';
import { unsetBranchTarget } from '../git/branch-target.ts';
import { readStatus } from '../git/status.ts';
import { countUnmergedCommits } from '../git/unmerged.ts';
import { pruneWorktreeEntry, worktreeRemove, worktreeUnlock } from '../git/worktree-remove.ts';
import { mergeTargetsOf, resolveTargets } from '../targets/index.ts';
import { JournaledOperation } from './journal-steps.ts';
import { locate, type LifecycleContext, type Located } from './lifecycle-context.ts';
import { teardown } from './lifecycle-setup.ts';
import { stopSessionsOrRefuse } from './worktree-sessions.ts';

export async function removeWorktree(ctx: LifecycleContext, input: RemoveWorktreeInput): Promise<Result<RemovedWorktree>> {
  const located = await locate(ctx, input.repoId, input.path);
  if (!located.ok) return located;
  const { repo, config, trusted, record, missing } = located.value;
  const force = input.force === true;
  const refusal = await checkNothingLost(located.value, force);
  if (refusal) return err(refusal);
  if (ctx.bootstrap.isRunning(record.path) && !force) return err({ kind: 'BOOTSTRAP_RUNNING', path: record.path });
  const stopped = await stopSessionsOrRefuse(ctx.sessions, record.path, input.stopSessions === true);
  if (stopped !== null) {
    if (!stopped.ok) return stopped;
    // The stopped agents may have written files on their way out: check again before deleting.
    const late = await checkNothingLost(located.value, force);
    if (late) return err(late);
  }
  if (ctx.bootstrap.isRunning(record.path)) await ctx.bootstrap.cancel(record.path);

  const torndown = missing ? null : await teardown(ctx, repo, config, trusted, record);
  // Journaled before the first change, with what this removal discards (a forced one may
  // discard changes): a kill from here on is finished at the next start only when that is
  // nothing, else the worktree is made usable again (recovery-remove.ts).
  const loses = force ? await whatRemovalLoses(located.value) : { uncommitted: false, unmergedCommits: 0 };
  const deleteBranchToo = input.deleteBranch === true && record.branch !== null;
  const operation = await JournaledOperation.begin(ctx.journal, {
    op: 'remove',
    repoPath: repo.path,
    worktreePath: record.path,
    branch: record.branch,
    head: record.head,
    ...loses,
    deleteBranch: deleteBranchToo,
    step: 'removing',
  });
  if (missing) {
    if (record.locked) {
      const unlocked = await worktreeUnlock(repo.path, record.path);
      if (!unlocked.ok) return operation.abandon(unlocked);
    }
    const pruned = await pruneWorktreeEntry(repo.path, record.path);
    if (!pruned.ok) return operation.abandon(pruned);
  } else {
    const removed = await worktreeRemove(repo.path, record.path, force ? (record.locked ? 2 : 1) : 0);
    if (!removed.ok) return operation.abandon(removed);
  }
  await ctx.ports.release(record.path);
  let branchDeleted = false;
  if (deleteBranchToo && record.branch) {
    await operation.advance({ step: 'branch' });
    const deleted = await deleteBranch(repo.path, record.branch);
    branchDeleted = deleted.ok;
    if (deleted.ok) await unsetBranchTarget(repo.path, record.branch);
  }
  await operation.finish();
  await ctx.notify(repo.id);
  return ok({ path: record.path, branch: record.branch, branchDeleted, teardown: torndown });
}

/** Why removing would lose something (lock, uncommitted changes, unmerged commits), or null. */
async function checkNothingLost(located: Located, force: boolean): Promise<AppError | null> {
  const { record, missing } = located;
  if (force) return null;
  if (record.locked) return { kind: 'WORKTREE_LOCKED', path: record.path, reason: record.lockReason };
  if (!missing) {
    const status = await readStatus(record.path);
    if (!status.ok) return status.error;
    if (status.value.length > 0) return { kind: 'WORKTREE_DIRTY', path: record.path, changes: status.value.length };
  }
  const unmerged = await unmergedCommits(located);
  if (!unmerged.ok) return unmerged.error;
  if (unmerged.value > 0) return { kind: 'WORKTREE_UNMERGED', path: record.path, branch: record.branch, commits: unmerged.value };
  return null;
}

/**
 * What a forced removal discards, for its journal entry: uncommitted or untracked files, and
 * commits no target, remote branch or archive holds. When git cannot tell, the answer is
 * "something" (recovery then keeps the worktree rather than finishing a removal blind).
 */
async function whatRemovalLoses(located: Located): Promise<{ uncommitted: boolean; unmergedCommits: number }> {
  const { record, missing } = located;
  let uncommitted = false;
  if (!missing) {
    const status = await readStatus(record.path);
    uncommitted = !status.ok || status.value.length > 0;
  }
  const unmerged = await unmergedCommits(located);
  return { uncommitted, unmergedCommits: unmerged.ok ? unmerged.value : 1 };
}

/** Commits on the worktree's HEAD that none of its merge targets holds (0 for an unborn HEAD). */
async function unmergedCommits(located: Located): Promise<Result<number>> {
  const { repo, config, record } = located;
  if (record.head === null) return ok(0);
  const resolved = await resolveTargets(repo.path, { configTargets: config.targets });
  if (!resolved.ok) return resolved;
  const targetRefs = mergeTargetsOf(resolved.value, record.branch).map((target) => target.ref);
  return countUnmergedCommits(repo.path, record.head, targetRefs);
}

/**
 * Forgetting a worktree whose folder is gone: git's admin entry is pruned and its port released;
 * the branch stays. Only that one entry — a blanket `git worktree prune` would also erase every
 * other missing worktree the user has not decided about.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import { pruneWorktreeEntry } from '../git/worktree-remove.ts';
import { locate, type LifecycleContext } from './lifecycle-context.ts';

/** Forget one worktree whose folder is gone (git's admin entry; the branch stays). */
export async function pruneWorktree(ctx: LifecycleContext, input: { repoId: string; path: string }): Promise<Result<{ path: string }>> {
  const located = await locate(ctx, input.repoId, input.path);
  if (!located.ok) return located;
  const { repo, record, missing } = located.value;
  if (!missing) return err({ kind: 'WORKTREE_NOT_MISSING', path: record.path });
  if (record.locked) return err({ kind: 'WORKTREE_LOCKED', path: record.path, reason: record.lockReason });
  const pruned = await pruneWorktreeEntry(repo.path, record.path);
  if (!pruned.ok) return pruned;
  if (!pruned.value) return err({ kind: 'WORKTREE_NOT_FOUND', path: record.path });
  await ctx.ports.release(record.path);
  await ctx.notify(repo.id);
  return ok({ path: record.path });
}

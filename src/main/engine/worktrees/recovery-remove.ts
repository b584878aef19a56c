/**
 * Recovering a `worktrees.remove` a kill interrupted (its journal entry is still there).
 *
 * The removal is finished only when the journal proves that finishing it loses nothing that
 * is not already lost: the worktree had no uncommitted or untracked files when it began, and
 * every commit of its HEAD is still on a branch, tag, remote-tracking branch or archive (a
 * branch the remove was not asked to delete always holds them). Otherwise — a forced remove of
 * a worktree with changes, killed before git had deleted them — the worktree is put back into
 * a state git accepts with every file still there, and the user decides again. A branch the
 * remove was asked to delete is deleted only if it has not moved and nothing only it holds.
 */
import path from 'node:path';
import { deleteBranch, resolveCommit } from '../git/branch.ts';
import { unsetBranchTarget } from '../git/branch-target.ts';
import { countCommitsOnlyAt } from '../git/unmerged.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import { worktreeUnlock } from '../git/worktree-remove.ts';
import type { JournalEntry } from './operation-journal.ts';
import { exists, reattachWorktree, removeWorktreeFolder } from './recovery-folders.ts';

type RemoveEntry = Extract<JournalEntry, { op: 'remove' }>;

/** Finish or undo an interrupted remove; returns the lines to report, throws to keep the entry. */
export async function recoverRemove(entry: RemoveEntry, releasePorts?: (worktreePath: string) => Promise<void>): Promise<string[]> {
  const { repoPath, worktreePath } = entry;
  const lines: string[] = [];
  const listed = await listWorktrees(repoPath);
  if (!listed.ok) throw new Error(`cannot list worktrees of ${repoPath}`);
  const registered = listed.value.find((record) => path.resolve(record.path) === path.resolve(worktreePath));
  const folder = await exists(worktreePath);

  if (entry.step === 'removing' && (folder || registered)) {
    let commitsOnlyHere = 0;
    if (entry.head !== null) {
      const counted = await countCommitsOnlyAt(repoPath, entry.head);
      if (!counted.ok) throw new Error(`cannot tell whether a branch still holds ${entry.head}`);
      commitsOnlyHere = counted.value;
    }
    // With the folder already gone, what it held is gone too: dropping the entry loses nothing more.
    if (folder && (entry.uncommitted || commitsOnlyHere > 0)) {
      await reattachWorktree(repoPath, worktreePath, { branch: entry.branch, commit: entry.head });
      const why = entry.uncommitted ? 'it had uncommitted changes' : `${commitsOnlyHere} commit(s) are only there`;
      return [`did not finish removing ${worktreePath}: ${why}; it is a usable worktree again with every file still there (remove it again to discard them)`];
    }
    if (registered?.locked) await worktreeUnlock(repoPath, worktreePath);
    await removeWorktreeFolder(repoPath, worktreePath, registered !== undefined);
    lines.push(`finished removing ${worktreePath}${entry.branch ? ` (branch ${entry.branch} keeps its commits)` : ''}`);
  }
  await releasePorts?.(worktreePath);

  if (entry.deleteBranch && entry.branch) {
    const tip = await resolveCommit(repoPath, `refs/heads/${entry.branch}`);
    if (!tip.ok) throw new Error(`cannot read branch ${entry.branch}`);
    if (tip.value !== null) {
      if (tip.value === entry.head && entry.unmergedCommits === 0) {
        const deleted = await deleteBranch(repoPath, entry.branch);
        if (!deleted.ok) throw new Error(`cannot delete branch ${entry.branch} yet`);
        await unsetBranchTarget(repoPath, entry.branch);
        lines.push(`finished deleting branch ${entry.branch} of the removed worktree ${worktreePath}`);
      } else {
        const why = tip.value !== entry.head ? 'it moved since' : `${entry.unmergedCommits} of its commits are on no target`;
        lines.push(`kept branch ${entry.branch} of the removed worktree ${worktreePath}: ${why} (git branch -D ${entry.branch} deletes it)`);
      }
    }
  }
  return lines;
}

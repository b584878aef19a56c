/**
 * Recovering a `worktrees.create` a kill interrupted (its journal entry is still there).
 *
 * The create made, in this order: the folders above the worktree, the branch and the worktree's
 * admin entry and folder (`git worktree add -b`, which a kill can stop half-way), the branch's
 * target in git config. When nothing of the user's is there yet — the branch still at the
 * journaled base (or gone), the folder holding no file that differs from the base — every one
 * of those is undone, so the same create works again. When the user's work is there (commits on
 * the branch, files in the folder), nothing is deleted: a worktree git accepts is kept as the
 * finished create; anything else stays as it is and the entry stays, with a line saying what is
 * in the way.
 */
import path from 'node:path';
import { currentBranch, deleteBranch, resolveCommit } from '../git/branch.ts';
import { readBranchTargets, setBranchTarget, unsetBranchTarget } from '../git/branch-target.ts';
import { filesBeyondCommit } from '../git/files-beyond-commit.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import { worktreeUnlock } from '../git/worktree-remove.ts';
import { removeEmptyDirs } from '../fs/index.ts';
import type { JournalEntry } from './operation-journal.ts';
import { exists, removeWorktreeFolder } from './recovery-folders.ts';

type CreateEntry = Extract<JournalEntry, { op: 'create' }>;

/** Roll back or keep an interrupted create; returns the line to report, throws to keep the entry. */
export async function recoverCreate(entry: CreateEntry): Promise<string> {
  const { repoPath, worktreePath, branch, base } = entry;
  const listed = await listWorktrees(repoPath);
  if (!listed.ok) throw new Error(`cannot list worktrees of ${repoPath}`);
  const registered = listed.value.find((record) => samePath(record.path, worktreePath));
  // Checked out somewhere else: that worktree is not this create's to touch.
  const elsewhere = listed.value.find((record) => record.branch === branch && !samePath(record.path, worktreePath));
  const tip = await resolveCommit(repoPath, `refs/heads/${branch}`);
  if (!tip.ok) throw new Error(`cannot read branch ${branch}`);
  const commitsBeyond = tip.value !== null && tip.value !== base;
  const folder = await exists(worktreePath);
  let files: string[] = [];
  if (folder) {
    const beyond = await filesBeyondCommit(repoPath, worktreePath, base);
    if (!beyond.ok) throw new Error(`cannot tell whether ${worktreePath} holds changes of yours; it is left as it is`);
    files = beyond.value;
  }

  if (!commitsBeyond && files.length === 0 && elsewhere === undefined) {
    if (registered?.locked) await worktreeUnlock(repoPath, worktreePath);
    await removeWorktreeFolder(repoPath, worktreePath, registered !== undefined);
    if (entry.createdBranch && tip.value !== null) {
      const deleted = await deleteBranch(repoPath, branch);
      if (!deleted.ok) throw new Error(`cannot delete branch ${branch} yet`);
      await unsetBranchTarget(repoPath, branch);
    }
    await removeEmptyDirs(entry.createdDirs);
    return `rolled back the interrupted create of ${worktreePath}${entry.createdBranch && tip.value !== null ? ` (branch ${branch} deleted)` : ''}; creating it again will work`;
  }

  const holds = [
    commitsBeyond ? `branch ${branch} has commits beyond its base ${base.slice(0, 12)}` : null,
    files.length > 0 ? `the folder holds files that are not in the base (${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''})` : null,
    elsewhere ? `branch ${branch} is checked out in ${elsewhere.path}` : null,
  ].filter((line): line is string => line !== null);
  // A worktree git finished adding (it unlocks "initializing" after the checkout), on the
  // branch: the create had done its work; keep it as created. A half-done checkout is not one.
  const added = registered !== undefined && !registered.prunable && !(registered.locked && registered.lockReason === 'initializing');
  if (added && folder && elsewhere === undefined) {
    const checkedOut = await currentBranch(worktreePath);
    if (checkedOut.ok && checkedOut.value === branch) {
      if (entry.target !== null) {
        const targets = await readBranchTargets(repoPath);
        if (targets.ok && !targets.value.has(branch)) await setBranchTarget(repoPath, branch, entry.target);
      }
      return `kept the interrupted create of ${worktreePath} as created: ${holds.join('; ')}`;
    }
  }
  throw new Error(
    `kept what the interrupted create of ${worktreePath} left, nothing deleted: ${holds.join('; ')}. ` +
      `Keep what you need, then delete ${worktreePath}${tip.value !== null ? ` and branch ${branch}` : ''} (or create under another name)`,
  );
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

/**
 * `git worktree remove` and the targeted prune of one stale worktree entry.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';
import { revParseCommonDir } from './rev-parse.ts';

/**
 * Remove a worktree's folder and its admin entry; the branch stays.
 *
 * `force` 0: git refuses a worktree with changes or untracked files; 1: removes it anyway;
 * 2: also removes a locked worktree (`-f -f`). Ignored files (node_modules) never block removal.
 */
export async function worktreeRemove(cwd: string, worktreePath: string, force: 0 | 1 | 2): Promise<Result<null>> {
  const args = ['worktree', 'remove', ...Array.from({ length: force }, () => '--force'), '--', worktreePath];
  const result = await runGit(args, { cwd, label: 'worktree-remove' });
  return result.ok ? ok(null) : result;
}

/**
 * The admin folder (`<common dir>/worktrees/<id>`) that belongs to the worktree at `worktreePath`.
 *
 * git keeps no index from path to id; each admin folder's `gitdir` file names the worktree's
 * `.git` file, so the folders are scanned (there are as many as worktrees).
 */
export async function findWorktreeAdminDir(cwd: string, worktreePath: string): Promise<Result<string | null>> {
  const common = await revParseCommonDir(cwd);
  if (!common.ok) return common;
  const root = path.join(common.value, 'worktrees');
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const wanted = path.resolve(worktreePath, '.git');
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const gitdir = await readFile(path.join(root, entry.name, 'gitdir'), 'utf8').catch(() => null);
    if (gitdir !== null && path.resolve(gitdir.replace(/\r?\n$/, '')) === wanted) return ok(path.join(root, entry.name));
  }
  return ok(null);
}

/**
 * Drop the admin entry of one worktree whose folder is gone, as `git worktree prune` would for
 * every such worktree. Callers check first that git reports it prunable and not locked: pruning
 * all stale entries at once would also make every other missing worktree vanish from the list.
 */
export async function pruneWorktreeEntry(cwd: string, worktreePath: string): Promise<Result<boolean>> {
  const admin = await findWorktreeAdminDir(cwd, worktreePath);
  if (!admin.ok) return admin;
  if (admin.value === null) return ok(false);
  await rm(admin.value, { recursive: true, force: true });
  return ok(true);
}

/** Lock state is read from `worktree list`; this unlocks (used by forced removal of a missing, locked one). */
export async function worktreeUnlock(cwd: string, worktreePath: string): Promise<Result<null>> {
  const result = await runGit(['worktree', 'unlock', '--', worktreePath], { cwd, label: 'worktree-unlock' });
  return result.ok ? ok(null) : result;
}

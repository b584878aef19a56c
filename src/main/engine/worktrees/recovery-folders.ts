/**
 * What recovery does to a worktree's folder and admin entry: delete both completely (a
 * half-made or half-removed folder git itself refuses), or put them back into a state git
 * accepts (an interrupted removal that must not be finished).
 */
import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkoutDeletedFiles } from '../git/checkout-deleted.ts';
import { findWorktreeAdminDir, worktreeRemove } from '../git/worktree-remove.ts';

/**
 * Remove a worktree's folder and every admin entry of it, as `git worktree remove -f -f` would.
 * Callers have checked that everything in the folder is also in git. git is asked first; when it
 * refuses a half-made or half-removed folder (no `.git` file, or an admin entry without `HEAD`),
 * the folder and the entries pointing at it are deleted directly. Throws if something is left.
 */
export async function removeWorktreeFolder(repoPath: string, worktreePath: string, registered: boolean): Promise<void> {
  const target = path.resolve(worktreePath);
  const main = path.resolve(repoPath);
  // A journal names a linked worktree; never the main checkout or a folder around it.
  if (!path.isAbsolute(worktreePath) || target === main || main.startsWith(`${target}${path.sep}`) || target === path.parse(target).root) {
    throw new Error(`refusing to remove ${worktreePath}: not a linked worktree folder`);
  }
  if (registered && (await exists(target))) await worktreeRemove(repoPath, target, 2);
  if (await exists(target)) await rm(target, { recursive: true, force: true });
  // Every admin entry whose `gitdir` names this folder (git may have made more than one id).
  for (let guard = 0; guard < 100; guard++) {
    const admin = await findWorktreeAdminDir(repoPath, target);
    if (!admin.ok) throw new Error(`cannot read the worktree entries of ${repoPath}`);
    if (admin.value === null) break;
    await rm(admin.value, { recursive: true, force: true });
  }
  if (await exists(target)) throw new Error(`cannot remove ${target}`);
}

/**
 * Make a worktree that `git worktree remove` was killed inside usable again, keeping every file
 * still there: git deletes the folder's files first (in directory order, so the `.git` file may
 * already be gone) and its admin entry last. The `.git` link and the admin entry's `HEAD` and
 * `commondir` are written back in git's own formats, then tracked files the
 * removal had deleted come back from the worktree's index (`checkout-index` without `-f` never
 * overwrites a file that is there). Throws when the admin entry is gone too (nothing to link to).
 */
export async function reattachWorktree(repoPath: string, worktreePath: string, head: { branch: string | null; commit: string | null }): Promise<void> {
  const target = path.resolve(worktreePath);
  const admin = await findWorktreeAdminDir(repoPath, target);
  if (!admin.ok) throw new Error(`cannot read the worktree entries of ${repoPath}`);
  if (admin.value === null) throw new Error(`git no longer has an entry for ${target}; its files are left as they are`);
  const dir = admin.value;
  const writeIfMissing = async (file: string, content: string): Promise<void> => {
    const current = await readFile(file, 'utf8').catch(() => '');
    if (current.trim() === '') await writeFile(file, content);
  };
  const headLine = head.branch !== null ? `ref: refs/heads/${head.branch}\n` : head.commit !== null ? `${head.commit}\n` : null;
  if (headLine === null) throw new Error(`no branch or commit recorded for ${target}`);
  await writeIfMissing(path.join(dir, 'HEAD'), headLine);
  await writeIfMissing(path.join(dir, 'commondir'), '../..\n');
  await mkdir(target, { recursive: true });
  await writeIfMissing(path.join(target, '.git'), `gitdir: ${dir}\n`);
  const restored = await checkoutDeletedFiles(target);
  if (!restored.ok) {
    const detail = restored.error.kind === 'GIT_FAILED' ? restored.error.stderr.trim() : restored.error.kind;
    throw new Error(`git does not accept ${target} as a worktree again: ${detail}`);
  }
}

export async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Find the main working tree of the repository a directory belongs to, or say why there is none.
 *
 * Users add a repository by whatever folder they have at hand: the repository itself, a subfolder,
 * a linked worktree an agent works in, even its `.git` folder. All of them mean the same
 * repository, which the app identifies by its main working tree. The first record of
 * `git worktree list` names it in every one of those cases, including layouts where "parent of the
 * common git dir" would be wrong (submodules, `--separate-git-dir`).
 */
import { realpath, stat } from 'node:fs/promises';
import { err, ok, type Result } from '../../../shared/result.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import type { WorktreeListHandoff } from '../git/worktree-list-handoff.ts';

/**
 * Real path of the main working tree of the repository containing the absolute path `dir`.
 *
 * Errors, in the order they are checked: PATH_NOT_FOUND, NOT_A_DIRECTORY, NOT_A_GIT_REPO,
 * BARE_REPO (also for a worktree of a bare repository: there is no main working tree),
 * REPO_HAS_NO_COMMITS (the main worktree's HEAD is unborn), WORKTREE_MISSING (the main worktree's
 * folder is gone although git still knows it), GIT_FAILED for anything unexpected.
 *
 * With a `handoff` (one-shot engines), the listing is offered to the worktree service's next
 * read, and taken from it when one is fresh (see ../git/worktree-list-handoff.ts).
 */
export async function resolveMainWorktree(dir: string, handoff?: WorktreeListHandoff): Promise<Result<string>> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    if (info.code === 'ENOENT' || info.code === 'ENOTDIR') return err({ kind: 'PATH_NOT_FOUND', path: dir });
    return err({ kind: 'INVALID_INPUT', message: `Cannot read ${dir}: ${info.code ?? info.message}` });
  }
  if (!info.isDirectory()) return err({ kind: 'NOT_A_DIRECTORY', path: dir });

  const realDir = await realpath(dir).catch(() => null);
  // Deleted between the two calls.
  if (realDir === null) return err({ kind: 'PATH_NOT_FOUND', path: dir });
  const handed = handoff?.take(realDir);
  const listed = handed ? ok(handed.records) : await listWorktrees(realDir);
  if (!listed.ok) {
    return listed.error.kind === 'NOT_A_GIT_REPO' ? err({ kind: 'NOT_A_GIT_REPO', path: dir }) : listed;
  }
  const main = listed.value[0];
  if (!main) return err({ kind: 'INTERNAL', message: `git listed no worktrees for ${dir}` });
  if (main.bare) return err({ kind: 'BARE_REPO', path: main.path });
  if (main.head === null) return err({ kind: 'REPO_HAS_NO_COMMITS', path: main.path });

  const mainReal = await realpath(main.path).catch(() => null);
  if (mainReal === null) return err({ kind: 'WORKTREE_MISSING', path: main.path });
  handoff?.offer([realDir, main.path, mainReal], listed.value, handed?.at);
  return ok(mainReal);
}

/**
 * Where a repository may put its worktrees: `worktreeDir` comes from a file the repository
 * brings, so it must not be able to aim folder creation (and later `git worktree add`, setup
 * commands, teardown deletes) at `/etc` or another user's project. It stays under the
 * repository's parent folder (the default `../<repo>.worktrees` is there) or the user's home.
 */
import path from 'node:path';

/** True when `child` is `parent` or inside it (lexically; callers resolve symlinks first). */
export function isInsideOrEqual(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Why `dir` (absolute) is not an allowed worktree folder for the repository, or null. */
export function worktreeDirProblem(dir: string, repoPath: string, userHome: string): string | null {
  const parent = path.dirname(repoPath);
  // Inside the repository's own .git would let a checkout write into git's admin files.
  if (isInsideOrEqual(dir, path.join(repoPath, '.git'))) return 'must not be inside the repository\'s .git folder';
  if (isInsideOrEqual(dir, parent) || isInsideOrEqual(dir, userHome)) return null;
  return `must be inside ${parent} (the repository's parent folder) or ${userHome} (your home folder)`;
}

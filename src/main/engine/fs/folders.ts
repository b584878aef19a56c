/**
 * Folder helpers for creating worktrees: resolve what exists, create what is missing, and undo
 * exactly that on failure.
 */
import { mkdir, realpath, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { pathExists } from './path-checks.ts';

/**
 * `dir` with its existing part resolved to a real path (git records worktree paths resolved, and
 * the list must compare equal), the missing rest appended as is.
 */
export async function realDirectory(dir: string): Promise<{ path: string }> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    const real = await realpath(current).catch(() => null);
    if (real !== null) return { path: path.join(real, ...missing.reverse()) };
    const parent = path.dirname(current);
    if (parent === current) return { path: path.resolve(dir) };
    missing.push(path.basename(current));
    current = parent;
  }
}

/** The folders `mkdir -p dir` would create, outermost first (none when `dir` exists). */
export async function missingFolders(dir: string): Promise<string[]> {
  let current = path.resolve(dir);
  const chain: string[] = [];
  while (!(await pathExists(current))) {
    chain.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return chain.reverse();
}

/** `mkdir -p`, returning the folders it created (deepest last) so a rollback can remove them. */
export async function mkdirTracked(dir: string): Promise<string[]> {
  const created: string[] = [];
  for (const folder of await missingFolders(dir)) {
    await mkdir(folder).catch(() => undefined);
    created.push(folder);
  }
  return created;
}

/** Remove folders created by {@link mkdirTracked}, deepest first, only while they are empty. */
export async function removeEmptyDirs(created: readonly string[]): Promise<void> {
  for (const folder of [...created].reverse()) {
    await rmdir(folder).catch(() => undefined);
  }
}

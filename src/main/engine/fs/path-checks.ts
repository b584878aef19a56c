/**
 * Asynchronous "is it there?" checks, shared by the engine's services.
 *
 * They never throw: a path that cannot be inspected counts as absent. Both look at the path
 * itself, not through a symlink (`lstat`), because the callers decide what a link means.
 */
import { lstat } from 'node:fs/promises';

/** True when something (file, folder, link) exists at `file`. */
export async function pathExists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/** True when `dir` is a real folder (a symlink to a folder is not). */
export async function isDirectory(dir: string): Promise<boolean> {
  return lstat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

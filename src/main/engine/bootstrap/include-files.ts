/**
 * Copying git-ignored files (`.env`, local certificates, caches) from the main checkout into a new
 * worktree: the patterns of `.worktreeinclude` (gitignore syntax, the convention Claude Code,
 * Codex and Conductor share) plus the repository config's `copy` globs.
 *
 * Rules, each enforced here rather than trusted to the patterns:
 * - only files git ignores in the main checkout: untracked files that match a pattern but are not
 *   ignored (work in progress) and every tracked file are never copied;
 * - never through a symlink: a symlink is not copied, and a source or destination whose real
 *   path leaves its checkout (a symlinked folder) is skipped;
 * - never over an existing file (`COPYFILE_EXCL`, atomic): the worktree's own files win.
 */
import { constants } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result.ts';
import { listIgnoredMatching } from '../git/ignored-files.ts';

/** The file at the repository root whose patterns name files to copy. */
export const WORKTREE_INCLUDE_FILE = '.worktreeinclude';

/** What the copy did, path by path (relative, `/`-separated as git prints them). */
export interface IncludeCopyReport {
  copied: string[];
  /** Skipped with the reason (exists, symlink, outside the checkout, not a file). */
  skipped: Array<{ path: string; reason: string }>;
}

/** The patterns to apply: `.worktreeinclude` of the main checkout, then the config's globs. */
export async function readIncludePatterns(mainPath: string, configGlobs: readonly string[]): Promise<string[]> {
  const text = await readFile(path.join(mainPath, WORKTREE_INCLUDE_FILE), 'utf8').catch(() => '');
  return [...text.split(/\r?\n/), ...configGlobs].filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/**
 * Files of the main checkout that match `patterns` and that git ignores.
 *
 * `ls-files --others --ignored --exclude-from=<patterns>` lists untracked files matching the
 * patterns (tracked files are never "others"); `check-ignore --stdin` then keeps those the
 * repository's own ignore rules ignore. Two git processes in all.
 */
export async function listIncludedFiles(mainPath: string, patterns: readonly string[]): Promise<Result<string[]>> {
  if (patterns.length === 0) return ok([]);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'ao-include-'));
  try {
    const patternFile = path.join(tempDir, 'patterns');
    await writeFile(patternFile, patterns.join('\n') + '\n');
    return await listIgnoredMatching(mainPath, patternFile);
  } catch (error) {
    return err({ kind: 'INTERNAL', message: `listing files to copy: ${(error as Error).message}` });
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

/** Copy `files` (relative paths) from `mainPath` into `worktreePath`, following the rules above. */
export async function copyIncludedFiles(
  mainPath: string,
  worktreePath: string,
  files: readonly string[],
): Promise<IncludeCopyReport> {
  const report: IncludeCopyReport = { copied: [], skipped: [] };
  const mainReal = await realpath(mainPath);
  const worktreeReal = await realpath(worktreePath);
  for (const relative of files) {
    const reason = await copyOne(mainReal, worktreeReal, relative);
    if (reason === null) report.copied.push(relative);
    else report.skipped.push({ path: relative, reason });
  }
  return report;
}

/** Copy one file; returns null on success or why it was skipped. */
async function copyOne(mainReal: string, worktreeReal: string, relative: string): Promise<string | null> {
  if (path.isAbsolute(relative) || relative.split(/[\\/]/).includes('..')) return 'not inside the checkout';
  const source = path.join(mainReal, relative);
  const info = await lstat(source).catch(() => null);
  if (!info) return 'no longer exists';
  if (info.isSymbolicLink()) return 'is a symlink';
  if (!info.isFile()) return 'is not a regular file';
  // A symlinked folder on the way would lead the source outside the main checkout.
  const sourceReal = await realpath(source).catch(() => null);
  if (sourceReal === null || !isInside(mainReal, sourceReal)) return 'leaves the main checkout through a symlink';

  const target = path.join(worktreeReal, relative);
  const parent = path.dirname(target);
  // Create missing folders one level at a time, refusing to pass through a symlink.
  const parentCheck = await ensureDirectoryInside(worktreeReal, parent);
  if (parentCheck) return parentCheck;
  try {
    await copyFile(source, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EEXIST' ? 'already exists in the worktree' : `could not be copied (${code ?? 'error'})`;
  }
  await chmod(target, info.mode & 0o7777).catch(() => undefined);
  return null;
}

/** Make `dir` (inside `root`) exist without following a symlink out of `root`; returns a reason on refusal. */
async function ensureDirectoryInside(root: string, dir: string): Promise<string | null> {
  const relative = path.relative(root, dir);
  let current = root;
  for (const part of relative === '' ? [] : relative.split(path.sep)) {
    current = path.join(current, part);
    const info = await lstat(current).catch(() => null);
    if (info === null) {
      await mkdir(current).catch(() => undefined);
      continue;
    }
    if (info.isSymbolicLink()) {
      const real = await realpath(current).catch(() => null);
      if (real === null || !isInside(root, real)) return 'the destination folder is a symlink leaving the worktree';
    } else if (!info.isDirectory()) {
      return 'a file in the worktree is in the way';
    }
  }
  return null;
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

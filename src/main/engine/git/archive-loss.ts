/**
 * What archiving a worktree would lose beyond `git add -A`: its ignored files (a `.env`, build
 * output the user edited) and nested repositories (a clone inside the worktree, which git would
 * record as a bare gitlink, dropping its files and history).
 *
 * Ignored folders are listed collapsed (`--directory`), so `node_modules/` is one entry, not
 * 100 000. Folders a setup recreates (dependencies, caches) are not kept; everything else is,
 * up to a size limit.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/** Ignored files kept in an archive, at most (bigger: archive refuses, nothing is removed). */
export const MAX_ARCHIVE_IGNORED_BYTES = 100 * 1024 * 1024;

/** Folders setup or a build recreates: not worth keeping, too big to keep. */
const REGENERABLE = new Set([
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  'target',
  '.gradle',
  '.next',
  '.nuxt',
  '.turbo',
  '.parcel-cache',
  '.cache',
  '.tox',
]);

export interface IgnoredEntry {
  /** Relative to the worktree, `/`-separated; folders end with `/`. */
  path: string;
  bytes: number;
}

export interface ArchiveLossReport {
  /** Ignored files and folders the archive keeps. */
  keep: IgnoredEntry[];
  /** Ignored folders left out, with why (recreated by setup). */
  skip: { path: string; reason: string }[];
  /** Nested repositories (untracked or ignored folders with their own `.git`). */
  nestedRepos: string[];
  keepBytes: number;
}

/** Inspect `worktreePath` (read-only). */
export async function inspectArchiveLoss(worktreePath: string): Promise<Result<ArchiveLossReport>> {
  const ignored = await lsFiles(worktreePath, ['--others', '--ignored', '--exclude-standard', '--directory']);
  if (!ignored.ok) return ignored;
  const untracked = await lsFiles(worktreePath, ['--others', '--exclude-standard', '--directory']);
  if (!untracked.ok) return untracked;

  const report: ArchiveLossReport = { keep: [], skip: [], nestedRepos: [], keepBytes: 0 };
  for (const entry of untracked.value) {
    if (entry.endsWith('/')) report.nestedRepos.push(...(await findGitDirs(worktreePath, entry)));
  }
  for (const entry of ignored.value) {
    const first = entry.split('/').find((part) => part !== '') ?? entry;
    const last = entry.replace(/\/$/, '').split('/').pop() ?? entry;
    if (REGENERABLE.has(first) || REGENERABLE.has(last)) {
      report.skip.push({ path: entry, reason: 'dependencies or cache: recreated by setup' });
      continue;
    }
    const full = path.join(worktreePath, entry);
    const nested = entry.endsWith('/') ? await findGitDirs(worktreePath, entry) : [];
    if (nested.length > 0) {
      report.nestedRepos.push(...nested);
      continue;
    }
    const bytes = await sizeOf(full);
    report.keep.push({ path: entry, bytes });
    report.keepBytes += bytes;
  }
  return ok(report);
}

async function lsFiles(cwd: string, args: string[]): Promise<Result<string[]>> {
  const listed = await runGit(['ls-files', '-z', ...args], { cwd, label: 'archive-loss' });
  if (!listed.ok) return listed;
  return ok(listed.value.stdout.split('\0').filter((entry) => entry !== ''));
}

async function hasGitDir(dir: string): Promise<boolean> {
  return lstat(path.join(dir, '.git')).then(
    () => true,
    () => false,
  );
}

/**
 * Folders at or below `relative` (inside `root`) that have their own `.git`, as `dir/` paths;
 * symlinks are not followed, and the search stops at a repository and at depth 6.
 */
async function findGitDirs(root: string, relative: string, depth = 0): Promise<string[]> {
  const dir = path.join(root, relative);
  if (await hasGitDir(dir)) return [relative.endsWith('/') ? relative : `${relative}/`];
  if (depth >= 6) return [];
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || REGENERABLE.has(entry.name)) continue;
    found.push(...(await findGitDirs(root, `${relative.replace(/\/?$/, '/')}${entry.name}/`, depth + 1)));
  }
  return found;
}

/** Bytes of a file, or of everything below a folder (symlinks count as themselves). */
async function sizeOf(target: string): Promise<number> {
  const info = await lstat(target).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  const entries = await readdir(target).catch(() => []);
  for (const entry of entries) {
    total += await sizeOf(path.join(target, entry));
    if (total > MAX_ARCHIVE_IGNORED_BYTES * 2) break;
  }
  return total;
}

/**
 * "Does this folder hold anything that is not in commit C?" — asked of a folder a killed
 * `worktree create` left behind, before recovery deletes it.
 *
 * The folder's own index cannot be trusted (a checkout killed half-way has none, or a partial
 * one), so a temporary index (`GIT_INDEX_FILE`) is filled from the commit's tree and compared
 * with the files on disk: a file whose content differs, or any file the commit does not have
 * (ignored ones too: `ls-files --others` without excludes), is the user's. A tracked file that
 * is missing is not: git still has it. git computes the hashes, so clean filters, line endings
 * and symlinks are judged exactly as `git add` would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';
import { revParseCommonDir } from './rev-parse.ts';

/**
 * Paths under `folder` (relative, an untracked folder as one `dir/` entry) that differ from
 * `commit` or are not in it, at most `limit` of them. Empty when the folder holds nothing of
 * its own.
 */
export async function filesBeyondCommit(repoPath: string, folder: string, commit: string, limit = 20): Promise<Result<string[]>> {
  const common = await revParseCommonDir(repoPath);
  if (!common.ok) return common;
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'ao-beyond-'));
  try {
    const env = { GIT_INDEX_FILE: path.join(tempDir, 'index') };
    // The common git dir for objects, the folder as work tree: the folder's `.git` file (maybe
    // half written) is never read.
    const at = ['--git-dir', common.value, '--work-tree', folder];
    const options = { cwd: repoPath, env, label: 'files-beyond-commit' };
    const read = await runGit([...at, 'read-tree', commit], options);
    if (!read.ok) return read;
    // Hash what the stat data cannot vouch for (the temporary index has none): exit 1 only says
    // some entries differ, which diff-files reports next.
    const refreshed = await runGit([...at, 'update-index', '-q', '--refresh'], { ...options, successExitCodes: [0, 1] });
    if (!refreshed.ok) return refreshed;
    const changed = await runGit([...at, 'diff-files', '--name-status', '-z'], options);
    if (!changed.ok) return changed;
    const others = await runGit([...at, 'ls-files', '-z', '--others', '--directory', '--no-empty-directory'], options);
    if (!others.ok) return others;
    const found: string[] = [];
    const fields = changed.value.stdout.split('\0');
    for (let i = 0; i + 1 < fields.length; i += 2) {
      // D: checked out not yet (or deleted): git still has it. M, T: content that is not C's.
      if (fields[i] !== 'D') found.push(fields[i + 1]!);
    }
    for (const name of others.value.stdout.split('\0')) if (name !== '') found.push(name);
    return ok(found.slice(0, limit));
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

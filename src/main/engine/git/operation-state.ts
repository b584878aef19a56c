/**
 * Whether a worktree is in the middle of a merge, rebase, cherry-pick or revert, and which files
 * conflict there.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/** The marker git keeps in a worktree's own git folder while each operation is unfinished. */
const MARKERS: ReadonlyArray<readonly [string, string]> = [
  ['rebase-merge', 'rebase'],
  ['rebase-apply', 'rebase'],
  ['MERGE_HEAD', 'merge'],
  ['CHERRY_PICK_HEAD', 'cherry-pick'],
  ['REVERT_HEAD', 'revert'],
];

/** The unfinished operation at `cwd` ('rebase', 'merge', 'cherry-pick', 'revert'), or null. */
export async function operationInProgress(cwd: string): Promise<Result<string | null>> {
  const result = await runGit(['rev-parse', '--path-format=absolute', '--git-dir'], { cwd, label: 'operation-state' });
  if (!result.ok) return result;
  const gitDir = result.value.stdout.replace(/\n$/, '');
  for (const [marker, operation] of MARKERS) {
    const present = await access(path.join(gitDir, marker)).then(
      () => true,
      () => false,
    );
    if (present) return ok(operation);
  }
  return ok(null);
}

/** Paths with unresolved conflicts in the worktree at `cwd`. */
export async function conflictedFiles(cwd: string): Promise<Result<string[]>> {
  const result = await runGit(['diff', '--name-only', '--diff-filter=U', '-z'], { cwd, label: 'conflicted-files' });
  if (!result.ok) return result;
  return ok([...new Set(result.value.stdout.split('\0').filter((file) => file !== ''))]);
}

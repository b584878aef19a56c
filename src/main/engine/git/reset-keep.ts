/**
 * `git reset --keep`: move a worktree's branch to another commit, updating only the files that
 * differ between the two, and refusing (changing nothing) if such a file has local changes.
 *
 * What lands a rebased source branch in its clean worktree, and what puts a branch back when a
 * later step of an operation fails.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

export async function resetKeep(cwd: string, commit: string): Promise<Result<null>> {
  const result = await runGit(['reset', '--keep', '--quiet', commit, '--'], { cwd, label: 'reset-keep' });
  return result.ok ? ok(null) : result;
}

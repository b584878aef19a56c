/**
 * Move a checked-out branch forward in its own worktree: `git merge --ff-only`.
 *
 * Used where a branch is checked out (git would never let `update-ref` leave that worktree's
 * files behind its HEAD). `--ff-only` refuses anything but a fast-forward, and git refuses to
 * overwrite uncommitted changes, so the worktree is never left half-merged.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/** Fast-forward the branch checked out at `cwd` to `commit`. */
export async function fastForward(cwd: string, commit: string): Promise<Result<null>> {
  const result = await runGit(['merge', '--ff-only', '--no-edit', '--quiet', '--end-of-options', commit], { cwd, label: 'fast-forward' });
  return result.ok ? ok(null) : result;
}

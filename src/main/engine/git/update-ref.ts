/**
 * `git update-ref` with the old value: move a ref only if nobody moved it since we read it.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/**
 * Point `ref` (full name) at `next` if it still points at `expected`. Returns false (and changes
 * nothing) when the ref moved meanwhile; git refuses refs checked out in a worktree only through
 * the caller, so callers check that first.
 */
export async function updateRefIfUnchanged(cwd: string, ref: string, next: string, expected: string, message: string): Promise<Result<boolean>> {
  const result = await runGit(['update-ref', '-m', message, '--end-of-options', ref, next, expected], {
    cwd,
    label: 'update-ref',
    successExitCodes: [0, 1, 128],
  });
  if (!result.ok) return result;
  return ok(result.value.exitCode === 0);
}

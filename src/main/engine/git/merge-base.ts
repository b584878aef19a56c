/**
 * `git merge-base`: the common ancestor of two commits, and ancestry as an answer.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/**
 * The best common ancestor of `a` and `b`, or null when their histories are unrelated.
 *
 * Exit 1 with no output is git's "no common ancestor", an answer rather than a failure.
 */
export async function mergeBase(cwd: string, a: string, b: string, signal?: AbortSignal): Promise<Result<string | null>> {
  const result = await runGit(['merge-base', '--end-of-options', a, b], {
    cwd,
    label: 'merge-base',
    successExitCodes: [0, 1],
    ...(signal ? { signal } : {}),
  });
  if (!result.ok) return result;
  const sha = result.value.stdout.trim();
  return ok(result.value.exitCode === 0 && sha !== '' ? sha : null);
}

/**
 * Whether `ancestor` is reachable from `descendant` (a commit is its own ancestor).
 *
 * One process per pair (~3 ms): for many branches against one target use
 * `refsMergedInto` (for-each-ref.ts) instead.
 */
export async function isAncestor(cwd: string, ancestor: string, descendant: string, signal?: AbortSignal): Promise<Result<boolean>> {
  const result = await runGit(['merge-base', '--is-ancestor', '--end-of-options', ancestor, descendant], {
    cwd,
    label: 'merge-base',
    successExitCodes: [0, 1],
    ...(signal ? { signal } : {}),
  });
  return result.ok ? ok(result.value.exitCode === 0) : result;
}

/**
 * Every best common ancestor of all `commits` at once (`merge-base --octopus --all`); empty when
 * they share no history. Everything below these is an ancestor of every commit given.
 */
export async function octopusMergeBases(cwd: string, commits: readonly string[], signal?: AbortSignal): Promise<Result<string[]>> {
  if (commits.length === 0) return ok([]);
  const result = await runGit(['merge-base', '--octopus', '--all', '--end-of-options', ...commits], {
    cwd,
    label: 'merge-base',
    successExitCodes: [0, 1],
    ...(signal ? { signal } : {}),
  });
  if (!result.ok) return result;
  return ok(result.value.stdout.split('\n').filter((line) => line !== ''));
}

/**
 * `git rev-list --parents`: every commit reachable from some tips and not from others, each with
 * its parents, in one process. The status map walks this in memory instead of starting one
 * `rev-list --count` / `merge-base` process per (branch, target) pair.
 */
import type { Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/**
 * Lines `sha parent…`, newest first (git's default date order), for commits reachable from
 * `tips` and not from `exclude`. Revisions go through stdin, so fifty tips never hit an
 * argument-length limit and nothing user-typed reaches the command line.
 */
export async function revListParents(
  cwd: string,
  tips: readonly string[],
  exclude: readonly string[],
  signal?: AbortSignal,
): Promise<Result<string>> {
  // `^sha`, not `--not`: git < 2.42 accepts no options on stdin.
  const stdin = [...tips, ...exclude.map((sha) => `^${sha}`)].join('\n');
  const result = await runGit(['rev-list', '--parents', '--stdin'], {
    cwd,
    stdin: `${stdin}\n`,
    label: 'rev-list-parents',
    ...(signal ? { signal } : {}),
  });
  return result.ok ? { ok: true, value: result.value.stdout } : result;
}

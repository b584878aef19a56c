/**
 * `git diff --stat`: a readable summary of what changed, for prompts and summaries.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/**
 * `git diff --stat=100 <revisions> --` at `cwd`, trailing newlines removed: `['main...HEAD']`
 * for a branch's changes since it forked, `['HEAD']` for uncommitted ones.
 */
export async function diffStat(cwd: string, revisions: readonly string[], signal?: AbortSignal): Promise<Result<string>> {
  const result = await runGit(['diff', '--no-color', '--no-ext-diff', '--stat=100', '--end-of-options', ...revisions, '--'], {
    cwd,
    label: 'diff-stat',
    ...(signal ? { signal } : {}),
  });
  return result.ok ? ok(result.value.stdout.replace(/\n+$/, '')) : result;
}

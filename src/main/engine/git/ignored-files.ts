/**
 * Ignored files matching a pattern file: `git ls-files --others --ignored` then
 * `git check-ignore --stdin`.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/**
 * Untracked files of the worktree at `cwd` that match the patterns in `patternFile` (gitignore
 * syntax) **and** that the repository's own rules ignore; relative, `/`-separated paths.
 *
 * Tracked files are never "others", so they are never listed. Two git processes in all.
 */
export async function listIgnoredMatching(cwd: string, patternFile: string): Promise<Result<string[]>> {
  const listed = await runGit(['ls-files', '-z', '--others', '--ignored', `--exclude-from=${patternFile}`], {
    cwd,
    label: 'include-list',
  });
  if (!listed.ok) return listed;
  const candidates = listed.value.stdout.split('\0').filter(Boolean);
  if (candidates.length === 0) return ok([]);
  // Exit 1: none of them is ignored.
  const ignored = await runGit(['check-ignore', '-z', '--stdin'], {
    cwd,
    stdin: candidates.join('\0') + '\0',
    label: 'include-check-ignore',
    successExitCodes: [0, 1],
  });
  if (!ignored.ok) return ignored;
  return ok(ignored.value.stdout.split('\0').filter(Boolean));
}

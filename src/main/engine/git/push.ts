/**
 * `git push -u origin <branch>` with progress.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import { gitFailed, runGit } from './core.ts';

/**
 * Push a branch to a remote and make it the upstream. `onProgress` gets each progress line
 * ("Writing objects:  45% (9/20)"); git prints them to stderr with `--progress`, separated by
 * carriage returns. Never forces: a rejected push is a GIT_FAILED with git's explanation.
 */
export async function pushBranch(
  cwd: string,
  branch: string,
  options: { remote?: string; onProgress?: (line: string) => void } = {},
): Promise<Result<null>> {
  const remote = options.remote ?? 'origin';
  let partial = '';
  const args = ['push', '--progress', '--set-upstream', '--', remote, `refs/heads/${branch}:refs/heads/${branch}`];
  const result = await runGit(args, {
    cwd,
    label: 'push',
    // A large first push on a slow link takes a while; the default 2 min would cut it.
    timeoutMs: 10 * 60_000,
    successExitCodes: [0, 1, 128],
    onStderr: (chunk) => {
      const parts = (partial + chunk).split(/[\r\n]/);
      partial = parts.pop() ?? '';
      for (const line of parts) {
        const text = line.trim();
        if (text) options.onProgress?.(text.replace(/^remote:\s*/, ''));
      }
    },
  });
  if (!result.ok) return result;
  if (result.value.exitCode !== 0) return err(gitFailed(args, result.value));
  return ok(null);
}

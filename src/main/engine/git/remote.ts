/**
 * Remotes: the URL a remote is configured with.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/**
 * The configured URL of a remote (`remote.<name>.url`), as written, or null when there is none.
 *
 * Read from config rather than `git remote get-url`, which applies `insteadOf` rewrites: the URL
 * the user wrote is the one that names the GitHub repository.
 */
export async function remoteUrl(cwd: string, remote = 'origin'): Promise<Result<string | null>> {
  const result = await runGit(['config', '--get', `remote.${remote}.url`], { cwd, label: 'remote-url', successExitCodes: [0, 1] });
  if (!result.ok) return result;
  const url = result.value.stdout.trim();
  return ok(result.value.exitCode === 0 && url ? url : null);
}

/**
 * The commit a worktree's HEAD points at now.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/** HEAD's commit at `cwd`, or null for an unborn branch. */
export async function currentHead(cwd: string): Promise<Result<string | null>> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd, label: 'rev-parse-head', successExitCodes: [0, 1] });
  if (!result.ok) return result;
  return ok(result.value.exitCode === 0 ? result.value.stdout.trim() : null);
}

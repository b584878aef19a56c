/**
 * "Would removing this worktree lose commits?": commits reachable from its HEAD that no target
 * branch, remote-tracking branch or archive contains.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { ARCHIVE_REF_PREFIX } from './archive-refs.ts';
import { runGit } from './core.ts';

/**
 * Count commits reachable from `tip` but from none of `targetRefs` (full refs that exist, e.g.
 * `refs/heads/main`), any remote-tracking branch, or any archive ref. One `rev-list` walk.
 */
export async function countUnmergedCommits(cwd: string, tip: string, targetRefs: readonly string[]): Promise<Result<number>> {
  const args = [
    'rev-list',
    '--count',
    tip,
    '--not',
    ...targetRefs,
    '--remotes',
    `--glob=${ARCHIVE_REF_PREFIX}*`,
  ];
  const result = await runGit(args, { cwd, label: 'unmerged' });
  if (!result.ok) return result;
  return ok(Number(result.value.stdout.trim()) || 0);
}

/**
 * Count commits reachable from `tip` that no branch, tag, remote-tracking branch or archive
 * holds: what deleting the last thing pointing at `tip` (a detached worktree) would lose.
 */
export async function countCommitsOnlyAt(cwd: string, tip: string): Promise<Result<number>> {
  return countUnmergedCommits(cwd, tip, ['--branches', '--tags']);
}

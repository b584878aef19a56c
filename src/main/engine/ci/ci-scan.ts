/**
 * The git half of a CI cycle, with no network: every worktree of a repository with its branch,
 * HEAD, target, upstream and GitHub repository. Four git calls per repository (worktree list,
 * branch upstreams, targets, origin URL), whatever the number of worktrees, so the engine can
 * afford it on every poll and on every change.
 */
import type { Repo } from '../../../shared/protocol/repos.ts';
import { defaultBranch } from '../git/branch.ts';
import { readBranchTargets } from '../git/branch-target.ts';
import { branchUpstreams } from '../git/branch-upstreams.ts';
import { remoteUrl } from '../git/remote.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import { parseGitHubRemote, remoteServedBy, type GitHubRepoRef } from './github/github-remote.ts';

export interface ScannedWorktree {
  readonly repoId: string;
  readonly repoPath: string;
  readonly path: string;
  readonly branch: string | null;
  readonly head: string | null;
  readonly target: string | null;
  readonly upstream: string | null;
  readonly upstreamSha: string | null;
  readonly github: GitHubRepoRef | null;
  /** The origin URL as configured, null without an origin. */
  readonly remote: string | null;
}

export async function scanRepo(repo: Repo, apiBase: string): Promise<ScannedWorktree[]> {
  const listed = await listWorktrees(repo.path);
  if (!listed.ok) return [];
  const [upstreams, targets, origin, fallback] = await Promise.all([
    branchUpstreams(repo.path),
    readBranchTargets(repo.path),
    remoteUrl(repo.path),
    defaultBranch(repo.path),
  ]);
  const remote = origin.ok ? origin.value : null;
  const parsed = remote ? parseGitHubRemote(remote) : null;
  const github = parsed && remoteServedBy(parsed.host, apiBase) ? parsed : null;
  const defaultTarget = fallback.ok ? fallback.value : null;
  return listed.value
    .filter((record) => !record.bare && !record.prunable)
    .map((record) => {
      const tracking = record.branch && upstreams.ok ? upstreams.value.get(record.branch) : undefined;
      const recorded = record.branch && targets.ok ? targets.value.get(record.branch) : undefined;
      const target = recorded ?? (defaultTarget && defaultTarget !== record.branch ? defaultTarget : null);
      return {
        repoId: repo.id,
        repoPath: repo.path,
        path: record.path,
        branch: record.branch,
        head: record.head,
        target,
        upstream: tracking?.upstream ?? null,
        upstreamSha: tracking?.upstreamSha ?? null,
        github,
        remote,
      };
    });
}

/**
 * A repository with every case the status map must tell apart, built with real git commands:
 *
 * targets `main` (default) and `consumer` (from the committed `agent-orchestrator.json`);
 * worktree branches
 * - `merged`     merged into main with a merge commit (`--no-ff`)
 * - `squashed`   squash-merged into main (`merge --squash` + commit)
 * - `rebased`    two commits rebase-merged into main (picked one by one, new shas, no -x)
 * - `picked`     cherry-picked with `-x` into consumer only
 * - `open`       unmerged, merges cleanly
 * - `clash`      unmerged, conflicts with main on shared.txt
 * - `dirty`      open work plus an uncommitted change in its worktree
 * plus a detached worktree at an old main commit, and a branch `recorded` with a recorded target
 * but no worktree.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import type { AgentPort } from '../../../src/main/engine/git-map/git-map-service.ts';
import { RepoService } from '../../../src/main/engine/repos/repo-service.ts';
import { err } from '../../../src/shared/result.ts';
import { addWorktree, git, makeCommit, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

/** The agents of an engine where none runs: no session anywhere; starting one fails as a missing CLI would. */
export const NO_AGENTS: AgentPort = {
  sessionIn: () => null,
  type: (sessionId) => err({ kind: 'SESSION_NOT_FOUND', sessionId }),
  launch: async (input) => err({ kind: 'COMMAND_NOT_FOUND', command: input.agentId }),
};

export interface MapFixture {
  root: string;
  home: string;
  repo: string;
  repoId: string;
  repos: RepoService;
  /** Worktree path by branch name (and `detached`). */
  worktrees: Record<string, string>;
  /** Notable commits. */
  sha: Record<string, string>;
}

export async function mapFixture(): Promise<MapFixture> {
  const root = makeTempDir('ao-map-');
  const repo = makeRepo({
    path: path.join(root, 'repo'),
    files: { 'shared.txt': 'base\n', 'agent-orchestrator.json': '{ "targets": ["consumer"] }\n' },
  });
  const sha: Record<string, string> = {};
  sha.base = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'branch', 'consumer');
  for (const branch of ['merged', 'squashed', 'rebased', 'picked', 'open', 'clash', 'dirty']) git(repo, 'branch', branch);

  const onBranch = (branch: string, work: () => void): void => {
    git(repo, 'checkout', '--quiet', branch);
    work();
    git(repo, 'checkout', '--quiet', 'main');
  };
  onBranch('merged', () => makeCommit(repo, { files: { 'merged.txt': 'm\n' }, message: 'merged work' }));
  onBranch('squashed', () => {
    makeCommit(repo, { files: { 'sq1.txt': '1\n' }, message: 'squash 1' });
    makeCommit(repo, { files: { 'sq2.txt': '2\n' }, message: 'squash 2' });
  });
  onBranch('rebased', () => {
    sha.rebased1 = makeCommit(repo, { files: { 'rb1.txt': '1\n' }, message: 'rebase 1' });
    sha.rebased2 = makeCommit(repo, { files: { 'rb2.txt': '2\n' }, message: 'rebase 2' });
  });
  onBranch('picked', () => {
    sha.fix = makeCommit(repo, { files: { 'fix.txt': 'fixed\n' }, message: 'the fix' });
  });
  onBranch('open', () => makeCommit(repo, { files: { 'open.txt': 'o\n' }, message: 'open work' }));
  onBranch('clash', () => makeCommit(repo, { files: { 'shared.txt': 'clash\n' }, message: 'clashing work' }));
  onBranch('dirty', () => makeCommit(repo, { files: { 'dirty.txt': 'd\n' }, message: 'dirty work' }));

  // main moves on, then takes merged (merge commit), squashed (squash), rebased (picked anew).
  sha.mainOld = git(repo, 'rev-parse', 'HEAD');
  makeCommit(repo, { files: { 'shared.txt': 'main\n' }, message: 'main changes shared' });
  git(repo, 'merge', '--quiet', '--no-ff', '-m', 'Merge merged', 'merged');
  git(repo, 'merge', '--quiet', '--squash', 'squashed');
  git(repo, 'commit', '--quiet', '-m', 'Squashed feature');
  git(repo, 'cherry-pick', sha.rebased1!, sha.rebased2!);
  // consumer takes the fix with -x.
  git(repo, 'checkout', '--quiet', 'consumer');
  git(repo, 'cherry-pick', '-x', sha.fix!);
  git(repo, 'checkout', '--quiet', 'main');
  // A branch with a recorded target and no worktree.
  git(repo, 'branch', 'recorded', sha.base);
  git(repo, 'config', 'branch.recorded.agentOrchestratorTarget', 'consumer');

  const worktrees: Record<string, string> = {};
  for (const branch of ['merged', 'squashed', 'rebased', 'picked', 'open', 'clash', 'dirty']) {
    worktrees[branch] = addWorktree(repo, path.join(root, `wt-${branch}`), branch);
  }
  writeFileSync(path.join(worktrees.dirty!, 'dirty.txt'), 'changed but not committed\n');
  git(repo, 'worktree', 'add', '--quiet', '--detach', path.join(root, 'wt-detached'), sha.mainOld);
  worktrees.detached = path.join(root, 'wt-detached');

  const home = path.join(root, 'home');
  const repos = new RepoService({ home, userHomeDir: root });
  await repos.load();
  const added = await repos.add(repo);
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  return { root, home, repo: added.value.path, repoId: added.value.id, repos, worktrees, sha };
}

/**
 * Ground truth for "equivalent", from git's own commands: merge the branch into the target in
 * a scratch worktree; the target already has everything iff the merge stages no change.
 */
export function mergeAddsNothing(repo: string, scratch: string, target: string, branch: string): boolean {
  git(repo, 'worktree', 'add', '--quiet', '--detach', scratch, target);
  try {
    try {
      git(scratch, 'merge', '--quiet', '--no-commit', '--no-ff', branch);
    } catch {
      return false; // conflicts: the merge would add (conflicting) changes
    }
    try {
      git(scratch, 'diff', '--cached', '--quiet', 'HEAD');
      return true;
    } catch {
      return false;
    }
  } finally {
    git(repo, 'worktree', 'remove', '--force', scratch);
  }
}

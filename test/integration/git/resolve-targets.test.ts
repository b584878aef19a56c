/**
 * resolveTargets(): the one answer to "what are the targets" used by the handoff, the worktree
 * lifecycle and list, and the status map.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mergeTargetsOf, resolveTargets, targetOf } from '../../../src/main/engine/targets/resolve-targets.ts';
import { setBranchTarget } from '../../../src/main/engine/git/branch-target.ts';
import { capabilitiesOf } from '../../../src/main/engine/git/version.ts';
import { git, makeCommit, makeRepo, makeTempDir, removeTempDir } from '../../helpers/git-repo.ts';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => removeTempDir(dir)));

function repoWithBranches(): string {
  const repo = makeRepo();
  cleanup.push(repo);
  git(repo, 'branch', 'consumer');
  git(repo, 'branch', 'feature');
  makeCommit(repo);
  return repo;
}

describe('resolveTargets', () => {
  it('lists the default branch then configured targets, with their tips, and names missing ones', async () => {
    const repo = repoWithBranches();
    const result = await resolveTargets(repo, { configTargets: ['consumer', 'main', 'nope'] });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.defaultBranch).toBe('main');
    expect(result.value.targets).toEqual([
      { name: 'main', ref: 'refs/heads/main', sha: git(repo, 'rev-parse', 'main') },
      { name: 'consumer', ref: 'refs/heads/consumer', sha: git(repo, 'rev-parse', 'consumer') },
    ]);
    expect(result.value.missing).toEqual(['nope']);
  });

  it('gives a branch its recorded target, else the default branch, and nothing for the default itself', async () => {
    const repo = repoWithBranches();
    git(repo, 'branch', 'other');
    const recorded = await setBranchTarget(repo, 'feature', 'consumer');
    expect(recorded.ok).toBe(true);
    const result = await resolveTargets(repo);
    if (!result.ok) throw new Error('resolve failed');
    expect(targetOf(result.value, 'feature')).toBe('consumer');
    expect(git(repo, 'config', '--get', 'branch.feature.agentOrchestratorTarget')).toBe('consumer');
    expect(targetOf(result.value, 'other')).toBe('main');
    expect(targetOf(result.value, 'main')).toBeNull();
    expect(targetOf(result.value, null)).toBeNull();
    // What a branch's work counts as merged into: every target plus its own, never itself.
    expect(mergeTargetsOf(result.value, 'main').map((t) => t.name)).toEqual([]);
    expect(mergeTargetsOf(result.value, 'feature').map((t) => t.ref)).toEqual(['refs/heads/main', 'refs/heads/consumer']);
  });

  it('falls back to a remote-tracking branch when origin/HEAD names a branch with no local copy', async () => {
    const upstream = repoWithBranches();
    const parent = makeTempDir('ao-clone-');
    cleanup.push(parent);
    const clone = `${parent}/clone`;
    git(parent, 'clone', '--quiet', '--branch', 'consumer', upstream, clone);
    // The clone has only `consumer` locally; origin/HEAD points at origin/main.
    const result = await resolveTargets(clone, { configTargets: ['origin/consumer'] });
    if (!result.ok) throw new Error('resolve failed');
    expect(result.value.defaultBranch).toBe('origin/main');
    expect(result.value.targets.map((t) => t.ref)).toEqual(['refs/remotes/origin/main', 'refs/remotes/origin/consumer']);
  });

  it('fails with NOT_A_GIT_REPO-like errors outside a repository instead of throwing', async () => {
    const dir = makeTempDir('ao-plain-');
    cleanup.push(dir);
    const result = await resolveTargets(dir);
    expect(result.ok).toBe(false);
  });
});

describe('capabilitiesOf', () => {
  it('picks the newer code paths only on versions that have them', () => {
    expect(capabilitiesOf('2.39.5')).toEqual({ version: '2.39.5', supported: true, aheadBehindFormat: false, mergeTreeMergeBase: false });
    expect(capabilitiesOf('2.40.0')).toMatchObject({ aheadBehindFormat: false, mergeTreeMergeBase: true });
    expect(capabilitiesOf('2.41.0')).toMatchObject({ aheadBehindFormat: true, mergeTreeMergeBase: true });
    expect(capabilitiesOf('2.30.0')).toMatchObject({ supported: false });
    expect(capabilitiesOf(null)).toMatchObject({ supported: false, aheadBehindFormat: false });
  });
});

/**
 * A branch whose recorded target is none of the repository's targets (a stacked branch on its
 * parent, a fix on the branch it came from) is measured against that target too, so its row can
 * show where it merges — checked against git's own counts.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitMapService } from '../../../src/main/engine/git-map/git-map-service.ts';
import { RepoService } from '../../../src/main/engine/repos/repo-service.ts';
import type { GitMap } from '../../../src/shared/protocol/git-map.ts';
import { addWorktree, git, makeCommit, makeRepo, makeTempDir, removeTempDir } from '../../helpers/git-repo.ts';
import { NO_AGENTS } from './map-fixture.ts';

let root: string;
let service: GitMapService | undefined;
let map: GitMap;
let repo: string;

beforeAll(async () => {
  root = makeTempDir('ao-own-target-');
  repo = makeRepo({ path: path.join(root, 'repo') });
  const parent = addWorktree(repo, path.join(root, 'wt-parent'), 'feature/parent');
  makeCommit(parent, { message: 'parent work 1' });
  makeCommit(parent, { message: 'parent work 2' });
  git(parent, 'branch', 'feature/child');
  const child = addWorktree(repo, path.join(root, 'wt-child'), 'feature/child');
  makeCommit(child, { message: 'child work' });
  git(repo, 'config', 'branch.feature/child.agentOrchestratorTarget', 'feature/parent');

  const repos = new RepoService({ home: path.join(root, 'home'), userHomeDir: root });
  await repos.load();
  const added = await repos.add(repo);
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  service = new GitMapService({ repos, home: path.join(root, 'home'), userHomeDir: root, writeCommitGraphs: false, agents: NO_AGENTS });
  const answer = await service.map({ repoId: added.value.id });
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  map = answer.value;
}, 60_000);

afterAll(async () => {
  await service?.dispose();
  if (root) removeTempDir(root);
});

describe('status map: a branch’s own target', () => {
  it('measures the child against its parent as well as against main; the parent only against main', () => {
    expect(map.targets).toEqual(['main']);
    const child = map.branches.find((b) => b.branch === 'feature/child')!;
    const parent = map.branches.find((b) => b.branch === 'feature/parent')!;
    expect(child.target).toBe('feature/parent');
    expect(Object.keys(child.status).sort()).toEqual(['feature/parent', 'main']);
    expect(child.status['feature/parent']).toEqual({
      state: 'unmerged',
      ahead: Number(git(repo, 'rev-list', '--count', 'feature/parent..feature/child')),
      behind: Number(git(repo, 'rev-list', '--count', 'feature/child..feature/parent')),
      conflicts: false,
    });
    expect(child.status['feature/parent']!.ahead).toBe(1);
    expect(child.status.main!.ahead).toBe(3);
    expect(parent.target).toBe('main');
    expect(Object.keys(parent.status)).toEqual(['main']);
  });

  it('follows the parent: once the child is merged into it, the child reads merged there', async () => {
    git(path.join(root, 'wt-parent'), 'merge', '--quiet', '--ff-only', 'feature/child');
    const again = await service!.map({ path: repo });
    if (!again.ok) throw new Error(JSON.stringify(again.error));
    const child = again.value.branches.find((b) => b.branch === 'feature/child')!;
    expect(child.status['feature/parent']).toMatchObject({ state: 'merged', ahead: 0 });
    expect(child.status.main).toMatchObject({ state: 'unmerged', ahead: 3 });
  });
});

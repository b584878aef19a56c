/**
 * The status map and fix presence on a real repository with merge commits, squash merges,
 * rebase merges, cherry-picks with and without -x, two targets, a would-conflict branch, a dirty
 * and a detached worktree; every answer is checked against git's own commands.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitMap } from '../../../src/shared/protocol/git-map.ts';
import { GitMapService } from '../../../src/main/engine/git-map/git-map-service.ts';
import { git, removeTempDir } from '../../helpers/git-repo.ts';
import { mapFixture, mergeAddsNothing, NO_AGENTS, type MapFixture } from './map-fixture.ts';

let fx: MapFixture;
let service: GitMapService;
let map: GitMap;

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`unexpected error: ${JSON.stringify(result.error)}`);
  return result.value;
}

function gitSucceeds(cwd: string, ...args: string[]): boolean {
  try {
    git(cwd, ...args);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  fx = await mapFixture();
  service = new GitMapService({ repos: fx.repos, home: fx.home, userHomeDir: fx.root, writeCommitGraphs: false, agents: NO_AGENTS });
  map = unwrap(await service.map({ repoId: fx.repoId }));
}, 60_000);

afterAll(async () => {
  await service?.dispose();
  if (fx) removeTempDir(fx.root);
});

function entry(branch: string | null, worktree?: string) {
  const found = map.branches.find((b) => b.branch === branch && (worktree === undefined || b.worktree === worktree));
  if (!found) throw new Error(`no map entry for ${branch}`);
  return found;
}

describe('status map', () => {
  it('lists the targets (default first, then configured) and never a target under branches', () => {
    expect(map.repo).toBe(fx.repo);
    expect(map.targets).toEqual(['main', 'consumer']);
    expect(map.branches.map((b) => b.branch)).not.toContain('main');
    expect(map.branches.map((b) => b.branch)).not.toContain('consumer');
    expect(map.branches.map((b) => b.branch).sort()).toEqual(
      ['clash', 'dirty', 'merged', 'open', 'picked', 'rebased', 'recorded', 'squashed', null].sort((a, b) => String(a).localeCompare(String(b))),
    );
  });

  it('tells merged, equivalent (squash, rebase, cherry-pick -x) and unmerged apart', () => {
    const states = Object.fromEntries(map.branches.map((b) => [b.branch ?? 'detached', [b.status.main?.state, b.status.consumer?.state]]));
    expect(states).toEqual({
      merged: ['merged', 'unmerged'],
      squashed: ['equivalent', 'unmerged'],
      rebased: ['equivalent', 'unmerged'],
      picked: ['unmerged', 'equivalent'],
      open: ['unmerged', 'unmerged'],
      clash: ['unmerged', 'unmerged'],
      dirty: ['unmerged', 'unmerged'],
      recorded: ['merged', 'merged'],
      // At the commit every branch started from, which both targets contain.
      detached: ['merged', 'merged'],
    });
  });

  it('agrees with git on every pair: ancestry, counts, conflicts, and whether a merge adds anything', () => {
    let scratch = 0;
    for (const branch of map.branches) {
      for (const target of map.targets) {
        const status = branch.status[target]!;
        const label = `${branch.branch ?? 'detached'} → ${target}`;
        const ancestor = gitSucceeds(fx.repo, 'merge-base', '--is-ancestor', branch.head, target);
        expect(status.state === 'merged', label).toBe(ancestor);
        expect(status.ahead, label).toBe(Number(git(fx.repo, 'rev-list', '--count', `${target}..${branch.head}`)));
        expect(status.behind, label).toBe(Number(git(fx.repo, 'rev-list', '--count', `${branch.head}..${target}`)));
        if (status.state === 'merged') continue;
        const nothingToAdd = mergeAddsNothing(fx.repo, path.join(fx.root, `scratch-${scratch++}`), target, branch.head);
        expect(status.state === 'equivalent', label).toBe(nothingToAdd);
        if (status.state === 'equivalent') {
          expect(status.conflicts, label).toBeNull();
        } else {
          const clean = gitSucceeds(fx.repo, 'merge-tree', '--write-tree', target, branch.head);
          expect(status.conflicts, label).toBe(!clean);
        }
      }
    }
    expect(entry('clash').status.main?.conflicts).toBe(true);
    expect(entry('open').status.main?.conflicts).toBe(false);
  });

  it('reports heads, worktrees, targets, dirty state and detached worktrees', () => {
    expect(entry('open').head).toBe(git(fx.repo, 'rev-parse', 'open'));
    expect(entry('open').worktree).toBe(fx.worktrees.open);
    expect(entry('open').target).toBe('main');
    expect(entry('recorded').target).toBe('consumer');
    expect(entry('recorded').worktree).toBeNull();
    expect(entry('recorded').dirty).toBeNull();
    expect(entry('dirty').dirty).toBe(true);
    expect(entry('open').dirty).toBe(false);
    const detached = entry(null);
    expect(detached.worktree).toBe(fx.worktrees.detached);
    expect(detached.head).toBe(fx.sha.mainOld);
  });

  it('answers the same from its cache, and by path as by id', async () => {
    const again = unwrap(await service.map({ path: fx.worktrees.open! }));
    expect(again).toEqual(map);
  });

  it('fails with one typed error for a path that is no repository, changing nothing', async () => {
    expect(await service.map({ path: fx.home })).toMatchObject({ ok: false });
    expect(await service.map({ path: path.join(fx.root, 'nope') })).toEqual({ ok: false, error: { kind: 'PATH_NOT_FOUND', path: path.join(fx.root, 'nope') } });
  });
});

describe('fix presence', () => {
  it('says contains / equivalent / missing for every target and worktree branch, like git', async () => {
    const presence = unwrap(await service.contains({ repoId: fx.repoId }, fx.sha.fix!.slice(0, 10)));
    expect(presence.commit).toBe(fx.sha.fix);
    expect(presence.subject).toBe('the fix');
    const byBranch = Object.fromEntries(presence.branches.map((b) => [b.branch ?? 'detached', b.presence]));
    expect(byBranch).toEqual({
      main: 'missing',
      consumer: 'equivalent',
      merged: 'missing',
      squashed: 'missing',
      rebased: 'missing',
      picked: 'contains',
      open: 'missing',
      clash: 'missing',
      dirty: 'missing',
      detached: 'missing',
    });
    expect(presence.branches.slice(0, 2).every((b) => b.isTarget)).toBe(true);
    // git's own view: --contains for exact, cherry for equivalent.
    expect(git(fx.repo, 'branch', '--contains', fx.sha.fix!, '--format=%(refname:short)')).toBe('picked');
    expect(git(fx.repo, 'cherry', 'consumer', fx.sha.fix!, `${fx.sha.fix}^`)).toBe(`- ${fx.sha.fix}`);
  });

  it('finds the worktrees a bad commit affects (ancestry through merges)', async () => {
    const presence = unwrap(await service.contains({ repoId: fx.repoId }, 'merged'));
    const affected = presence.branches.filter((b) => b.presence !== 'missing').map((b) => b.branch);
    expect(affected.sort()).toEqual(['main', 'merged']);
  });

  it('refuses a bad commit-ish with COMMIT_NOT_FOUND', async () => {
    expect(await service.contains({ repoId: fx.repoId }, 'no-such-thing')).toEqual({ ok: false, error: { kind: 'COMMIT_NOT_FOUND', ref: 'no-such-thing' } });
    expect(await service.contains({ repoId: fx.repoId }, '--all')).toEqual({ ok: false, error: { kind: 'COMMIT_NOT_FOUND', ref: '--all' } });
  });
});

describe('targets', () => {
  it('changes a branch target, validates it, and the map follows', async () => {
    expect(await service.setTarget({ repoId: fx.repoId }, 'open', 'nope')).toEqual({ ok: false, error: { kind: 'TARGET_NOT_FOUND', branch: 'nope' } });
    expect(await service.setTarget({ repoId: fx.repoId }, 'gone', 'main')).toEqual({ ok: false, error: { kind: 'BRANCH_NOT_FOUND', branch: 'gone' } });
    expect(unwrap(await service.setTarget({ repoId: fx.repoId }, 'open', 'consumer'))).toBeNull();
    expect(git(fx.repo, 'config', '--get', 'branch.open.agentOrchestratorTarget')).toBe('consumer');
    const after = unwrap(await service.map({ repoId: fx.repoId }));
    expect(after.branches.find((b) => b.branch === 'open')?.target).toBe('consumer');
    expect(unwrap(await service.setTarget({ repoId: fx.repoId }, 'open', null))).toBeNull();
    expect(gitSucceeds(fx.repo, 'config', '--get', 'branch.open.agentOrchestratorTarget')).toBe(false);
  });
});

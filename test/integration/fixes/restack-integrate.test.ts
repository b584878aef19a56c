/**
 * Restack children after their parent was amended, and an integrator merging three children in
 * dependency order with one conflict, on real repositories.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dependencyOrder } from '../../../src/main/engine/fixes/integrate.ts';
import { addWorktree, git, makeCommit } from '../../helpers/git-repo.ts';
import { unwrap } from '../worktrees/lifecycle-fixture.ts';
import { expectNothingInProgress, fixWorld, read, startAndCommitFix, subjects, tip } from './fix-fixture.ts';

describe('restack', () => {
  it('rebases a fix onto its amended parent (--update-refs), keeping only its own commits', async () => {
    const world = await fixWorld();
    const fix = await startAndCommitFix(world);
    // A second child that is not checked out anywhere: restacked in a temporary worktree.
    git(world.repoPath, 'branch', 'fix/other', tip(world.feature, 'HEAD'));
    git(world.repoPath, 'config', 'branch.fix/other.agentOrchestratorParent', 'feature');
    git(world.repoPath, 'config', 'branch.fix/other.agentOrchestratorBase', tip(world.feature, 'HEAD'));
    const scratch = addWorktree(world.repoPath, path.join(world.root, 'other-wt'), 'fix/other');
    makeCommit(scratch, { files: { 'other.txt': 'other\n' }, message: 'fix: other' });
    git(world.repoPath, 'worktree', 'remove', scratch);

    expect(unwrap(await world.fixes.children({ parent: world.feature })).map((child) => [child.branch, child.state])).toEqual([
      ['fix/other', 'current'],
      [fix.branch, 'current'],
    ]);
    // The parent is amended: its tip is rewritten.
    git(world.feature, 'commit', '--amend', '--quiet', '-m', 'feature: two (amended)');
    const amended = tip(world.feature, 'HEAD');
    expect(unwrap(await world.fixes.children({ parent: 'feature' })).every((child) => child.state === 'diverged')).toBe(true);

    const results = unwrap(await world.fixes.restack({ parent: world.feature }));
    expect(results.map((result) => [result.branch, result.result])).toEqual([
      ['fix/other', 'restacked'],
      [fix.branch, 'restacked'],
    ]);
    for (const branch of [fix.branch, 'fix/other']) {
      expect(git(world.repoPath, 'rev-parse', `${branch}~1`)).toBe(amended);
      expect(git(world.repoPath, 'config', `branch.${branch}.agentOrchestratorBase`)).toBe(amended);
    }
    expect(subjects(world.repoPath, `feature..${fix.branch}`)).toEqual(['fix: the buggy line']);
    expect(read(fix.worktree, 'app.txt')).toContain('fixed line');
    expect(unwrap(await world.fixes.children({ parent: 'feature' })).every((child) => child.state === 'current')).toBe(true);
    expectNothingInProgress(world.repoPath);
  });

  it('reports a conflicting child and leaves it as it was, with no rebase in progress', async () => {
    const world = await fixWorld();
    const fix = await startAndCommitFix(world);
    const before = tip(world.repoPath, fix.branch);
    makeCommit(world.feature, { files: { 'app.txt': 'one\ntwo\nfeature changed it\nfour\nfive\n' }, message: 'feature: app' });
    const [result] = unwrap(await world.fixes.restack({ parent: 'feature' }));
    expect(result).toMatchObject({ branch: fix.branch, result: 'conflict', files: ['app.txt'] });
    expect(tip(world.repoPath, fix.branch)).toBe(before);
    expect(git(fix.worktree, 'status', '--porcelain')).toBe('');
    expectNothingInProgress(world.repoPath);
  });
});

describe('integrator', () => {
  it('orders children after their parents', () => {
    const parents: Record<string, string> = { c2: 'c1', c3: 'c2' };
    expect(dependencyOrder(['c3', 'x', 'c2', 'c1'], (branch) => parents[branch] ?? null)).toEqual(['c1', 'c2', 'c3', 'x']);
  });

  it('merges three children in dependency order and reports the conflicting one', async () => {
    const world = await fixWorld();
    const integrator = addWorktree(world.repoPath, path.join(world.root, 'integ'), 'integration');
    unwrap(await world.fixes.setIntegrator({ worktree: integrator, integrator: true }));
    expect(git(world.repoPath, 'config', 'branch.integration.agentOrchestratorIntegrator')).toBe('true');

    const child = (name: string, from: string, files: Record<string, string>, parent: string): void => {
      const dir = addWorktree(world.repoPath, path.join(world.root, name.replace('/', '-')), name);
      git(dir, 'reset', '--quiet', '--hard', from);
      makeCommit(dir, { files, message: `${name}: work` });
      git(world.repoPath, 'worktree', 'remove', dir);
      git(world.repoPath, 'config', `branch.${name}.agentOrchestratorParent`, parent);
    };
    child('child/api', 'main', { 'api.txt': 'api\n' }, 'integration');
    child('child/ui', 'child/api', { 'ui.txt': 'ui\n' }, 'child/api');
    child('child/clash', 'main', { 'README.md': '# clash\n' }, 'integration');
    makeCommit(integrator, { files: { 'README.md': '# integration\n' }, message: 'integration: readme' });
    const start = tip(integrator, 'HEAD');

    const outcome = unwrap(await world.fixes.integrate({ integrator: 'integ', children: ['child/ui', 'child/clash', 'child/api'] }));
    expect(outcome.results.map((result) => [result.branch, result.result, result.files])).toEqual([
      ['child/api', 'merged', []],
      ['child/ui', 'merged', []],
      ['child/clash', 'conflict', ['README.md']],
    ]);
    expect(outcome.head).toBe(tip(integrator, 'HEAD'));
    expect(git(integrator, 'merge-base', '--is-ancestor', start, 'HEAD')).toBe('');
    expect(read(integrator, 'api.txt')).toBe('api\n');
    expect(read(integrator, 'ui.txt')).toBe('ui\n');
    expect(read(integrator, 'README.md')).toBe('# integration\n');
    expect(git(integrator, 'status', '--porcelain')).toBe('');
    expectNothingInProgress(world.repoPath);

    // Again: the merged ones are skipped as already merged; the clash still conflicts.
    const again = unwrap(await world.fixes.integrate({ integrator: integrator, children: ['child/api', 'child/clash'] }));
    expect(again.results.map((result) => [result.branch, result.result, result.reason])).toEqual([
      ['child/api', 'skipped', 'already merged'],
      ['child/clash', 'conflict', null],
    ]);
  });
});

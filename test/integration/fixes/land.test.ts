/**
 * Start a fix from a feature worktree and land it without a hop, on real repositories: the target
 * gets only the fix, the source gets the fix, conflicts and dirty worktrees change nothing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBranchLineage } from '../../../src/main/engine/git/branch-lineage.ts';
import { addWorktree, git, makeCommit } from '../../helpers/git-repo.ts';
import { unwrap } from '../worktrees/lifecycle-fixture.ts';
import { APP_BUGGY, APP_FIXED, expectNothingInProgress, fileAt, fixWorld, read, startAndCommitFix, subjects, tip, write } from './fix-fixture.ts';

describe('fixes.start', () => {
  it('creates fix/<slug> from the source HEAD with parent, base and target recorded in git config', async () => {
    const world = await fixWorld();
    const featureHead = tip(world.feature, 'HEAD');
    const started = unwrap(await world.fixes.start({ from: world.feature, description: 'Login fails: empty token!', cols: 80, rows: 24 }));
    expect(started).toMatchObject({ branch: 'fix/login-fails-empty-token', parent: 'feature', target: 'main', base: featureHead, sessionId: null });
    expect(path.basename(started.worktree)).toBe('fix-login-fails-empty-token');
    expect(tip(started.worktree, 'HEAD')).toBe(featureHead);
    expect(git(world.repoPath, 'config', 'branch.fix/login-fails-empty-token.agentOrchestratorParent')).toBe('feature');
    expect(git(world.repoPath, 'config', 'branch.fix/login-fails-empty-token.agentOrchestratorBase')).toBe(featureHead);
    expect(git(world.repoPath, 'config', 'branch.fix/login-fails-empty-token.agentOrchestratorTarget')).toBe('main');
    expect((await world.bootstrap.whenDone(started.worktree))?.status).toBe('ready');
    // The same description again gets the next free slug, never a clash.
    const again = unwrap(await world.fixes.start({ from: 'feature-wt', description: 'Login fails: empty token!', cols: 80, rows: 24 }));
    expect(again.branch).toBe('fix/login-fails-empty-token-2');
  });

  it('starts from the target with --base target, and the preview recommends it when the source adds nothing', async () => {
    const world = await fixWorld();
    const mainHead = tip(world.repoPath, 'main');
    const preview = unwrap(await world.fixes.preview({ from: world.feature }));
    expect(preview).toMatchObject({ target: 'main', bugOnTarget: null, recommendedBase: 'source' });
    expect(preview.recentCommits[0]).toMatch(/feature: two$/);
    // A commit picked in the graph that main contains: the bug is on main too.
    const onMain = unwrap(await world.fixes.preview({ from: world.feature, commit: mainHead }));
    expect(onMain).toMatchObject({ bugOnTarget: true, recommendedBase: 'target' });
    const featureOnly = unwrap(await world.fixes.preview({ from: world.feature, commit: tip(world.feature, 'HEAD') }));
    expect(featureOnly).toMatchObject({ bugOnTarget: false, recommendedBase: 'source' });

    const started = unwrap(await world.fixes.start({ from: world.feature, description: 'crash', base: 'target', cols: 80, rows: 24 }));
    expect(started.base).toBe(mainHead);
    expect(tip(started.worktree, 'HEAD')).toBe(mainHead);
    expect(read(started.worktree, 'feature-1.txt')).toBeNull();
  });

  it('refuses a detached source and a bad name, creating nothing', async () => {
    const world = await fixWorld();
    const detached = addWorktree(world.repoPath, path.join(world.root, 'detached'), null);
    const result = await world.fixes.start({ from: detached, description: 'x', cols: 80, rows: 24 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'DETACHED_HEAD' } });
    const badName = await world.fixes.start({ from: world.feature, description: 'x', name: 'a b', cols: 80, rows: 24 });
    expect(badName).toMatchObject({ ok: false, error: { kind: 'INVALID_WORKTREE_NAME' } });
    expect(git(world.repoPath, 'branch', '--list', 'fix/*')).toBe('');
  });
});

describe('fixes.land', () => {
  it('lands only the fix on main (checked out in the main worktree) and cherry-picks it into the source', async () => {
    const world = await fixWorld();
    const fix = await startAndCommitFix(world);
    const mainBefore = tip(world.repoPath, 'main');
    const featureBefore = tip(world.feature, 'HEAD');

    const result = unwrap(await world.fixes.land({ fix: fix.worktree }));
    if (!result.landed) throw new Error(JSON.stringify(result));
    const landed = result.targets.main!;
    expect(landed.previous).toBe(mainBefore);
    expect(landed.via).toBe('worktree');
    expect(landed.commits).toHaveLength(1);
    expect(landed.head).toBe(tip(world.repoPath, 'main'));
    // Only the fix: one commit on top of the old main, no feature files.
    expect(subjects(world.repoPath, `${mainBefore}..main`)).toEqual(['fix: the buggy line']);
    expect(git(world.repoPath, 'log', '-1', '--format=%B', 'main')).toContain(`(cherry picked from commit ${fix.fixCommit})`);
    expect(fileAt(world.repoPath, 'main', 'feature-1.txt')).toBeNull();
    // The main worktree's files moved with its branch and it is clean.
    expect(read(world.repoPath, 'app.txt')).toBe(APP_FIXED);
    expect(git(world.repoPath, 'status', '--porcelain')).toBe('');
    // The source got the fix (its HEAD descended from where it was) and kept its feature commits.
    expect(result.source).toMatchObject({ branch: 'feature', update: 'cherry-pick', reason: null });
    expect(result.source.head).toBe(tip(world.feature, 'HEAD'));
    expect(git(world.feature, 'merge-base', '--is-ancestor', featureBefore, 'HEAD')).toBe('');
    expect(read(world.feature, 'app.txt')).toBe(APP_FIXED);
    expect(read(world.feature, 'feature-2.txt')).toBe('feature two\n');
    // The fix branch is unchanged; the fix worktree is offered for archiving.
    expect(tip(world.repoPath, fix.branch)).toBe(fix.fixCommit);
    expect(result.fixWorktree).toBe(fix.worktree);
    expect(world.notified).toContain(world.repoId);
    expectNothingInProgress(world.repoPath);
  });

  it('fast-forwards the target to the fix itself when the fix was started from the target', async () => {
    const world = await fixWorld();
    const fix = await startAndCommitFix(world, { base: 'target' });
    const result = unwrap(await world.fixes.land({ fix: fix.branch }));
    if (!result.landed) throw new Error(JSON.stringify(result));
    expect(result.targets.main).toMatchObject({ head: fix.fixCommit, commits: [fix.fixCommit] });
    expect(tip(world.repoPath, 'main')).toBe(fix.fixCommit);
    expect(read(world.feature, 'app.txt')).toBe(APP_FIXED);
    expect(fileAt(world.repoPath, 'main', 'feature-1.txt')).toBeNull();
  });

  it('lands on two targets in one action; one not checked out moves by its ref', async () => {
    const world = await fixWorld();
    git(world.repoPath, 'branch', 'consumer', 'main');
    const consumerOwn = (() => {
      const scratch = addWorktree(world.repoPath, path.join(world.root, 'consumer-wt'), 'consumer');
      const sha = makeCommit(scratch, { files: { 'consumer.txt': 'consumer\n' }, message: 'consumer: own work' });
      git(world.repoPath, 'worktree', 'remove', scratch);
      return sha;
    })();
    const fix = await startAndCommitFix(world);
    const result = unwrap(await world.fixes.land({ fix: fix.worktree, targets: ['main', 'consumer'] }));
    if (!result.landed) throw new Error(JSON.stringify(result));
    expect(Object.keys(result.targets).sort()).toEqual(['consumer', 'main']);
    expect(result.targets.consumer).toMatchObject({ previous: consumerOwn, via: 'ref' });
    expect(subjects(world.repoPath, `${consumerOwn}..consumer`)).toEqual(['fix: the buggy line']);
    expect(fileAt(world.repoPath, 'consumer', 'app.txt')).toBe(APP_FIXED.trimEnd());
    expect(fileAt(world.repoPath, 'consumer', 'feature-1.txt')).toBeNull();
    expect(fileAt(world.repoPath, 'main', 'app.txt')).toBe(APP_FIXED.trimEnd());
  });

  it('stops on a conflict with the target: every tip unchanged, nothing in progress, files reported', async () => {
    const world = await fixWorld();
    const fix = await startAndCommitFix(world);
    makeCommit(world.repoPath, { files: { 'app.txt': 'one\ntwo\nmain changed this line\nfour\nfive\n' }, message: 'main: edit' });
    const before = { main: tip(world.repoPath, 'main'), feature: tip(world.feature, 'HEAD'), fix: tip(world.repoPath, fix.branch) };
    git(world.repoPath, 'branch', 'consumer', before.main + '~1');

    const result = unwrap(await world.fixes.land({ fix: fix.worktree, targets: ['consumer', 'main'] }));
    expect(result).toEqual({ landed: false, fixBranch: fix.branch, conflict: { target: 'main', where: 'target', files: ['app.txt'] } });
    expect(tip(world.repoPath, 'main')).toBe(before.main);
    expect(tip(world.repoPath, 'consumer')).toBe(`${git(world.repoPath, 'rev-parse', before.main + '~1')}`);
    expect(tip(world.feature, 'HEAD')).toBe(before.feature);
    expect(tip(world.repoPath, fix.branch)).toBe(before.fix);
    expect(git(world.repoPath, 'status', '--porcelain')).toBe('');
    expectNothingInProgress(world.repoPath);
  });

  it('stops on a conflict with the source, leaving the target untouched too', async () => {
    const world = await fixWorld();
    const fix = await startAndCommitFix(world);
    makeCommit(world.feature, { files: { 'app.txt': 'one\ntwo\nfeature rewrote this\nfour\nfive\n' }, message: 'feature: rewrite' });
    const before = { main: tip(world.repoPath, 'main'), feature: tip(world.feature, 'HEAD') };
    const result = unwrap(await world.fixes.land({ fix: fix.worktree }));
    expect(result).toEqual({ landed: false, fixBranch: fix.branch, conflict: { target: 'feature', where: 'source', files: ['app.txt'] } });
    expect(tip(world.repoPath, 'main')).toBe(before.main);
    expect(tip(world.feature, 'HEAD')).toBe(before.feature);
    expect(read(world.repoPath, 'app.txt')).toBe(APP_BUGGY);
    expectNothingInProgress(world.repoPath);
  });

  it('refuses when the target worktree is dirty and changes nothing', async () => {
    const world = await fixWorld();
    const fix = await startAndCommitFix(world);
    write(world.repoPath, 'notes.txt', 'uncommitted\n');
    const before = { main: tip(world.repoPath, 'main'), feature: tip(world.feature, 'HEAD') };
    const result = await world.fixes.land({ fix: fix.worktree });
    expect(result).toEqual({ ok: false, error: { kind: 'TARGET_DIRTY', branch: 'main', path: world.repoPath } });
    expect(tip(world.repoPath, 'main')).toBe(before.main);
    expect(tip(world.feature, 'HEAD')).toBe(before.feature);
    expect(read(world.repoPath, 'notes.txt')).toBe('uncommitted\n');
  });

  it('lands on the target but skips a dirty source with a reason, keeping its changes', async () => {
    const world = await fixWorld();
    const fix = await startAndCommitFix(world);
    write(world.feature, 'wip.txt', 'work in progress\n');
    const featureBefore = tip(world.feature, 'HEAD');
    const result = unwrap(await world.fixes.land({ fix: fix.worktree }));
    if (!result.landed) throw new Error(JSON.stringify(result));
    expect(result.source).toMatchObject({ branch: 'feature', update: 'skipped', head: featureBefore });
    expect(result.source.reason).toMatch(/uncommitted changes/);
    expect(tip(world.feature, 'HEAD')).toBe(featureBefore);
    expect(read(world.feature, 'wip.txt')).toBe('work in progress\n');
    expect(fileAt(world.repoPath, 'main', 'app.txt')).toBe(APP_FIXED.trimEnd());
  });

  it('brings the fix into the source by merge, by rebase, or not at all', async () => {
    const world = await fixWorld();
    const fix = await startAndCommitFix(world, { name: 'by-merge' });
    makeCommit(world.feature, { files: { 'feature-3.txt': 'three\n' }, message: 'feature: three' });
    const merged = unwrap(await world.fixes.land({ fix: fix.branch, source: 'merge' }));
    if (!merged.landed) throw new Error(JSON.stringify(merged));
    expect(merged.source.update).toBe('merge');
    expect(git(world.feature, 'log', '-1', '--format=%P', 'HEAD').split(' ')).toHaveLength(2);
    expect(read(world.feature, 'app.txt')).toBe(APP_FIXED);

    // Rebase: the source's own commits end up on top of the fix.
    const second = await startAndCommitFix(world, { name: 'by-rebase', content: 'one\ntwo\nfixed line\nfour\nfive and more\n' });
    makeCommit(world.feature, { files: { 'feature-4.txt': 'four\n' }, message: 'feature: four' });
    const rebased = unwrap(await world.fixes.land({ fix: second.branch, source: 'rebase' }));
    if (!rebased.landed) throw new Error(JSON.stringify(rebased));
    expect(rebased.source.update).toBe('rebase');
    expect(subjects(world.feature, 'HEAD~2..HEAD')).toEqual(['feature: four', 'fix: the buggy line']);
    expect(git(world.feature, 'merge-base', '--is-ancestor', second.fixCommit, 'HEAD')).toBe('');
    expect(git(world.feature, 'status', '--porcelain')).toBe('');

    const third = await startAndCommitFix(world, { name: 'skipped', content: 'zero\none\ntwo\nfixed line\nfour\nfive and more\n' });
    const featureBefore = tip(world.feature, 'HEAD');
    const skipped = unwrap(await world.fixes.land({ fix: third.branch, source: 'skip' }));
    if (!skipped.landed) throw new Error(JSON.stringify(skipped));
    expect(skipped.source).toMatchObject({ update: 'skipped', head: featureBefore });
    expect(tip(world.feature, 'HEAD')).toBe(featureBefore);
  });

  it('refuses a branch that is not a fix and a fix without commits', async () => {
    const world = await fixWorld();
    expect(await world.fixes.land({ fix: world.feature })).toMatchObject({ ok: false, error: { kind: 'NOT_A_FIX_BRANCH', branch: 'feature' } });
    const started = unwrap(await world.fixes.start({ from: world.feature, description: 'empty', cols: 80, rows: 24 }));
    expect(await world.fixes.land({ fix: started.worktree })).toMatchObject({ ok: false, error: { kind: 'NOTHING_TO_LAND' } });
    const lineage = unwrap(await readBranchLineage(world.repoPath, started.branch));
    expect(lineage.parent).toBe('feature');
  });
});

/**
 * Removing, archiving, restoring and pruning worktrees on real repositories: no work is ever lost
 * unless forced, archives carry uncommitted and untracked changes, missing folders are handled.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotWorktree } from '../../../src/main/engine/git/snapshot.ts';
import { git, makeCommit } from '../../helpers/git-repo.ts';
import { lifecycleFixture, listOk, unwrap, type LifecycleFixture, writeConfig } from './lifecycle-fixture.ts';

async function create(f: LifecycleFixture, name: string, extra: Record<string, unknown> = {}) {
  return unwrap(await f.worktrees.create({ repoId: f.repoId, name, bootstrap: false, ...extra })).worktree;
}

describe('worktrees.remove', () => {
  it('removes a clean, merged worktree and keeps its branch', async () => {
    const f = await lifecycleFixture();
    const wt = await create(f, 'done');
    const removed = unwrap(await f.worktrees.remove({ repoId: f.repoId, path: wt.path }));
    expect(removed).toEqual({ path: wt.path, branch: 'done', branchDeleted: false, teardown: null });
    expect(existsSync(wt.path)).toBe(false);
    expect(git(f.repoPath, 'rev-parse', '--verify', 'refs/heads/done')).toBeTruthy();
  });

  it('refuses uncommitted or untracked changes unless forced', async () => {
    const f = await lifecycleFixture();
    const wt = await create(f, 'dirty');
    writeFileSync(path.join(wt.path, 'README.md'), 'changed\n');
    writeFileSync(path.join(wt.path, 'new.txt'), 'new\n');
    expect(await f.worktrees.remove({ repoId: f.repoId, path: wt.path })).toEqual({
      ok: false,
      error: { kind: 'WORKTREE_DIRTY', path: wt.path, changes: 2 },
    });
    expect(existsSync(path.join(wt.path, 'new.txt'))).toBe(true);
    unwrap(await f.worktrees.remove({ repoId: f.repoId, path: wt.path, force: true }));
    expect(existsSync(wt.path)).toBe(false);
  });

  it('refuses commits that no target, remote branch or archive contains; ignored files do not count', async () => {
    const f = await lifecycleFixture({ files: { '.gitignore': 'node_modules\n' } });
    const wt = await create(f, 'ahead');
    writeFileSync(path.join(wt.path, 'node_modules'), 'ignored\n');
    makeCommit(wt.path, { message: 'work' });
    makeCommit(wt.path, { message: 'more work' });
    expect(await f.worktrees.remove({ repoId: f.repoId, path: wt.path })).toEqual({
      ok: false,
      error: { kind: 'WORKTREE_UNMERGED', path: wt.path, branch: 'ahead', commits: 2 },
    });
    // Once a remote-tracking branch holds them, nothing would be lost.
    git(f.repoPath, 'update-ref', 'refs/remotes/origin/ahead', 'refs/heads/ahead');
    const removed = unwrap(await f.worktrees.remove({ repoId: f.repoId, path: wt.path, deleteBranch: true }));
    expect(removed.branchDeleted).toBe(true);
    expect(() => git(f.repoPath, 'config', '--get', 'branch.ahead.agentOrchestratorTarget')).toThrow();
  });

  it('counts a merge into the recorded target as merged', async () => {
    const f = await lifecycleFixture();
    git(f.repoPath, 'branch', 'consumer');
    const wt = await create(f, 'feature', { base: { kind: 'ref', ref: 'consumer' } });
    makeCommit(wt.path, { message: 'feature' });
    expect((await f.worktrees.remove({ repoId: f.repoId, path: wt.path })).ok).toBe(false);
    git(f.repoPath, 'branch', '-f', 'consumer', 'feature');
    expect((await f.worktrees.remove({ repoId: f.repoId, path: wt.path })).ok).toBe(true);
  });

  it('refuses a detached worktree whose commits no branch holds', async () => {
    const f = await lifecycleFixture();
    const wt = await create(f, 'detached');
    git(wt.path, 'checkout', '--quiet', '--detach');
    makeCommit(wt.path, { message: 'orphan' });
    const result = await f.worktrees.remove({ repoId: f.repoId, path: wt.path });
    expect(result).toEqual({ ok: false, error: { kind: 'WORKTREE_UNMERGED', path: wt.path, branch: null, commits: 1 } });
  });

  it('refuses a locked worktree unless forced', async () => {
    const f = await lifecycleFixture();
    const wt = await create(f, 'locked');
    git(f.repoPath, 'worktree', 'lock', '--reason', 'on a USB disk', wt.path);
    expect(await f.worktrees.remove({ repoId: f.repoId, path: wt.path })).toEqual({
      ok: false,
      error: { kind: 'WORKTREE_LOCKED', path: wt.path, reason: 'on a USB disk' },
    });
    expect(await f.worktrees.archive({ repoId: f.repoId, path: wt.path })).toMatchObject({ ok: false, error: { kind: 'WORKTREE_LOCKED' } });
    unwrap(await f.worktrees.remove({ repoId: f.repoId, path: wt.path, force: true }));
    expect(existsSync(wt.path)).toBe(false);
  });

  it('never removes the main checkout, and says when a path is no worktree', async () => {
    const f = await lifecycleFixture();
    expect(await f.worktrees.remove({ repoId: f.repoId, path: f.repoPath, force: true })).toEqual({
      ok: false,
      error: { kind: 'IS_MAIN_WORKTREE', path: f.repoPath },
    });
    expect(await f.worktrees.remove({ repoId: f.repoId, path: '/no/such' })).toEqual({
      ok: false,
      error: { kind: 'WORKTREE_NOT_FOUND', path: '/no/such' },
    });
  });

  it('runs teardown commands in the worktree with its ports before removing', async () => {
    const f = await lifecycleFixture();
    const log = path.join(f.root, 'teardown.log');
    await writeConfig(f, JSON.stringify({ teardown: [`printf '%s %s\\n' "$PWD" "$PORT" >> '${log}'`], ports: 3 }),
    );
    const wt = await create(f, 'torn');
    const block = unwrap(await f.worktrees.bootstrap({ repoId: f.repoId, path: wt.path }));
    await f.bootstrap.whenDone(wt.path);
    expect(block.bootstrap.status).toBe('pending');
    const port = (await f.ports.get(wt.path))!.start;
    const removed = unwrap(await f.worktrees.remove({ repoId: f.repoId, path: wt.path }));
    expect(removed.teardown).toMatchObject({ ok: true, exitCode: 0 });
    expect(readFileSync(log, 'utf8')).toBe(`${wt.path} ${port}\n`);
    expect(await f.ports.get(wt.path)).toBeNull();
  });
});

describe('worktrees.archive and restore', () => {
  it('snapshots changes without touching the index, HEAD or files', async () => {
    const f = await lifecycleFixture({ files: { 'a.txt': 'a\n', '.gitignore': '*.log\n' } });
    const wt = await create(f, 'snap');
    writeFileSync(path.join(wt.path, 'a.txt'), 'staged\n');
    git(wt.path, 'add', 'a.txt');
    writeFileSync(path.join(wt.path, 'a.txt'), 'unstaged\n');
    writeFileSync(path.join(wt.path, 'untracked.txt'), 'u\n');
    writeFileSync(path.join(wt.path, 'debug.log'), 'ignored\n');
    const indexFile = git(wt.path, 'rev-parse', '--path-format=absolute', '--git-path', 'index');
    const indexBefore = readFileSync(indexFile);
    const statusBefore = git(wt.path, 'status', '--porcelain');
    const head = git(wt.path, 'rev-parse', 'HEAD');

    const snapshot = unwrap(await snapshotWorktree(wt.path, () => 'snapshot\n'));
    expect(snapshot).toMatchObject({ head, hasChanges: true });
    expect(readFileSync(indexFile).equals(indexBefore)).toBe(true);
    expect(git(wt.path, 'status', '--porcelain')).toBe(statusBefore);
    expect(git(wt.path, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(f.repoPath, 'show', `${snapshot.commit}:a.txt`)).toBe('unstaged');
    expect(git(f.repoPath, 'show', `${snapshot.commit}:untracked.txt`)).toBe('u');
    expect(() => git(f.repoPath, 'show', `${snapshot.commit}:debug.log`)).toThrow();
    expect(git(f.repoPath, 'rev-parse', `${snapshot.commit}^`)).toBe(head);
  });

  it('archives uncommitted and untracked changes, runs teardown, removes the folder, keeps the branch; restore brings them back', async () => {
    const f = await lifecycleFixture({ files: { 'a.txt': 'a\n', 'gone.txt': 'g\n', '.gitignore': 'node_modules\n' } });
    const marker = path.join(f.root, 'teardown-ran');
    await writeConfig(f, JSON.stringify({ teardown: `touch '${marker}'` }));
    const wt = await create(f, 'my work');
    makeCommit(wt.path, { files: { 'committed.txt': 'c\n' }, message: 'committed' });
    writeFileSync(path.join(wt.path, 'a.txt'), 'modified\n');
    rmSync(path.join(wt.path, 'gone.txt'));
    writeFileSync(path.join(wt.path, 'new file.txt'), 'untracked\n');
    writeFileSync(path.join(wt.path, 'node_modules'), 'ignored\n');

    const archived = unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt.path }));
    expect(archived.archive).toMatchObject({
      name: 'my-work',
      ref: 'refs/agent-orchestrator/archive/my-work',
      branch: 'my-work',
      path: wt.path,
      target: 'main',
      hasChanges: true,
    });
    expect(archived.teardown).toMatchObject({ ok: true });
    expect(existsSync(marker)).toBe(true);
    expect(existsSync(wt.path)).toBe(false);
    expect(git(f.repoPath, 'rev-parse', '--verify', 'refs/heads/my-work')).toBeTruthy();
    expect(unwrap(await f.worktrees.archives(f.repoId)).map((a) => a.name)).toEqual(['my-work']);
    // The archive holds the commits too, so removing would have been safe now.
    expect(git(f.repoPath, 'rev-list', '--count', 'my-work', '--not', 'refs/agent-orchestrator/archive/my-work')).toBe('0');

    const restored = unwrap(await f.worktrees.restore({ repoId: f.repoId, archive: 'my-work', bootstrap: false }));
    expect(restored.worktree).toMatchObject({ path: wt.path, branch: 'my-work', target: 'main', dirty: true });
    expect(readFileSync(path.join(wt.path, 'a.txt'), 'utf8')).toBe('modified\n');
    expect(existsSync(path.join(wt.path, 'gone.txt'))).toBe(false);
    expect(readFileSync(path.join(wt.path, 'new file.txt'), 'utf8')).toBe('untracked\n');
    expect(existsSync(path.join(wt.path, 'node_modules'))).toBe(false);
    expect(git(wt.path, 'status', '--porcelain')).toBe([' M a.txt', ' D gone.txt', '?? "new file.txt"'].join('\n'));
    expect(unwrap(await f.worktrees.archives(f.repoId))).toEqual([]);
  });

  it('restores onto a branch that moved on since, keeping the new commits', async () => {
    const f = await lifecycleFixture({ files: { 'a.txt': 'a\n' } });
    const wt = await create(f, 'moving');
    writeFileSync(path.join(wt.path, 'wip.txt'), 'wip\n');
    unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt.path }));
    const other = path.join(f.root, 'other');
    git(f.repoPath, 'worktree', 'add', '--quiet', other, 'moving');
    const tip = makeCommit(other, { files: { 'b.txt': 'b\n' }, message: 'later' });
    git(f.repoPath, 'worktree', 'remove', other);
    const restored = unwrap(await f.worktrees.restore({ repoId: f.repoId, archive: 'moving', bootstrap: false }));
    expect(restored.worktree.head).toBe(tip);
    expect(readFileSync(path.join(wt.path, 'wip.txt'), 'utf8')).toBe('wip\n');
  });

  it('refuses to restore over an existing folder or an archive that does not exist, changing nothing', async () => {
    const f = await lifecycleFixture();
    const wt = await create(f, 'busy');
    unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt.path }));
    expect(await f.worktrees.restore({ repoId: f.repoId, archive: 'nope' })).toEqual({
      ok: false,
      error: { kind: 'ARCHIVE_NOT_FOUND', name: 'nope' },
    });
    writeFileSync(path.join(f.worktreeDir, 'busy'), 'in the way\n');
    expect(await f.worktrees.restore({ repoId: f.repoId, archive: 'busy' })).toEqual({
      ok: false,
      error: { kind: 'WORKTREE_EXISTS', path: wt.path },
    });
    expect(unwrap(await f.worktrees.archives(f.repoId))).toHaveLength(1);
  });

  it('refuses a second archive with the same name until the first is restored', async () => {
    const f = await lifecycleFixture();
    const wt = await create(f, 'twice');
    unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt.path }));
    const again = await create(f, 'twice', { branch: 'twice-2' });
    expect(await f.worktrees.archive({ repoId: f.repoId, path: again.path })).toEqual({
      ok: false,
      error: { kind: 'ARCHIVE_EXISTS', name: 'twice' },
    });
    expect(existsSync(again.path)).toBe(true);
  });
});

describe('missing worktrees', () => {
  it('lists a worktree whose folder was deleted as missing; prune forgets it, keeping the branch', async () => {
    const f = await lifecycleFixture();
    const wt = await create(f, 'vanished');
    rmSync(wt.path, { recursive: true, force: true });
    expect((await listOk(f)).find((w) => w.path === wt.path)).toMatchObject({ missing: true, prunable: true, dirty: null });
    expect(unwrap(await f.worktrees.prune({ repoId: f.repoId, path: wt.path }))).toEqual({ path: wt.path });
    expect((await listOk(f)).some((w) => w.path === wt.path)).toBe(false);
    expect(git(f.repoPath, 'rev-parse', '--verify', 'refs/heads/vanished')).toBeTruthy();
    // Pruning something that is not missing is refused.
    const here = await create(f, 'here');
    expect(await f.worktrees.prune({ repoId: f.repoId, path: here.path })).toEqual({
      ok: false,
      error: { kind: 'WORKTREE_NOT_MISSING', path: here.path },
    });
  });

  it('restores a missing worktree on its branch at the same path', async () => {
    const f = await lifecycleFixture();
    const wt = await create(f, 'comeback');
    const tip = makeCommit(wt.path, { message: 'kept on the branch' });
    rmSync(wt.path, { recursive: true, force: true });
    const restored = unwrap(await f.worktrees.restore({ repoId: f.repoId, path: wt.path, bootstrap: false }));
    expect(restored.worktree).toMatchObject({ path: wt.path, branch: 'comeback', head: tip, missing: false });
    expect(statSync(wt.path).isDirectory()).toBe(true);
    expect((await listOk(f)).filter((w) => w.branch === 'comeback')).toHaveLength(1);
  });

  it('removes a missing worktree without running teardown in a folder that is gone', async () => {
    const f = await lifecycleFixture();
    await writeConfig(f, JSON.stringify({ teardown: 'exit 1' }));
    const wt = await create(f, 'gone');
    rmSync(wt.path, { recursive: true, force: true });
    expect(unwrap(await f.worktrees.remove({ repoId: f.repoId, path: wt.path })).teardown).toBeNull();
    expect((await listOk(f)).some((w) => w.path === wt.path)).toBe(false);
  });
});

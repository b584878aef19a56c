/**
 * Creating worktrees on real repositories: bases, targets, names, and every refusal.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWorktree, git, makeCommit } from '../../helpers/git-repo.ts';
import { lifecycleFixture, listOk, unwrap, writeConfig } from './lifecycle-fixture.ts';

const noBootstrap = { bootstrap: false } as const;

describe('worktrees.create', () => {
  it('creates <repo>.worktrees/<name> on a new branch from the default branch and records the target', async () => {
    const f = await lifecycleFixture();
    const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'login', ...noBootstrap }));
    const expected = path.join(f.worktreeDir, 'login');
    expect(created.worktree).toMatchObject({ path: expected, branch: 'login', target: 'main', isMain: false, dirty: false });
    expect(git(f.repoPath, 'config', '--get', 'branch.login.agentOrchestratorTarget')).toBe('main');
    expect(git(expected, 'rev-parse', 'HEAD')).toBe(git(f.repoPath, 'rev-parse', 'main'));
    // list reads the target back from git config, so a reinstalled app sees it too.
    const listed = await listOk(f);
    expect(listed.find((w) => w.path === expected)?.target).toBe('main');
    // --no-track: the new branch has no upstream.
    expect(() => git(f.repoPath, 'config', '--get', 'branch.login.merge')).toThrow();
  });

  it('starts from any branch, with that branch as the default target', async () => {
    const f = await lifecycleFixture();
    git(f.repoPath, 'branch', 'consumer');
    const consumerTip = makeCommit(f.repoPath, { message: 'main moves on' }) && git(f.repoPath, 'rev-parse', 'consumer');
    const created = unwrap(
      await f.worktrees.create({ repoId: f.repoId, name: 'fix', base: { kind: 'ref', ref: 'consumer' }, ...noBootstrap }),
    );
    expect(created.worktree.head).toBe(consumerTip);
    expect(created.worktree.target).toBe('consumer');
  });

  it("starts from another worktree's HEAD, including a detached one", async () => {
    const f = await lifecycleFixture();
    const detached = addWorktree(f.repoPath, path.join(f.root, 'detached'), null);
    const tip = makeCommit(detached, { message: 'on a detached HEAD' });
    const created = unwrap(
      await f.worktrees.create({ repoId: f.repoId, name: 'child', base: { kind: 'worktree', path: detached }, target: 'main', ...noBootstrap }),
    );
    expect(created.worktree.head).toBe(tip);
    expect(created.worktree.target).toBe('main');
    const listed = await listOk(f);
    expect(listed.find((w) => w.path === detached)).toMatchObject({ detached: true, branch: null });
  });

  it('uses the configured branch prefix, worktree folder and targets', async () => {
    const f = await lifecycleFixture();
    git(f.repoPath, 'branch', 'develop');
    await writeConfig(f, JSON.stringify({ branchPrefix: 'agent/', worktreeDir: '../trees', targets: ['develop', 'main'] }),
    );
    const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'search', ...noBootstrap }));
    expect(created.worktree).toMatchObject({ path: path.join(f.root, 'trees', 'search'), branch: 'agent/search', target: 'develop' });
  });

  it('handles names with spaces, unicode and quotes; folder and branch follow one slug rule', async () => {
    const f = await lifecycleFixture({ repoName: 'my repo ü' });
    const name = `it's "ünïcode" 日本`;
    const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name, ...noBootstrap }));
    // The folder is the branch's slug too: no space in the folder while the branch has a dash.
    expect(created.worktree.path).toBe(path.join(f.root, 'my repo ü.worktrees', `it's-"ünïcode"-日本`));
    expect(created.worktree.branch).toBe(`it's-"ünïcode"-日本`);
    expect(existsSync(path.join(created.worktree.path, 'README.md'))).toBe(true);
    expect((await listOk(f)).map((w) => w.branch)).toContain(`it's-"ünïcode"-日本`);
  });

  it('rejects "-x" and "$(touch pwned)" as branches, executes nothing and creates nothing', async () => {
    const f = await lifecycleFixture();
    const before = git(f.repoPath, 'for-each-ref');
    for (const branch of ['-x', '$(touch pwned)', 'a..b', 'HEAD', '@{-1}']) {
      const result = await f.worktrees.create({ repoId: f.repoId, name: 'safe', branch, ...noBootstrap });
      expect(result).toEqual({ ok: false, error: { kind: 'INVALID_BRANCH_NAME', branch } });
    }
    const dashed = await f.worktrees.create({ repoId: f.repoId, name: '-x', ...noBootstrap });
    expect(dashed.ok || dashed.error.kind).toBe('INVALID_WORKTREE_NAME');
    expect(git(f.repoPath, 'for-each-ref')).toBe(before);
    expect(existsSync(f.worktreeDir)).toBe(false);
    expect(findFile(f.root, 'pwned')).toBe(false);
    expect(findFile(process.cwd(), 'pwned')).toBe(false);
  });

  it('takes "$(touch pwned)" as a plain folder name without running it', async () => {
    const f = await lifecycleFixture();
    const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name: '$(touch pwned)', ...noBootstrap }));
    expect(path.basename(created.worktree.path)).toBe('$(touch-pwned)');
    expect(created.worktree.branch).toBe('$(touch-pwned)');
    expect(findFile(f.root, 'pwned')).toBe(false);
  });

  it('refuses invalid names', async () => {
    const f = await lifecycleFixture();
    for (const name of ['', ' x', 'a/b', '..', 'tab\there']) {
      const result = await f.worktrees.create({ repoId: f.repoId, name, ...noBootstrap });
      expect(result.ok ? 'ok' : result.error.kind).toBe('INVALID_WORKTREE_NAME');
    }
  });

  it('says when the branch exists, is checked out elsewhere, the folder is taken, or the base/target is missing', async () => {
    const f = await lifecycleFixture();
    git(f.repoPath, 'branch', 'taken');
    const elsewhere = addWorktree(f.repoPath, path.join(f.root, 'elsewhere'), 'busy');
    expect(await f.worktrees.create({ repoId: f.repoId, name: 'taken', ...noBootstrap })).toEqual({
      ok: false,
      error: { kind: 'BRANCH_EXISTS', branch: 'taken' },
    });
    expect(await f.worktrees.create({ repoId: f.repoId, name: 'busy', ...noBootstrap })).toEqual({
      ok: false,
      error: { kind: 'BRANCH_CHECKED_OUT', branch: 'busy', path: elsewhere },
    });
    unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'once', ...noBootstrap }));
    expect(await f.worktrees.create({ repoId: f.repoId, name: 'once', branch: 'other', ...noBootstrap })).toEqual({
      ok: false,
      error: { kind: 'WORKTREE_EXISTS', path: path.join(f.worktreeDir, 'once') },
    });
    expect(await f.worktrees.create({ repoId: f.repoId, name: 'x', base: { kind: 'ref', ref: 'nope' }, ...noBootstrap })).toEqual({
      ok: false,
      error: { kind: 'BASE_NOT_FOUND', ref: 'nope' },
    });
    expect(
      await f.worktrees.create({ repoId: f.repoId, name: 'x', base: { kind: 'worktree', path: '/no/such' }, ...noBootstrap }),
    ).toEqual({ ok: false, error: { kind: 'BASE_NOT_FOUND', ref: '/no/such' } });
    expect(await f.worktrees.create({ repoId: f.repoId, name: 'x', target: 'nope', ...noBootstrap })).toEqual({
      ok: false,
      error: { kind: 'TARGET_NOT_FOUND', branch: 'nope' },
    });
    // None of the refusals left a branch or folder behind.
    expect(readdirSync(f.worktreeDir)).toEqual(['once']);
    expect(() => git(f.repoPath, 'rev-parse', '--verify', 'refs/heads/x')).toThrow();
  });

  it('prunes a stale entry for the same path before adding (its folder was deleted by hand)', async () => {
    const f = await lifecycleFixture();
    const first = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'again', ...noBootstrap }));
    const other = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'other', ...noBootstrap }));
    rmSync(first.worktree.path, { recursive: true, force: true });
    rmSync(other.worktree.path, { recursive: true, force: true });
    const second = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'again', branch: 'again-2', ...noBootstrap }));
    expect(second.worktree).toMatchObject({ path: first.worktree.path, branch: 'again-2', missing: false });
    // Only that entry was pruned: the other missing worktree is still listed, as missing.
    expect((await listOk(f)).find((w) => w.path === other.worktree.path)).toMatchObject({ missing: true, prunable: true });
  });

  it('reports an invalid agent-orchestrator.json with the field and the problem, and creates nothing', async () => {
    const f = await lifecycleFixture();
    const file = path.join(f.repoPath, 'agent-orchestrator.json');
    writeFileSync(file, JSON.stringify({ ports: { count: 500 } }));
    const result = await f.worktrees.create({ repoId: f.repoId, name: 'x', ...noBootstrap });
    expect(result.ok ? null : result.error).toMatchObject({ kind: 'INVALID_CONFIG', file, field: 'ports.count', problem: expect.stringContaining('100') });
    writeFileSync(file, JSON.stringify({ setpu: 'npm ci' }));
    const typo = await f.worktrees.create({ repoId: f.repoId, name: 'x', ...noBootstrap });
    expect(typo.ok ? null : typo.error).toEqual({ kind: 'INVALID_CONFIG', file, field: 'setpu', problem: 'is not a known setting' });
    expect(existsSync(f.worktreeDir)).toBe(false);
  });

  it('serializes concurrent creates of the same name: one wins, the other is told why', async () => {
    const f = await lifecycleFixture();
    const results = await Promise.all([
      f.worktrees.create({ repoId: f.repoId, name: 'race', ...noBootstrap }),
      f.worktrees.create({ repoId: f.repoId, name: 'race', ...noBootstrap }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { kind: 'BRANCH_CHECKED_OUT' } });
  });

  it('a checkout that fails leaves no branch behind, so the same create works once the cause is gone', async () => {
    const f = await lifecycleFixture();
    // A required smudge filter that fails: git makes the branch, then the checkout fails.
    makeCommit(f.repoPath, { files: { '.gitattributes': 'data.txt filter=broken\n', 'data.txt': 'x\n' }, message: 'filtered file' });
    git(f.repoPath, 'config', 'filter.broken.smudge', 'false');
    git(f.repoPath, 'config', 'filter.broken.required', 'true');
    const failed = await f.worktrees.create({ repoId: f.repoId, name: 'filtered', ...noBootstrap });
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error).toMatchObject({ kind: 'GIT_FAILED' });
    expect(git(f.repoPath, 'branch', '--list', 'filtered')).toBe('');
    expect(existsSync(path.join(f.worktreeDir, 'filtered'))).toBe(false);

    git(f.repoPath, 'config', 'filter.broken.smudge', 'cat');
    const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'filtered', ...noBootstrap }));
    expect(created.worktree.branch).toBe('filtered');
  });

  it('a failed add keeps a branch that moved on meanwhile: only what it made itself is dropped', async () => {
    const f = await lifecycleFixture();
    makeCommit(f.repoPath, { files: { '.gitattributes': 'data.txt filter=broken\n', 'data.txt': 'x\n' }, message: 'filtered file' });
    const other = makeCommit(f.repoPath, { message: 'another commit' });
    git(f.repoPath, 'reset', '-q', '--hard', 'HEAD~1');
    // The failing filter first moves the new branch (as another process committing to it would):
    // the branch is then not what the add made, and holds a commit; it must stay.
    const script = `git -C '${f.repoPath}' update-ref refs/heads/moved ${other}; exit 1`;
    git(f.repoPath, 'config', 'filter.broken.smudge', `sh -c "${script}"`);
    git(f.repoPath, 'config', 'filter.broken.required', 'true');
    const failed = await f.worktrees.create({ repoId: f.repoId, name: 'moved', ...noBootstrap });
    expect(failed.ok).toBe(false);
    expect(git(f.repoPath, 'rev-parse', 'refs/heads/moved')).toBe(other);
  });

  it('reports an unknown repository', async () => {
    const f = await lifecycleFixture();
    expect(await f.worktrees.create({ repoId: 'nope', name: 'x' })).toEqual({ ok: false, error: { kind: 'REPO_NOT_FOUND', repoId: 'nope' } });
  });
});

function findFile(dir: string, name: string): boolean {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).some((entry) => entry.name === name);
}

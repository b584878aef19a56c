import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Repo } from '../../../src/shared/protocol/repos.ts';
import { RepoService } from '../../../src/main/engine/repos/repo-service.ts';
import { addWorktree, git, makeBareRepo, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

/** A service on a fresh data dir; `~` points at a temp "user home". */
async function makeService(home = makeTempDir('ao-home-'), userHomeDir = makeTempDir('ao-user-')) {
  const service = new RepoService({ home, userHomeDir });
  await service.load();
  return { service, home, userHomeDir, file: path.join(home, 'repos.json') };
}

function expectOk<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('RepoService.add', () => {
  it('registers a repository by path with its real path, folder name and a short id', async () => {
    const { service, file } = await makeService();
    const repo = makeRepo({ path: path.join(makeTempDir(), 'my-project') });
    const changes: number[] = [];
    service.onDidChange(() => changes.push(1));

    const added = expectOk(await service.add(repo));
    expect(added).toMatchObject({ path: repo, name: 'my-project' });
    expect(added.id).toMatch(/^[0-9a-f]{10}$/);
    expect(new Date(added.addedAt).toString()).not.toBe('Invalid Date');
    expect(service.list()).toEqual([added]);
    expect(service.get(added.id)).toEqual(added);
    expect(changes).toHaveLength(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, data: { repos: [added] } });
  });

  it('rejects every bad path with its own kind and changes nothing', async () => {
    const { service, file } = await makeService();
    const existing = expectOk(await service.add(makeRepo()));
    const before = readFileSync(file, 'utf8');
    let changes = 0;
    service.onDidChange(() => changes++);

    const root = makeTempDir();
    const missing = path.join(root, 'missing');
    const aFile = path.join(root, 'file.txt');
    writeFileSync(aFile, 'x');
    const plain = path.join(root, 'plain');
    mkdirSync(plain);
    const bare = makeBareRepo();
    const empty = makeRepo({ commits: 0, path: path.join(root, 'empty') });

    const cases: Array<[string, unknown]> = [
      ['', { kind: 'INVALID_INPUT' }],
      ['relative/dir', { kind: 'PATH_NOT_ABSOLUTE' }],
      [missing, { kind: 'PATH_NOT_FOUND', path: missing }],
      [path.join(aFile, 'below'), { kind: 'PATH_NOT_FOUND' }],
      [aFile, { kind: 'NOT_A_DIRECTORY', path: aFile }],
      [plain, { kind: 'NOT_A_GIT_REPO', path: plain }],
      [bare, { kind: 'BARE_REPO', path: bare }],
      [empty, { kind: 'REPO_HAS_NO_COMMITS', path: empty }],
      [existing.path, { kind: 'REPO_ALREADY_ADDED', path: existing.path, repoId: existing.id }],
    ];
    for (const [input, error] of cases) {
      const result = await service.add(input);
      expect(result.ok, input).toBe(false);
      expect(!result.ok && result.error, input).toMatchObject(error as object);
    }
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(service.list()).toEqual([existing]);
    expect(changes).toBe(0);
  });

  it('refuses a worktree of a bare repository (there is no main working tree)', async () => {
    const { service } = await makeService();
    const bare = makeBareRepo();
    const seed = makeRepo();
    git(seed, 'push', '--quiet', bare, 'main');
    const wt = path.join(makeTempDir(), 'wt');
    git(bare, 'worktree', 'add', '--quiet', wt, 'main');
    const result = await service.add(wt);
    expect(!result.ok && result.error).toEqual({ kind: 'BARE_REPO', path: bare });
  });

  it('resolves a subfolder, a linked worktree and the .git folder to the main repository', async () => {
    const { service } = await makeService();
    const repo = makeRepo({ files: { 'src/deep/file.ts': 'x' } });
    const wt = addWorktree(repo, path.join(makeTempDir(), 'linked wt'), 'feature/a');
    mkdirSync(path.join(wt, 'sub dir'));

    const first = expectOk(await service.add(path.join(wt, 'sub dir')));
    expect(first.path).toBe(repo);
    expect(first.name).toBe(path.basename(repo));
    for (const other of [path.join(repo, 'src', 'deep'), wt, path.join(repo, '.git'), `${repo}/src/../`]) {
      const again = await service.add(other);
      expect(!again.ok && again.error, other).toEqual({ kind: 'REPO_ALREADY_ADDED', path: repo, repoId: first.id });
    }
  });

  it('stores the real path when added through a symlink', async () => {
    const { service } = await makeService();
    const repo = makeRepo();
    const link = path.join(makeTempDir(), 'link');
    symlinkSync(repo, link);
    expect(expectOk(await service.add(link)).path).toBe(repo);
    const again = await service.add(repo);
    expect(!again.ok && again.error.kind).toBe('REPO_ALREADY_ADDED');
  });

  it('accepts paths with spaces, unicode and pasted quotes, and ~ for the user home', async () => {
    const { service, userHomeDir } = await makeService();
    const spaced = makeRepo({ path: path.join(makeTempDir(), 'with space ü 日本') });
    const quoted = makeRepo({ path: path.join(makeTempDir(), "it's quoted") });
    const inHome = makeRepo({ path: path.join(userHomeDir, 'code', 'proj') });

    expect(expectOk(await service.add(`  '${spaced}'\n`))).toMatchObject({ path: spaced, name: 'with space ü 日本' });
    expect(expectOk(await service.add(`"${quoted}"`))).toMatchObject({ path: quoted, name: "it's quoted" });
    expect(expectOk(await service.add('~/code/proj/'))).toMatchObject({ path: inHome, name: 'proj' });
  });

  it('registers a folder once when two adds race', async () => {
    const { service } = await makeService();
    const repo = makeRepo();
    const wt = addWorktree(repo, path.join(makeTempDir(), 'wt'), 'b');
    const [a, b] = await Promise.all([service.add(repo), service.add(wt)]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(service.list()).toHaveLength(1);
  });
});

describe('RepoService.remove', () => {
  it('unregisters without touching the repository', async () => {
    const { service } = await makeService();
    const repo = makeRepo();
    const added = expectOk(await service.add(repo));
    let changes = 0;
    service.onDidChange(() => changes++);
    expect(await service.remove(added.id)).toEqual({ ok: true, value: { repoId: added.id } });
    expect(service.list()).toEqual([]);
    expect(changes).toBe(1);
    expect(existsSync(path.join(repo, '.git'))).toBe(true);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('reports REPO_NOT_FOUND for an unknown id', async () => {
    const { service } = await makeService();
    expect(await service.remove('nope')).toEqual({ ok: false, error: { kind: 'REPO_NOT_FOUND', repoId: 'nope' } });
  });
});

describe('RepoService persistence', () => {
  it('sees the same repositories from a new service on the same home', async () => {
    const { service, home } = await makeService();
    const a = expectOk(await service.add(makeRepo()));
    const b = expectOk(await service.add(makeRepo()));
    expectOk(await service.remove(a.id));

    const reopened = new RepoService({ home });
    let loadedEvents = 0;
    reopened.onDidChange(() => loadedEvents++);
    await reopened.load();
    expect(reopened.list()).toEqual([b]);
    expect(loadedEvents).toBe(1);
  });

  it('keeps a repository whose folder has since disappeared', async () => {
    const { service, home } = await makeService();
    const dir = makeTempDir();
    const repo = makeRepo({ path: path.join(dir, 'gone') });
    const added = expectOk(await service.add(repo));
    rmSync(repo, { recursive: true, force: true });
    const reopened = new RepoService({ home });
    await reopened.load();
    expect(reopened.list()).toEqual([added]);
  });

  it('drops invalid and duplicate entries of a hand-edited file but keeps the good ones', async () => {
    const home = makeTempDir('ao-home-');
    const good: Repo = { id: 'aaaaaaaaaa', path: '/srv/a', name: 'a', addedAt: '2024-01-01T00:00:00.000Z' };
    writeFileSync(
      path.join(home, 'repos.json'),
      JSON.stringify({
        version: 1,
        data: { repos: [good, { id: 'x' }, { ...good, id: 'bbbbbbbbbb' }, { ...good, path: '/srv/b' }, 'junk'] },
      }),
    );
    const { service } = await makeService(home);
    expect(service.list()).toEqual([good]);
  });

  it('waits for loading when add is called first', async () => {
    const home = makeTempDir('ao-home-');
    const first = new RepoService({ home });
    const existing = expectOk(await first.add(makeRepo()));
    const second = new RepoService({ home });
    const again = await second.add(existing.path);
    expect(!again.ok && again.error.kind).toBe('REPO_ALREADY_ADDED');
  });
});

describe('RepoService shared with another process (the CLI)', () => {
  it('never overwrites registrations made by another writer of repos.json', async () => {
    const home = makeTempDir('ao-home-');
    const app = new RepoService({ home });
    const cli = new RepoService({ home });
    await app.load();
    await cli.load();
    const fromCli = await cli.add(makeRepo());
    const fromApp = await app.add(makeRepo());
    expect(fromCli.ok && fromApp.ok).toBe(true);
    const saved = JSON.parse(readFileSync(path.join(home, 'repos.json'), 'utf8')) as { data: { repos: Repo[] } };
    expect(saved.data.repos).toHaveLength(2);
    expect(app.list()).toHaveLength(2);
    // And a removal by the app keeps the CLI's registration.
    if (fromApp.ok) await app.remove(fromApp.value.id);
    const after = JSON.parse(readFileSync(path.join(home, 'repos.json'), 'utf8')) as { data: { repos: Repo[] } };
    expect(after.data.repos.map((repo) => repo.id)).toEqual(fromCli.ok ? [fromCli.value.id] : []);
  });

  it('notices another writer while running and reports the change', async () => {
    const home = makeTempDir('ao-home-');
    const app = new RepoService({ home });
    await app.load();
    let changes = 0;
    app.onDidChange(() => changes++);
    const stop = app.watchFile(25);
    try {
      const cli = new RepoService({ home });
      const added = await cli.add(makeRepo());
      expect(added.ok).toBe(true);
      await expect.poll(() => app.list().length, { timeout: 5_000 }).toBe(1);
      expect(changes).toBeGreaterThanOrEqual(1);
    } finally {
      stop();
    }
  });
});

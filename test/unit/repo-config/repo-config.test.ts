import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRepoConfig, resolveWorktreeDir, userConfigPath } from '../../../src/main/engine/repo-config/repo-config.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

function setup(shared?: unknown, user?: unknown) {
  const root = makeTempDir('ao-config-');
  const repo = path.join(root, 'app');
  const home = path.join(root, 'home');
  mkdirSync(repo);
  if (shared !== undefined) writeFileSync(path.join(repo, 'agent-orchestrator.json'), typeof shared === 'string' ? shared : JSON.stringify(shared));
  if (user !== undefined) {
    const file = userConfigPath(home, repo);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof user === 'string' ? user : JSON.stringify(user));
  }
  return { root, repo, home };
}

describe('repository config', () => {
  it('has defaults without any file', async () => {
    const { root, repo, home } = setup();
    const loaded = await loadRepoConfig(repo, home, root);
    expect(loaded).toEqual({
      ok: true,
      value: {
        config: {
          setup: [],
          teardown: [],
          check: [],
          copy: [],
          ports: { count: 10, rangeStart: 20000, rangeEnd: 29999 },
          targets: [],
          worktreeDir: path.join(root, 'app.worktrees'),
          branchPrefix: '',
          agents: {},
          dependencies: 'clone',
        },
        configHash: 'none',
        files: {
          repo: { path: path.join(repo, 'agent-orchestrator.json'), exists: false },
          user: { path: userConfigPath(home, repo), exists: false },
        },
      },
    });
  });

  it('reads every field, and the per-user file overrides field by field', async () => {
    const shared = {
      $schema: './schema.json',
      setup: 'npm ci',
      teardown: ['docker compose down'],
      check: 'npm test',
      copy: ['.env*'],
      ports: { count: 5, rangeStart: 30000, rangeEnd: 30999 },
      targets: ['main', 'consumer'],
      worktreeDir: '../trees',
      branchPrefix: 'agent/',
      agents: { claude: { command: 'claude', args: ['--verbose'], env: { X: '1' } } },
    };
    const { root, repo, home } = setup(shared, { branchPrefix: 'me/', ports: 3, worktreeDir: '~/wt', check: ['npm test', 'npm run lint'] });
    const loaded = await loadRepoConfig(repo, home, root);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    expect(loaded.value.config).toEqual({
      setup: ['npm ci'],
      teardown: ['docker compose down'],
      check: ['npm test', 'npm run lint'],
      copy: ['.env*'],
      ports: { count: 3, rangeStart: 20000, rangeEnd: 29999 },
      targets: ['main', 'consumer'],
      worktreeDir: path.join(root, 'wt'),
      branchPrefix: 'me/',
      agents: { claude: { command: 'claude', args: ['--verbose'], env: { X: '1' } } },
      // setup commands without a "dependencies" setting: the user's setup installs.
      dependencies: 'none',
    });
    expect(loaded.value.files.user.exists).toBe(true);
  });

  it.each([
    [{ setup: 42 }, 'setup'],
    [{ ports: { count: 5, rangeStart: 80 } }, 'ports.rangeStart'],
    [{ ports: { count: 5, bogus: 1 } }, 'ports.bogus'],
    [{ targets: 'main' }, 'targets'],
    [{ check: [''] }, 'check.0'],
    [{ copy: [''] }, 'copy.0'],
    [{ agents: { x: { args: [] } } }, 'agents.x.command'],
    [{ dependencies: 'yes' }, 'dependencies'],
    [{ unknownKey: true }, 'unknownKey'],
  ])('names the field of an invalid file: %j → %s', async (shared, field) => {
    const { root, repo, home } = setup(shared);
    const loaded = await loadRepoConfig(repo, home, root);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.error).toMatchObject({ kind: 'INVALID_CONFIG', file: path.join(repo, 'agent-orchestrator.json'), field });
    if (loaded.error.kind === 'INVALID_CONFIG') expect(loaded.error.problem.length).toBeGreaterThan(3);
  });

  it('reports broken JSON and a port range too small for one block', async () => {
    const broken = setup('{ "setup": ');
    const bad = await loadRepoConfig(broken.repo, broken.home, broken.root);
    expect(bad.ok ? null : bad.error).toMatchObject({ kind: 'INVALID_CONFIG', field: '', problem: expect.stringContaining('not valid JSON') });
    const small = setup({ ports: { count: 10, rangeStart: 30000, rangeEnd: 30004 } });
    const tiny = await loadRepoConfig(small.repo, small.home, small.root);
    expect(tiny.ok ? null : tiny.error).toMatchObject({ kind: 'INVALID_CONFIG', field: 'ports', file: path.join(small.repo, 'agent-orchestrator.json') });
    const userSide = setup({}, { setpu: 'x' });
    const user = await loadRepoConfig(userSide.repo, userSide.home, userSide.root);
    expect(user.ok ? null : user.error).toMatchObject({ kind: 'INVALID_CONFIG', file: userConfigPath(userSide.home, userSide.repo), field: 'setpu' });
  });

  it('resolves worktreeDir relative to the repository, ~ to the home folder', () => {
    expect(resolveWorktreeDir(undefined, '/w/app', '/home/u')).toBe('/w/app.worktrees');
    expect(resolveWorktreeDir('../t', '/w/app', '/home/u')).toBe('/w/t');
    expect(resolveWorktreeDir('/abs', '/w/app', '/home/u')).toBe('/abs');
    expect(resolveWorktreeDir('~/trees', '/w/app', '/home/u')).toBe('/home/u/trees');
  });
});

describe('hostile config files (issue 12, defect 8)', () => {
  it('refuses a config that is a symlink to /dev/zero, a FIFO, or larger than 1 MB, without reading it all', async () => {
    const { root, repo, home } = setup();
    const file = path.join(repo, 'agent-orchestrator.json');
    symlinkSync('/dev/zero', file);
    const started = performance.now();
    expect(await loadRepoConfig(repo, home, root)).toMatchObject({ ok: false, error: { kind: 'INVALID_CONFIG', problem: 'is not a regular file' } });
    rmSync(file);
    execFileSync('mkfifo', [file]);
    expect(await loadRepoConfig(repo, home, root)).toMatchObject({ ok: false, error: { kind: 'INVALID_CONFIG', problem: 'is not a regular file' } });
    rmSync(file);
    writeFileSync(file, `{"setup": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    expect(await loadRepoConfig(repo, home, root)).toMatchObject({ ok: false, error: { kind: 'INVALID_CONFIG', problem: 'is larger than 1024 KB' } });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('accepts a UTF-8 byte order mark (editors on Windows write one)', async () => {
    const { root, repo, home } = setup();
    writeFileSync(path.join(repo, 'agent-orchestrator.json'), '\ufeff{"branchPrefix": "agent/"}');
    const loaded = await loadRepoConfig(repo, home, root);
    expect(loaded.ok && loaded.value.config.branchPrefix).toBe('agent/');
  });
});

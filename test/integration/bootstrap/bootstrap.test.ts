/**
 * The bootstrap of a new worktree on real repositories: steps, status, log, ports, dependency
 * clone and install, a failing setup, and the log pane as a real terminal session.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { BootstrapState } from '../../../src/shared/protocol/worktrees.ts';
import { supportsCopyOnWrite } from '../../../src/main/engine/bootstrap/dependencies.ts';
import { TerminalService } from '../../../src/main/engine/terminals/terminal-service.ts';
import { createWorktreeEnvResolver } from '../../../src/main/engine/worktrees/worktree-env.ts';
import { git } from '../../helpers/git-repo.ts';
import { fakeCommand, lifecycleFixture, listOk, unwrap, type LifecycleFixture, writeConfig } from '../worktrees/lifecycle-fixture.ts';
import { screenLines, waitFor } from '../terminals/session-helpers.ts';

/** A Node project: package.json + lockfile committed, node_modules ignored and present in main. */
async function nodeProject(config: Record<string, unknown> = {}): Promise<LifecycleFixture> {
  const f = await lifecycleFixture({
    files: {
      '.gitignore': 'node_modules/\n.env\n',
      'package.json': '{"name":"demo","version":"1.0.0"}\n',
      'package-lock.json': '{"lockfileVersion":3,"packages":{}}\n',
    },
  });
  mkdirSync(path.join(f.repoPath, 'node_modules/left-pad'), { recursive: true });
  writeFileSync(path.join(f.repoPath, 'node_modules/left-pad/index.js'), 'module.exports = 1;\n');
  await writeConfig(f, JSON.stringify(config));
  // A fake npm that records its arguments and "installs" a marker.
  fakeCommand(f, 'npm', `echo "npm $*" >> "${path.join(f.root, 'npm-calls.log')}"\nmkdir -p node_modules && echo installed > node_modules/.installed\necho "fake npm done"`);
  return f;
}

async function createAndWait(f: LifecycleFixture, name: string): Promise<{ path: string; state: BootstrapState }> {
  const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name }));
  const state = await f.bootstrap.whenDone(created.worktree.path);
  return { path: created.worktree.path, state: state! };
}

function npmCalls(f: LifecycleFixture): string[] {
  const file = path.join(f.root, 'npm-calls.log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

describe('bootstrap', () => {
  it('reserves ports, copies ignored files, runs setup with PORT, and reports each step', async () => {
    const f = await nodeProject({
      setup: ['echo "port=$PORT p1=$AGENT_ORCHESTRATOR_PORT_1 name=$AGENT_ORCHESTRATOR_WORKTREE_NAME" > setup.out'],
      ports: { count: 4, rangeStart: 41000, rangeEnd: 41999 },
    });
    writeFileSync(path.join(f.repoPath, '.worktreeinclude'), '.env\n');
    writeFileSync(path.join(f.repoPath, '.env'), 'TOKEN=abc\n');
    const events: BootstrapState[] = [];
    const off = f.bootstrap.onDidChange(({ state }) => events.push(state));
    onTestFinished(off);

    const { path: wt, state } = await createAndWait(f, 'full');
    expect(state).toMatchObject({ status: 'ready', error: null, step: null });
    const block = (await f.ports.get(wt))!;
    expect(block).toMatchObject({ count: 4 });
    expect(block.start).toBeGreaterThanOrEqual(41000);
    expect(readFileSync(path.join(wt, 'setup.out'), 'utf8')).toBe(`port=${block.start} p1=${block.start + 1} name=full\n`);
    expect(readFileSync(path.join(wt, '.env'), 'utf8')).toBe('TOKEN=abc\n');
    // With setup commands and no "dependencies" setting, no automatic install.
    expect(npmCalls(f)).toEqual([]);
    expect(events.map((e) => e.status)).toEqual(['pending', 'running', 'running', 'running', 'ready']);
    expect(events.filter((e) => e.step).map((e) => `${e.step!.index}/${e.step!.total}`)).toEqual(['1/3', '2/3', '3/3']);
    const log = readFileSync(state.logFile, 'utf8');
    expect(log).toContain('==> [3/3] Setup:');
    expect(log).toContain('copied  .env');
    // list shows the same state and ports.
    const listed = (await listOk(f)).find((w) => w.path === wt)!;
    expect(listed.bootstrap?.status).toBe('ready');
    expect(listed.ports?.[0]).toBe(block.start);
  });

  it('a failing setup command: failed, log kept, worktree kept, later steps skipped', async () => {
    const f = await nodeProject({ setup: ['echo before-failure', 'echo boom >&2; exit 7', 'touch never-ran'] });
    const { path: wt, state } = await createAndWait(f, 'broken');
    expect(state.status).toBe('failed');
    expect(state.error).toBe('echo boom >&2; exit 7 failed (exit 7)');
    expect(state.step).toEqual({ index: 3, total: 4, title: 'Setup: echo boom >&2; exit 7' });
    const log = readFileSync(state.logFile, 'utf8');
    expect(log).toContain('before-failure');
    expect(log).toContain('boom');
    expect(existsSync(path.join(wt, 'never-ran'))).toBe(false);
    expect(statSync(wt).isDirectory()).toBe(true);
    const listed = (await listOk(f)).find((w) => w.path === wt)!;
    expect(listed.bootstrap).toMatchObject({ status: 'failed', logFile: state.logFile });
    // The log stays readable through the service, and a rerun starts over.
    expect(unwrap(await f.bootstrap.readLog(wt)).text).toContain('boom');
    await writeConfig(f, JSON.stringify({ setup: 'true' }));
    unwrap(await f.worktrees.bootstrap({ repoId: f.repoId, path: wt }));
    expect((await f.bootstrap.whenDone(wt))?.status).toBe('ready');
  });

  it('brings node_modules from the main checkout: a copy-on-write clone where possible, else a copy (mode "clone", the default)', async () => {
    const f = await nodeProject({});
    const { path: wt, state } = await createAndWait(f, 'deps');
    expect(state.status).toBe('ready');
    const cow = await supportsCopyOnWrite(path.join(f.repoPath, 'package.json'), f.root);
    const log = readFileSync(state.logFile, 'utf8');
    // Budgets, failures and the install fallback: dependency-copy.test.ts.
    expect(log).toContain(cow ? 'Cloning node_modules copy-on-write' : 'Copying node_modules from the main checkout');
    expect(readFileSync(path.join(wt, 'node_modules/left-pad/index.js'), 'utf8')).toBe('module.exports = 1;\n');
    expect(npmCalls(f)).toEqual([]);
  });

  it('mode "copy": a full, independent copy (never hard links); install only when the lockfile differs', async () => {
    const f = await nodeProject({ dependencies: 'copy' });
    const { path: wt, state } = await createAndWait(f, 'copied');
    expect(state.status).toBe('ready');
    const source = path.join(f.repoPath, 'node_modules/left-pad/index.js');
    const copy = path.join(wt, 'node_modules/left-pad/index.js');
    expect(readFileSync(copy, 'utf8')).toBe('module.exports = 1;\n');
    expect(statSync(copy).ino).not.toBe(statSync(source).ino);
    expect(statSync(copy).nlink).toBe(1);
    expect(npmCalls(f)).toEqual([]);
    writeFileSync(copy, 'changed in the worktree\n');
    expect(readFileSync(source, 'utf8')).toBe('module.exports = 1;\n');

    // A branch whose lockfile differs: clone, then let npm update it.
    git(f.repoPath, 'checkout', '--quiet', '-b', 'newdeps');
    writeFileSync(path.join(f.repoPath, 'package-lock.json'), '{"lockfileVersion":3,"packages":{"x":{}}}\n');
    git(f.repoPath, 'commit', '--quiet', '-am', 'new deps');
    git(f.repoPath, 'checkout', '--quiet', 'main');
    const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'newer', base: { kind: 'ref', ref: 'newdeps' } }));
    expect((await f.bootstrap.whenDone(created.worktree.path))?.status).toBe('ready');
    expect(npmCalls(f)).toEqual(['npm ci --prefer-offline --no-audit --no-fund']);
    expect(existsSync(path.join(created.worktree.path, 'node_modules/left-pad/index.js'))).toBe(true);
  });

  it('fails clearly when the package manager is not installed', async () => {
    const f = await lifecycleFixture({ files: { 'pnpm-lock.yaml': 'lockfileVersion: 9\n' } });
    // A PATH without pnpm: only the fake bin folder and the system folders git needs.
    await writeConfig(f, JSON.stringify({ dependencies: 'install', ports: 0 }));
    const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'nopnpm' }));
    const state = (await f.bootstrap.whenDone(created.worktree.path))!;
    if (existsSync('/usr/bin/pnpm') || existsSync('/usr/local/bin/pnpm')) return;
    expect(state.status).toBe('failed');
    expect(state.error).toContain('pnpm: command not found');
  });

  it('streams the log into a terminal session that exits 0 when ready', async () => {
    const f = await lifecycleFixture();
    await writeConfig(f, JSON.stringify({ setup: ['echo step-one', 'sleep 0.3', 'echo step-two'] }));
    const terminals = new TerminalService({ home: f.home });
    await terminals.load();
    onTestFinished(() => terminals.dispose());
    const { BootstrapService } = await import('../../../src/main/engine/bootstrap/bootstrap-service.ts');
    const bootstrap = new BootstrapService({ home: f.home, ports: f.ports, openSession: (input) => terminals.create(input) });
    onTestFinished(() => bootstrap.dispose());
    const wt = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'paned', bootstrap: false })).worktree.path;
    const config = unwrap(await f.worktrees.config(f.repoId)).config;
    unwrap(await bootstrap.start({ repoId: f.repoId, mainPath: f.repoPath, worktreePath: wt, branch: "paned", config, trusted: true }));
    const session = unwrap(await bootstrap.openLogSession(wt, { repoId: f.repoId, cols: 80, rows: 24 }));
    expect(session).toMatchObject({ kind: 'command', cwd: wt, title: 'setup · paned' });
    await waitFor(() => terminals.list().find((s) => s.id === session.id)?.status === 'exited', 'the log pane to exit');
    const screen = screenLines(terminals, session.id).join('\n');
    expect(screen).toContain('step-one');
    expect(screen).toContain('step-two');
    expect(screen).toContain('Worktree ready');
    expect(terminals.list().find((s) => s.id === session.id)?.exitCode).toBe(0);
  });

  it('gives every terminal session in a worktree its PORT (envForCwd)', async () => {
    const f = await lifecycleFixture();
    await writeConfig(f, JSON.stringify({ ports: 2 }));
    const terminals = new TerminalService({ home: f.home, envForCwd: createWorktreeEnvResolver({ repos: f.repos, ports: f.ports, home: f.home }) });
    await terminals.load();
    onTestFinished(() => terminals.dispose());
    const wt = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'served' })).worktree.path;
    await f.bootstrap.whenDone(wt);
    const block = (await f.ports.get(wt))!;
    const sub = path.join(wt, 'sub dir');
    mkdirSync(sub);
    const script = 'echo "P=$PORT/$AGENT_ORCHESTRATOR_PORT_1/$AGENT_ORCHESTRATOR_WORKTREE_NAME"';
    const inWorktree = unwrap(await terminals.create({ cwd: sub, command: 'bash', args: ['--norc', '-c', script], cols: 80, rows: 5 }));
    // The main checkout gets a block of its own on its first session.
    const inMain = unwrap(await terminals.create({ cwd: f.repoPath, command: 'bash', args: ['--norc', '-c', script], cols: 80, rows: 5 }));
    // A session's own env wins.
    const overridden = unwrap(
      await terminals.create({ cwd: wt, command: 'bash', args: ['--norc', '-c', script], env: { PORT: '1' }, cols: 80, rows: 5 }),
    );
    await waitFor(() => terminals.list().every((s) => s.status === 'exited'), 'the sessions to exit');
    expect(screenLines(terminals, inWorktree.id).join('')).toContain(`P=${block.start}/${block.start + 1}/served`);
    const mainBlock = (await f.ports.get(f.repoPath))!;
    expect(mainBlock.start).not.toBe(block.start);
    expect(screenLines(terminals, inMain.id).join('')).toContain(`P=${mainBlock.start}/`);
    expect(screenLines(terminals, overridden.id).join('')).toContain(`P=1/${block.start + 1}/served`);
  });
});

/**
 * The smaller defects of issue 12 (defect 10) and the one-time browser URL (defect 2), each
 * against the real thing: git repositories, the engine, the server, the `serve` process.
 */
import { statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startEngine } from '../../src/main/engine/index.ts';
import { startServer } from '../../src/main/transport/server.ts';
import { wsUrl } from '../../src/shared/protocol/client.ts';
import { RPC_PATH } from '../../src/shared/protocol/index.ts';
import { lifecycleFixture } from '../integration/worktrees/lifecycle-fixture.ts';
import { runCli, startServe } from '../helpers/cli.ts';
import { git, makeTempDir } from '../helpers/git-repo.ts';
import { openRaw } from '../helpers/raw-ws.ts';

const RLO = '\u202e';

describe('names, refs and paths', () => {
  it('refuses text-direction controls in worktree and branch names', async () => {
    const f = await lifecycleFixture();
    expect(await f.worktrees.create({ repoId: f.repoId, name: `invoice${RLO}fdp.exe`, bootstrap: false })).toMatchObject({
      ok: false,
      error: { kind: 'INVALID_WORKTREE_NAME' },
    });
    expect(await f.worktrees.create({ repoId: f.repoId, name: 'ok', branch: `feat/${RLO}x`, bootstrap: false })).toMatchObject({
      ok: false,
      error: { kind: 'INVALID_BRANCH_NAME' },
    });
  });

  it('takes targets as branch names only, never revision expressions, and records nothing for them', async () => {
    const f = await lifecycleFixture({ files: { 'a.txt': 'a\n' } });
    for (const target of ['main~0', 'main:a.txt', 'main^{commit}', 'HEAD@{0}', 'main..main']) {
      expect(await f.worktrees.create({ repoId: f.repoId, name: 'x', target, bootstrap: false }), target).toMatchObject({
        ok: false,
        error: { kind: 'TARGET_NOT_FOUND' },
      });
    }
    expect(() => git(f.repoPath, 'config', '--get-regexp', 'agentOrchestratorTarget')).toThrow();
  });

  it('refuses branch "refs/heads/x" instead of creating refs/heads/refs/heads/x', async () => {
    const f = await lifecycleFixture();
    expect(await f.worktrees.create({ repoId: f.repoId, name: 'x', branch: 'refs/heads/x', bootstrap: false })).toMatchObject({
      ok: false,
      error: { kind: 'INVALID_BRANCH_NAME' },
    });
    expect(git(f.repoPath, 'for-each-ref', '--format=%(refname)', 'refs/heads/refs')).toBe('');
  });

  it('refuses a relative terminal cwd instead of resolving it against the engine\'s folder', async () => {
    const home = makeTempDir('ao-home-');
    const engine = await startEngine({ home });
    onTestFinished(() => engine.dispose());
    expect(await engine.terminals.create({ cwd: 'src', cols: 80, rows: 24 })).toMatchObject({ ok: false, error: { kind: 'INVALID_INPUT' } });
  });

  it('keeps the data folder owner-only and its files unreadable to others', async () => {
    if (process.platform === 'win32') return console.log('skipped: POSIX permissions');
    const home = path.join(makeTempDir('ao-perm-'), 'home');
    const engine = await startEngine({ home });
    await engine.settings.update({ agents: { quiescenceMs: 900 } });
    await engine.settings.flush();
    await engine.dispose();
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(home, 'settings.json')).mode & 0o077).toBe(0);
  });
});

describe('opening the web UI', () => {
  it('opens a one-time URL that redirects to the token once, then refuses', async () => {
    const home = makeTempDir('ao-home-');
    const engine = await startEngine({ home });
    const server = await startServer({ engine, port: 0 });
    onTestFinished(async () => {
      await server.close();
      await engine.dispose();
    });
    const url = server.openUrl();
    expect(url).not.toContain(server.token);
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(`/#token=${server.token}`);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${server.baseUrl}/open?code=guess`, { redirect: 'manual' })).status).toBe(403);
  });
});

describe('serve', () => {
  it('refuses a non-loopback --host without --allow-remote, and reports a taken port in one line', async () => {
    const home = makeTempDir('ao-home-');
    const remote = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { AGENT_ORCHESTRATOR_HOME: home });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('--allow-remote');

    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    onTestFinished(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as net.AddressInfo).port;
    const taken = await runCli(['serve', '--port', String(port)], { AGENT_ORCHESTRATOR_HOME: home });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already in use');
    expect(taken.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('stops within seconds of SIGTERM while a client floods it with requests', async () => {
    const home = makeTempDir('ao-home-');
    const serve = await startServe(['--port', '0'], { AGENT_ORCHESTRATOR_HOME: home });
    const listening = /Listening on (http:\/\/[^/]+)\/#token=(\S+)/.exec(serve.line)!;
    const raw = await openRaw(wsUrl({ baseUrl: listening[1]!, token: listening[2]! }, RPC_PATH));
    for (let i = 0; i < 400; i++) raw.frame({ opcode: 0x1, payload: new TextEncoder().encode(JSON.stringify({ i, p: { u: '/engine/info' } })) });
    const started = Date.now();
    const code = await serve.stop();
    expect(Date.now() - started).toBeLessThan(7_000);
    expect(code).not.toBeNull();
  }, 60_000);
});

/**
 * The desktop shell's Node-side parts against real things: a real login shell (bash) with a
 * profile that prints banners, a real engine behind a real WebSocket server found through
 * `engine.json`, and the engine host adopting a running process and taking over when it ends.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHost } from '../../../src/main/electron/engine-host.ts';
import { readLoginShellPath } from '../../../src/main/electron/login-shell-env.ts';
import { ENGINE_FILE, findRunningEngine } from '../../../src/main/electron/running-engine.ts';
import { startEngine, type Engine } from '../../../src/main/engine/index.ts';
import { startServer, type RunningServer } from '../../../src/main/transport/server.ts';
import type { EngineEndpoint, WebSocketLike } from '../../../src/shared/protocol/client.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

const createSocket = (url: string): WebSocketLike => new WebSocket(url) as unknown as WebSocketLike;
const fakeEngine = fileURLToPath(new URL('./fixtures/fake-engine.mjs', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('login-shell PATH (real bash)', () => {
  it('reads PATH from an interactive login shell whose profile prints around it', async () => {
    const home = makeTempDir('ao-login-shell-');
    writeFileSync(path.join(home, '.bash_profile'), 'echo "Welcome to the machine"\nexport PATH="/opt/from-profile/bin:$PATH"\nprintf "\\033]0;title\\007"\n');
    const logs: string[] = [];
    const result = await readLoginShellPath({ SHELL: '/bin/bash', HOME: home, PATH: '/usr/bin:/bin' }, (line) => logs.push(line));
    expect(result?.split(':')[0]).toBe('/opt/from-profile/bin');
    expect(result).toContain('/usr/bin');
    expect(logs).toEqual([]);
  });

  it('gives up after the timeout on a profile that hangs, without failing the start', async () => {
    const home = makeTempDir('ao-login-shell-');
    writeFileSync(path.join(home, '.bash_profile'), 'sleep 30\n');
    const logs: string[] = [];
    const started = Date.now();
    const result = await readLoginShellPath({ SHELL: '/bin/bash', HOME: home, PATH: '/usr/bin:/bin' }, (line) => logs.push(line), 500);
    expect(result).toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(logs[0]).toMatch(/took longer than 500 ms/);
  });
});

describe('finding an engine that already runs on the data folder', () => {
  async function runningEngine(): Promise<{ home: string; server: RunningServer; engine: Engine }> {
    const home = makeTempDir('ao-running-engine-');
    // The sessions' environment decides which agent logs the usage scan reads: none of the user's.
    const engine = await startEngine({ home, env: { PATH: process.env.PATH ?? '', HOME: home } });
    const server = await startServer({ engine, port: 0 });
    cleanups.push(async () => {
      await server.close();
      await engine.dispose();
    });
    return { home, server, engine };
  }

  function writeEngineFile(home: string, value: Record<string, unknown>): void {
    mkdirSync(home, { recursive: true });
    writeFileSync(path.join(home, ENGINE_FILE), JSON.stringify(value));
  }

  it('attaches when engine.json names a live engine that answers with its pid', async () => {
    const { home, server } = await runningEngine();
    writeEngineFile(home, { version: 1, baseUrl: server.baseUrl, port: server.port, token: server.token, pid: process.pid, appVersion: '0.1.0', owner: 'serve', startedAt: new Date().toISOString() });
    const source = await findRunningEngine({ home, appVersion: '0.1.0', createSocket });
    expect(source).toEqual({ kind: 'attach', endpoint: { baseUrl: server.baseUrl, token: server.token }, pid: process.pid });
  });

  it('starts its own when the token is stale, the pid is gone, or there is no file', async () => {
    const { home, server } = await runningEngine();
    writeEngineFile(home, { endpoint: server.baseUrl, token: 'stale-token', pid: process.pid, version: '0.1.0' });
    expect((await findRunningEngine({ home, appVersion: '0.1.0', createSocket })).kind).toBe('spawn');
    writeEngineFile(home, { endpoint: server.baseUrl, token: server.token, pid: 2 ** 22 + 17, version: '0.1.0' });
    expect(await findRunningEngine({ home, appVersion: '0.1.0', createSocket })).toMatchObject({ kind: 'spawn', reason: expect.stringMatching(/gone/) });
    const empty = makeTempDir('ao-running-engine-');
    expect(await findRunningEngine({ home: empty, appVersion: '0.1.0', createSocket })).toMatchObject({ kind: 'spawn' });
  });

  it('reports a version conflict instead of starting a second engine', async () => {
    const { home, server } = await runningEngine();
    writeEngineFile(home, { endpoint: server.baseUrl, token: server.token, pid: process.pid, version: '0.0.9' });
    expect((await findRunningEngine({ home, appVersion: '0.1.0', createSocket })).kind).toBe('conflict');
  });
});

describe('EngineHost.adopt', () => {
  it('follows an engine it did not start, never stops it, and starts its own when it ends', async () => {
    const state = makeTempDir('ao-adopt-');
    // Someone else's engine: a process that stays up until killed.
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    cleanups.push(() => void other.kill('SIGKILL'));
    const pid = other.pid ?? 0;
    const host = new EngineHost({
      command: process.execPath,
      args: [fakeEngine],
      env: { PATH: process.env.PATH ?? '', FAKE_ENGINE_STATE: state, FAKE_ENGINE_PLAN: '["ready"]' },
      log: () => undefined,
    });
    cleanups.push(() => host.stop());
    const adopted = { baseUrl: 'http://127.0.0.1:4999', token: 'theirs' };
    host.adopt(adopted, pid, 50);
    expect(host.endpoint).toEqual(adopted);
    expect(host.owned).toBe(false);
    expect(host.pid).toBe(pid);

    const changed = new Promise<EngineEndpoint>((resolve) => host.onDidChangeEndpoint(resolve));
    other.kill('SIGKILL');
    const endpoint = await changed;
    expect(endpoint).toEqual({ baseUrl: 'http://127.0.0.1:5001', token: 'token-1' });
    expect(host.owned).toBe(true);
    expect(host.pid).not.toBe(pid);
  });

  it('lets go of an adopted engine on stop without signalling it', async () => {
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    cleanups.push(() => void other.kill('SIGKILL'));
    const host = new EngineHost({ command: process.execPath, args: [fakeEngine], env: {}, log: () => undefined });
    host.adopt({ baseUrl: 'http://127.0.0.1:4999', token: 'theirs' }, other.pid ?? 0, 50);
    await host.stop();
    expect(host.endpoint).toBeNull();
    expect(other.exitCode).toBeNull();
    expect(other.signalCode).toBeNull();
    expect(() => process.kill(other.pid ?? 0, 0)).not.toThrow();
  });
});

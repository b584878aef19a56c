import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { wsUrl } from '../../../src/shared/protocol/client.ts';
import { DATA_PATH, RPC_PATH, type EngineEvent } from '../../../src/shared/protocol/index.ts';
import { openSocket, startTestEngine, type TestEngine } from '../../helpers/engine-server.ts';

let current: TestEngine | null = null;
afterEach(async () => {
  await current?.close({ removeHome: true });
  current = null;
});

function makeRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ao-transport-repo-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.invalid');
  writeFileSync(path.join(dir, 'README.md'), 'hello\n');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  return dir;
}

describe('transport: who may connect', () => {
  it('rejects a missing or wrong token, a foreign Origin and a non-loopback Host', async () => {
    current = await startTestEngine();
    const { server } = current;
    const good = wsUrl({ baseUrl: server.baseUrl, token: server.token }, RPC_PATH);
    const wrong = wsUrl({ baseUrl: server.baseUrl, token: 'nope' }, RPC_PATH);
    const none = `${server.baseUrl.replace('http', 'ws')}${RPC_PATH}`;

    await expect(openSocket(none)).rejects.toThrow('HTTP 401');
    await expect(openSocket(wrong)).rejects.toThrow('HTTP 401');
    await expect(openSocket(good, { Origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openSocket(good, { Origin: 'http://127.0.0.1:1' })).rejects.toThrow('HTTP 403');
    await expect(openSocket(good, { Host: `evil.example:${server.port}` })).rejects.toThrow('HTTP 403');
    await expect(openSocket(wrong.replace(RPC_PATH, DATA_PATH))).rejects.toThrow('HTTP 401');

    const ok = await openSocket(good, { Origin: server.baseUrl });
    ok.close();
  });

  it('binds to loopback by default', async () => {
    current = await startTestEngine();
    expect(current.server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers plain HTTP with a misdirected-request status for a foreign Host', async () => {
    current = await startTestEngine();
    const { port } = current.server;
    const status = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: 'evil.example' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(status).toBe(421);
  });
});

describe('transport: typed procedures', () => {
  it('returns typed errors as values and changes nothing', async () => {
    current = await startTestEngine();
    const before = await current.client.repos.list();
    const missing = path.join(os.tmpdir(), 'ao-definitely-missing-folder');
    const result = await current.client.repos.add({ path: missing });
    expect(result).toEqual({ ok: false, error: { kind: 'PATH_NOT_FOUND', path: missing } });
    expect(await current.client.repos.list()).toEqual(before);
  });

  it('rejects input that does not match the contract', async () => {
    current = await startTestEngine();
    await expect(current.client.repos.add({ path: 42 as unknown as string })).rejects.toThrow(/validation/i);
  });

  it('streams a snapshot first, then changes', async () => {
    current = await startTestEngine();
    const repo = makeRepo();
    const stream = await current.client.events.subscribe();
    const iterator = stream[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as EngineEvent;
    expect(first.type).toBe('snapshot');
    const added = await current.client.repos.add({ path: repo });
    expect(added.ok).toBe(true);
    let event: EngineEvent | undefined;
    do event = (await iterator.next()).value as EngineEvent;
    while (event && event.type !== 'repos.changed');
    expect(event?.type === 'repos.changed' && event.repos.map((r) => r.name)).toEqual([path.basename(repo)]);
    await iterator.return?.();
  });

  it('reports the engine info with the data folder', async () => {
    current = await startTestEngine();
    const info = await current.client.engine.info();
    expect(info.home).toBe(current.home);
    const pkg = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { version: string };
    expect(info.version).toBe(pkg.version);
    expect(info.gitVersion).toMatch(/^\d+\.\d+/);
  });
});

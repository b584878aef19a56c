import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEndpoint } from '../../../src/shared/protocol/client.ts';
import { EngineHost, EngineStartError, type EngineFailure } from '../../../src/main/electron/engine-host.ts';

const fakeEngine = fileURLToPath(new URL('./fixtures/fake-engine.mjs', import.meta.url));
const fastPolicy = { maxRestarts: 3, baseDelayMs: 20, maxDelayMs: 50, stableUptimeMs: 60_000 };

const hosts: EngineHost[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function makeHost(plan: string[], overrides: { readyTimeoutMs?: number; stopGraceMs?: number } = {}) {
  const state = await mkdtemp(path.join(os.tmpdir(), 'ao-engine-host-'));
  dirs.push(state);
  const logs: string[] = [];
  const host = new EngineHost({
    command: process.execPath,
    args: [fakeEngine],
    env: { PATH: process.env.PATH ?? '', FAKE_ENGINE_STATE: state, FAKE_ENGINE_PLAN: JSON.stringify(plan) },
    restartPolicy: fastPolicy,
    readyTimeoutMs: overrides.readyTimeoutMs ?? 10_000,
    stopGraceMs: overrides.stopGraceMs ?? 3_000,
    log: (line) => logs.push(line),
  });
  hosts.push(host);
  const starts = async (): Promise<number[]> =>
    (await readFile(path.join(state, 'starts'), 'utf8')).trim().split('\n').map(Number);
  return { host, logs, starts };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function nextEvent<T>(subscribe: (listener: (value: T) => void) => { dispose(): void }): Promise<T> {
  return new Promise((resolve) => {
    const subscription = subscribe((value) => {
      subscription.dispose();
      resolve(value);
    });
  });
}

describe('EngineHost', () => {
  it('resolves with the endpoint from the ready line and passes other output to the log', async () => {
    const { host, logs } = await makeHost(['ready']);
    await expect(host.start()).resolves.toEqual({ baseUrl: 'http://127.0.0.1:5001', token: 'token-1' });
    expect(host.endpoint).toEqual({ baseUrl: 'http://127.0.0.1:5001', token: 'token-1' });
    expect(logs).toContain('[engine] fake engine: starting');
  });

  it('restarts an engine that crashed and announces the new endpoint', async () => {
    const { host, starts } = await makeHost(['crash:50', 'ready']);
    const changed = nextEvent<EngineEndpoint>((listener) => host.onDidChangeEndpoint(listener));
    await host.start();
    await expect(changed).resolves.toEqual({ baseUrl: 'http://127.0.0.1:5002', token: 'token-2' });
    expect(host.endpoint?.token).toBe('token-2');
    expect(await starts()).toHaveLength(2);
  });

  it('gives up on a crash loop after the restart budget', async () => {
    const { host, starts } = await makeHost(['crash:10']);
    const gaveUp = nextEvent<EngineFailure>((listener) => host.onDidGiveUp(listener));
    await host.start();
    const failure = await gaveUp;
    expect(failure.message).toMatch(/code 7.*gave up after 3 restarts/);
    expect(await starts()).toHaveLength(1 + fastPolicy.maxRestarts);
    expect(host.endpoint).toBeNull();
  });

  it('retries a start that fails, then succeeds', async () => {
    const { host, starts } = await makeHost(['fail', 'fail', 'ready']);
    await expect(host.start()).resolves.toEqual({ baseUrl: 'http://127.0.0.1:5003', token: 'token-3' });
    expect(await starts()).toHaveLength(3);
  });

  it('reports the stderr of an engine that never starts', async () => {
    const { host } = await makeHost(['fail']);
    const error = await host.start().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineStartError);
    expect((error as EngineStartError).message).toMatch(/exited with code 3 before it was ready/);
    expect((error as EngineStartError).stderrTail).toContain('fake engine: cannot open state file');
  });

  it('kills an engine that never prints its ready line', async () => {
    const { host, logs, starts } = await makeHost(['silent'], { readyTimeoutMs: 300 });
    await expect(host.start()).rejects.toThrow(/no ready line within 300 ms/);
    // Counted from the host's own log: on a loaded machine a start may be killed before the fake
    // engine got as far as recording itself.
    expect(logs.filter((line) => /engine start failed \(no ready line/.test(line))).toHaveLength(fastPolicy.maxRestarts);
    const pids = await starts().catch(() => []);
    await expect.poll(() => pids.filter(isAlive)).toEqual([]);
  });

  it('stops the engine on request and does not restart it', async () => {
    const { host, starts } = await makeHost(['ready']);
    await host.start();
    const pid = host.pid;
    expect(pid).not.toBeNull();
    await host.stop();
    expect(isAlive(pid ?? -1)).toBe(false);
    expect(host.endpoint).toBeNull();
    expect(await starts()).toHaveLength(1);
  });

  it('closes the engine\'s stdin on stop, so an engine watching stdin exits without SIGKILL', async () => {
    const { host, logs } = await makeHost(['holds-stdin'], { stopGraceMs: 2_000 });
    await host.start();
    const pid = host.pid ?? -1;
    await host.stop();
    expect(isAlive(pid)).toBe(false);
    expect(logs).not.toContain('engine ignored SIGTERM; killing it');
  });

  it('kills an engine that ignores SIGTERM after the grace period', async () => {
    const { host, logs } = await makeHost(['stubborn'], { stopGraceMs: 200 });
    await host.start();
    const pid = host.pid ?? -1;
    await host.stop();
    expect(isAlive(pid)).toBe(false);
    expect(logs).toContain('engine ignored SIGTERM; killing it');
  });
});

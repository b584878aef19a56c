/**
 * The engine lock and engine.json on a real folder, in this process.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireEngineLock, findRunningEngine, readEngineFile, writeEngineFile } from '../../../src/main/engine/instance/index.ts';
import { EngineRunningError, startEngine } from '../../../src/main/engine/index.ts';
import { makeTempDir } from '../../helpers/git-repo.ts';

const record = (pid: number) => ({
  version: 1 as const,
  baseUrl: 'http://127.0.0.1:4519',
  port: 4519,
  token: 'x'.repeat(32),
  pid,
  appVersion: '0.0.0',
  owner: 'serve' as const,
  startedAt: new Date().toISOString(),
});

describe('engine lock', () => {
  it('lets one holder in, refuses a second, and frees on release', async () => {
    const home = makeTempDir('ao-lock-');
    const first = await acquireEngineLock(home);
    expect(first.ok).toBe(true);
    expect((await acquireEngineLock(home)).ok).toBe(false);
    if (first.ok) await first.release();
    const again = await acquireEngineLock(home);
    expect(again.ok).toBe(true);
    if (again.ok) await again.release();
  });

  it('takes over at once a lock whose holder no longer exists', async () => {
    const home = makeTempDir('ao-lock-');
    // What a SIGKILLed engine leaves: the lock folder (fresh, so not stale yet) and its pid.
    mkdirSync(path.join(home, 'engine.lock'));
    writeFileSync(path.join(home, 'engine.lock.pid'), '2147483646\n');
    const taken = await acquireEngineLock(home);
    expect(taken.ok).toBe(true);
    if (taken.ok) await taken.release();
  });

  it('does not take over a lock whose holder is alive', async () => {
    const home = makeTempDir('ao-lock-');
    mkdirSync(path.join(home, 'engine.lock'));
    writeFileSync(path.join(home, 'engine.lock.pid'), `${process.ppid}\n`);
    expect((await acquireEngineLock(home)).ok).toBe(false);
  });

  it('a second engine on the same folder fails with ENGINE_RUNNING; a one-shot one does not', async () => {
    const home = makeTempDir('ao-lock-');
    const engine = await startEngine({ home });
    try {
      const error = await startEngine({ home }).then(
        () => null,
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(EngineRunningError);
      expect((error as EngineRunningError).error).toMatchObject({ kind: 'ENGINE_RUNNING', home, pid: null });
      const oneShot = await startEngine({ home, oneShot: true });
      expect(oneShot.oneShot).toBe(true);
      await oneShot.dispose();
    } finally {
      await engine.dispose();
    }
  });
});

describe('engine.json', () => {
  it('is written owner-only and read back; garbage, oversized or foreign files read as absent', async () => {
    const home = makeTempDir('ao-efile-');
    await writeEngineFile(home, record(process.pid));
    expect(statSync(path.join(home, 'engine.json')).mode & 0o777).toBe(0o600);
    expect(await readEngineFile(home)).toMatchObject({ pid: process.pid, port: 4519 });
    writeFileSync(path.join(home, 'engine.json'), '{"version":1,"pid":"no"}');
    expect(await readEngineFile(home)).toBeNull();
    writeFileSync(path.join(home, 'engine.json'), ' '.repeat(20_000));
    expect(await readEngineFile(home)).toBeNull();
  });

  it('counts only while its process lives and holds the lock; a dead one is removed', async () => {
    const home = makeTempDir('ao-efile-');
    const lock = await acquireEngineLock(home);
    await writeEngineFile(home, record(process.pid));
    expect((await findRunningEngine(home))?.pid).toBe(process.pid);
    if (lock.ok) await lock.release();
    // Lock released (engine gone) but the file left behind: stale, cleaned up.
    expect(await findRunningEngine(home)).toBeNull();
    expect(await readEngineFile(home)).toBeNull();
  });
});

/**
 * `scripts/electron-binary.mjs`: finds a runnable Electron without ever downloading one.
 * Uses fake `electron` executables (shell scripts), so it runs on POSIX only.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findElectronBinary, probeElectronBinary } from '../../../scripts/electron-binary.mjs';

let tmp: string;

async function fakeDist(name: string, script: string | null): Promise<string> {
  const dir = path.join(tmp, name);
  await mkdir(dir, { recursive: true });
  if (script !== null) {
    await writeFile(path.join(dir, 'electron'), `#!/bin/sh\n${script}\n`);
    await chmod(path.join(dir, 'electron'), 0o755);
  }
  return dir;
}

/** A project folder whose node_modules/electron has (or lacks) path.txt and dist/. */
async function fakeProject(name: string, options: { pathTxt: boolean; dist: string | null }): Promise<string> {
  const project = path.join(tmp, name);
  const electron = path.join(project, 'node_modules', 'electron');
  await mkdir(electron, { recursive: true });
  await writeFile(path.join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  // index.js would download; it must never be loaded.
  await writeFile(path.join(electron, 'index.js'), "throw new Error('index.js was loaded');");
  if (options.pathTxt) await writeFile(path.join(electron, 'path.txt'), 'electron');
  if (options.dist !== null) {
    await mkdir(path.join(electron, 'dist'));
    await writeFile(path.join(electron, 'dist', 'electron'), `#!/bin/sh\n${options.dist}\n`);
    await chmod(path.join(electron, 'dist', 'electron'), 0o755);
  }
  return project;
}

const printsVersion = 'printf 45.4.1';

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ao-electron-binary-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('probeElectronBinary', () => {
  it('finds the downloaded binary through path.txt', async () => {
    const project = await fakeProject('downloaded', { pathTxt: true, dist: printsVersion });
    const result = await probeElectronBinary({ cwd: project, env: {} });
    expect(result).toMatchObject({ path: path.join(project, 'node_modules', 'electron', 'dist', 'electron'), version: '45.4.1' });
  });

  it('reports a binary that was never downloaded, without loading electron/index.js', async () => {
    const project = await fakeProject('never-downloaded', { pathTxt: false, dist: null });
    const result = await probeElectronBinary({ cwd: project, env: {} });
    expect(result.path).toBeNull();
    expect(result.reason).toMatch(/path\.txt is missing/);
  });

  it('reports a path.txt that points at nothing', async () => {
    const project = await fakeProject('half-downloaded', { pathTxt: true, dist: null });
    expect((await probeElectronBinary({ cwd: project, env: {} })).reason).toMatch(/does not exist or is not executable/);
  });

  it('reports a missing electron package', async () => {
    await mkdir(path.join(tmp, 'empty'), { recursive: true });
    const result = await probeElectronBinary({ cwd: path.join(tmp, 'empty'), env: {} });
    expect(result).toEqual({ path: null, reason: expect.stringMatching(/electron package is not installed/) });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron itself', async () => {
    const project = await fakeProject('override', { pathTxt: false, dist: null });
    const dist = await fakeDist('override-dist', printsVersion);
    const env = { ELECTRON_OVERRIDE_DIST_PATH: dist };
    expect(await findElectronBinary({ cwd: project, env })).toBe(path.join(dist, 'electron'));
    const missing = await probeElectronBinary({ cwd: project, env: { ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' } });
    expect(missing).toEqual({ path: null, reason: expect.stringMatching(/^\/nonexistent\/electron does not exist/) });
  });

  it('rejects a binary that does not run or is not Electron', async () => {
    const project = await fakeProject('broken', { pathTxt: false, dist: null });
    const crashes = await fakeDist('crashes', 'echo "error while loading shared libraries: libnss3.so" >&2; exit 127');
    const other = await fakeDist('other', 'echo hello');
    const crashed = await probeElectronBinary({ cwd: project, env: { ELECTRON_OVERRIDE_DIST_PATH: crashes } });
    expect(crashed.path).toBeNull();
    expect(crashed.reason).toMatch(/did not run: error while loading shared libraries/);
    const notElectron = await probeElectronBinary({ cwd: project, env: { ELECTRON_OVERRIDE_DIST_PATH: other } });
    expect(notElectron).toEqual({ path: null, reason: expect.stringMatching(/is not Electron \(printed "hello"\)/) });
  });
});

/**
 * The parallel full copy of a dependency folder, on real folders with the system `cp`: complete
 * (every file, mode, time, symlink), independent of the source (no hard links), and never half
 * present — a copier failing or a cancel midway leaves neither the target nor a staging folder.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCopyWorkers, parallelCopy, removeStaleStaging } from '../../../src/main/engine/bootstrap/parallel-copy.ts';
import { describeTree, writeNodeModules } from '../../helpers/node-modules-tree.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { waitFor } from '../terminals/session-helpers.ts';

/** The real `cp`, found before a test puts a fake one first on PATH. */
const realCp = execFileSync('sh', ['-c', 'command -v cp'], { encoding: 'utf8' }).trim();

/** A PATH whose first folder has a `cp` running `script` (which may call the real one as $REAL_CP). */
function fakeCpEnv(root: string, script: string): NodeJS.ProcessEnv {
  const bin = path.join(root, 'fake-bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'cp'), `#!/bin/sh\nREAL_CP='${realCp}'\n${script}\n`);
  chmodSync(path.join(bin, 'cp'), 0o755);
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
}

function siblings(target: string): string[] {
  return readdirSync(path.dirname(target));
}

describe.skipIf(process.platform === 'win32')('parallel copy of a dependency folder', () => {
  it('copies everything — files, modes, times, symlinks, scopes, nested and empty folders — with no hard link', async () => {
    const root = makeTempDir('ao-pcopy-');
    const source = path.join(root, 'main', 'node_modules');
    const written = writeNodeModules(source, { packages: 60, files: 15 });
    expect(written).toBeGreaterThan(1000);
    const target = path.join(root, 'wt', 'node_modules');
    mkdirSync(path.dirname(target));

    const result = await parallelCopy(source, target, { env: process.env, workers: 3 });
    expect(result).toMatchObject({ ok: true, workers: 3 });
    expect(describeTree(target)).toEqual(describeTree(source));
    expect(statSync(target).mode & 0o7777).toBe(statSync(source).mode & 0o7777);
    // No staging folder left beside it.
    expect(siblings(target)).toEqual(['node_modules']);

    // Independent: separate inodes, one link each, and an edit in the copy leaves the source alone.
    const copied = path.join(target, 'pkg-3', 'index.js');
    const original = path.join(source, 'pkg-3', 'index.js');
    expect(statSync(copied).ino).not.toBe(statSync(original).ino);
    expect(statSync(copied).nlink).toBe(1);
    writeFileSync(copied, 'patched by an agent\n');
    expect(readFileSync(original, 'utf8')).toBe('module.exports = 3;\n');
    // The .bin link resolves inside the copy, to an executable script.
    const bin = realpathSync(path.join(target, '.bin', 'pkg-5'));
    expect(bin).toBe(path.join(realpathSync(target), 'pkg-5', 'bin', 'cli.js'));
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(lstatSync(path.join(target, 'linked-pkg')).isSymbolicLink()).toBe(true);
    // Names hard-linked to each other in the source become separate files: no hard link at all.
    expect(statSync(path.join(source, 'pkg-0', 'alias.js')).nlink).toBe(2);
    expect(statSync(path.join(target, 'pkg-0', 'alias.js')).nlink).toBe(1);
    expect(statSync(path.join(target, 'pkg-0', 'index.js')).ino).not.toBe(statSync(path.join(target, 'pkg-0', 'alias.js')).ino);
  });

  it('splits a small tree further until every copier has work (a .venv-like lib/…/site-packages)', async () => {
    const root = makeTempDir('ao-pcopy-');
    const source = path.join(root, 'main', '.venv');
    for (let p = 0; p < 12; p++) {
      const dir = path.join(source, 'lib', 'python3.12', 'site-packages', `mod${p}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, '__init__.py'), `X = ${p}\n`);
    }
    writeFileSync(path.join(source, 'pyvenv.cfg'), 'home = /usr/bin\n');
    const target = path.join(root, 'wt', '.venv');
    mkdirSync(path.dirname(target));
    const result = await parallelCopy(source, target, { env: process.env, workers: 2 });
    expect(result.ok && result.units).toBeGreaterThanOrEqual(8);
    expect(describeTree(target)).toEqual(describeTree(source));
  });

  it('a copier failing midway: no target, no staging folder, the error reported', async () => {
    const root = makeTempDir('ao-pcopy-');
    const source = path.join(root, 'main', 'node_modules');
    writeNodeModules(source, { packages: 30, files: 5 });
    const target = path.join(root, 'wt', 'node_modules');
    mkdirSync(path.dirname(target));
    // The copier of the batch holding pkg-7 copies it for real, then fails like a full disk would.
    const env = fakeCpEnv(
      root,
      'case "$*" in *pkg-7*) "$REAL_CP" "$@"; echo "cp: error writing: No space left on device" >&2; exit 1;; esac\nexec "$REAL_CP" "$@"',
    );
    const result = await parallelCopy(source, target, { env, workers: 2 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain('No space left on device');
    expect(existsSync(target)).toBe(false);
    expect(siblings(target)).toEqual([]);
    // The source is untouched.
    expect(readFileSync(path.join(source, 'pkg-7', 'index.js'), 'utf8')).toBe('module.exports = 7;\n');
  });

  it('cancelled midway: the copiers are stopped, nothing is left', async () => {
    const root = makeTempDir('ao-pcopy-');
    const source = path.join(root, 'main', 'node_modules');
    writeNodeModules(source, { packages: 20, files: 3 });
    const target = path.join(root, 'wt', 'node_modules');
    mkdirSync(path.dirname(target));
    const started = path.join(root, 'copier-started');
    // One copier copies its batch, says so, then hangs until killed.
    const env = fakeCpEnv(root, `case "$*" in *pkg-4*) "$REAL_CP" "$@"; touch '${started}'; exec sleep 60;; esac\nexec "$REAL_CP" "$@"`);
    const abort = new AbortController();
    const copying = parallelCopy(source, target, { env, workers: 2, signal: abort.signal });
    await waitFor(() => existsSync(started), 'the hanging copier to start');
    // Files of the copy exist now, in the staging folder only.
    expect(siblings(target).some((name) => name.startsWith('.node_modules.ao-partial-'))).toBe(true);
    abort.abort();
    expect(await copying).toEqual({ ok: false, error: 'cancelled' });
    expect(siblings(target)).toEqual([]);
  });

  it('copies running at once share the copier slots (no more cp processes than one copy uses)', async () => {
    const root = makeTempDir('ao-pcopy-');
    const live = path.join(root, 'live');
    mkdirSync(live);
    const peaks = path.join(root, 'peaks');
    // Each copier registers itself while it runs and records how many run with it.
    const env = fakeCpEnv(root, `mkdir '${live}'/$$; ls '${live}' | wc -l >> '${peaks}'; "$REAL_CP" "$@"; s=$?; sleep 0.2; rmdir '${live}'/$$; exit $s`);
    const copies = [0, 1, 2].map(async (n) => {
      const source = path.join(root, `main${n}`, 'node_modules');
      writeNodeModules(source, { packages: 12, files: 1 });
      const target = path.join(root, `wt${n}`, 'node_modules');
      mkdirSync(path.dirname(target));
      return parallelCopy(source, target, { env });
    });
    for (const result of await Promise.all(copies)) expect(result.ok).toBe(true);
    const counts = readFileSync(peaks, 'utf8').trim().split('\n').map(Number);
    expect(counts.length).toBeGreaterThan(3);
    expect(Math.max(...counts)).toBeLessThanOrEqual(defaultCopyWorkers());
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(2);
  });

  it('refuses to copy over a folder that appeared meanwhile, and removes stale staging folders', async () => {
    const root = makeTempDir('ao-pcopy-');
    const source = path.join(root, 'main', 'node_modules');
    writeNodeModules(source, { packages: 3, files: 1 });
    const target = path.join(root, 'wt', 'node_modules');
    mkdirSync(path.join(target, 'mine'), { recursive: true });
    writeFileSync(path.join(target, 'mine', 'keep.js'), 'mine\n');
    mkdirSync(path.join(root, 'wt', '.node_modules.ao-partial-deadbeef', 'x'), { recursive: true });

    const result = await parallelCopy(source, target, { env: process.env, workers: 2 });
    expect(result.ok).toBe(false);
    expect(readFileSync(path.join(target, 'mine', 'keep.js'), 'utf8')).toBe('mine\n');
    expect(siblings(target)).toEqual(['node_modules']);

    mkdirSync(path.join(root, 'wt', '.node_modules.ao-partial-0123abcd'));
    mkdirSync(path.join(root, 'wt', '.node_modules.other'));
    await removeStaleStaging(target);
    expect(siblings(target).sort()).toEqual(['.node_modules.other', 'node_modules']);
  });
});

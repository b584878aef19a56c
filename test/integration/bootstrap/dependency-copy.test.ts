/**
 * The default dependency mode on a file system without copy-on-write: the bootstrap copies the
 * main checkout's node_modules (a real, node_modules-shaped tree) in parallel when it fits the
 * size and free-space budgets, installs otherwise, says which and why in the log, runs the steps
 * that do not need dependencies while it copies, and never leaves a half copy as the worktree's
 * dependencies.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BootstrapState } from '../../../src/shared/protocol/worktrees.ts';
import { DEFAULT_COPY_BUDGET, type CopyBudget } from '../../../src/main/engine/bootstrap/copy-budget.ts';
import { supportsCopyOnWrite } from '../../../src/main/engine/bootstrap/dependencies.ts';
import { describeTree, writeNodeModules } from '../../helpers/node-modules-tree.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { waitFor } from '../terminals/session-helpers.ts';
import { fakeCommand, lifecycleFixture, unwrap, writeConfig, type LifecycleFixture } from '../worktrees/lifecycle-fixture.ts';

const realCp = execFileSync('sh', ['-c', 'command -v cp'], { encoding: 'utf8' }).trim();

/** Whether the temp folder's file system clones copy-on-write (then the copy path is not taken). */
async function tempHasCopyOnWrite(): Promise<boolean> {
  const dir = makeTempDir('ao-cow-');
  writeFileSync(path.join(dir, 'probe'), 'x');
  return supportsCopyOnWrite(path.join(dir, 'probe'), dir);
}
const cow = await tempHasCopyOnWrite();
if (cow) console.log('dependency-copy tests skipped: the temp folder clones copy-on-write, so the bootstrap clones instead of copying');

/** A committed Node project with an installed node_modules in the main checkout and a fake npm. */
async function nodeProject(config: Record<string, unknown>, copyBudget?: CopyBudget): Promise<LifecycleFixture> {
  const f = await lifecycleFixture({
    files: {
      '.gitignore': 'node_modules/\n.env\n',
      'package.json': '{"name":"demo","version":"1.0.0"}\n',
      'package-lock.json': '{"lockfileVersion":3,"packages":{}}\n',
    },
    ...(copyBudget ? { copyBudget } : {}),
  });
  writeNodeModules(path.join(f.repoPath, 'node_modules'), { packages: 24, files: 6 });
  await writeConfig(f, JSON.stringify(config));
  fakeCommand(f, 'npm', `echo "npm $*" >> "${path.join(f.root, 'npm-calls.log')}"\nmkdir -p node_modules && echo installed > node_modules/.installed`);
  return f;
}

function npmCalls(f: LifecycleFixture): string[] {
  const file = path.join(f.root, 'npm-calls.log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
}

async function createAndWait(f: LifecycleFixture, name: string): Promise<{ path: string; state: BootstrapState; log: string }> {
  const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name }));
  const state = (await f.bootstrap.whenDone(created.worktree.path))!;
  return { path: created.worktree.path, state, log: readFileSync(state.logFile, 'utf8') };
}

/** The worktree's node_modules was installed (the fake npm's marker only), not copied. */
function expectInstalledNotCopied(wt: string): void {
  expect(readdirSync(path.join(wt, 'node_modules'))).toEqual(['.installed']);
  expect(readdirSync(wt).filter((name) => name.includes('ao-partial'))).toEqual([]);
}

describe.skipIf(cow || process.platform === 'win32')('dependencies without copy-on-write (default mode)', () => {
  it('copies node_modules in parallel, complete and independent, while ports and ignored files are done', async () => {
    const f = await nodeProject({ ports: { count: 2, rangeStart: 42000, rangeEnd: 42999 } });
    writeFileSync(path.join(f.repoPath, '.worktreeinclude'), '.env\nnode_modules/pkg-0/index.js\n');
    writeFileSync(path.join(f.repoPath, '.env'), 'TOKEN=abc\n');
    // Every copier waits until the ignored-files step has put .env into the worktree: the copy
    // can only finish if that step runs while it copies (in sequence this would time out).
    const wt = path.join(f.worktreeDir, 'copied');
    fakeCommand(
      f,
      'cp',
      `i=0; while [ ! -f '${wt}/.env' ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done\n` +
        `[ -f '${wt}/.env' ] || { echo "ignored files were not copied while dependencies copied" >&2; exit 1; }\nexec '${realCp}' "$@"`,
    );
    const { state, log } = await createAndWait(f, 'copied');
    expect(state.status).toBe('ready');
    expect(log).toMatch(/Copying node_modules from the main checkout: \d+ [KM]iB fits the copy budget of 2\.0 GiB and leaves .* free on the volume\./);
    expect(log).toContain('no copy-on-write clones, so it is a full copy');
    expect(log).toMatch(/Copied in [\d.]+ s \(\d copiers? in parallel/);
    expect(log).toContain("package-lock.json matches the main checkout's");
    expect(log).toContain('1 file in node_modules left to the dependency copy');
    expect(npmCalls(f)).toEqual([]);
    expect(describeTree(path.join(wt, 'node_modules'))).toEqual(describeTree(path.join(f.repoPath, 'node_modules')));
    expect(readFileSync(path.join(wt, '.env'), 'utf8')).toBe('TOKEN=abc\n');
    expect(await f.ports.get(wt)).toMatchObject({ count: 2 });
    // Steps: ports, ignored files, then the dependency step that waits for the copy.
    expect(state.step).toBeNull();
    expect(log.indexOf('[1/3] Reserve 2 ports')).toBeLessThan(log.indexOf('[2/3] Copy ignored files'));
    expect(log.indexOf('[2/3] Copy ignored files')).toBeLessThan(log.indexOf('[3/3] Dependencies (npm)'));
    // An agent patching a dependency in the worktree changes nothing in the main checkout.
    writeFileSync(path.join(wt, 'node_modules', 'pkg-9', 'index.js'), 'patched\n');
    expect(readFileSync(path.join(f.repoPath, 'node_modules', 'pkg-9', 'index.js'), 'utf8')).toBe('module.exports = 9;\n');
  });

  it('over the size budget: installs instead, and the log says why', async () => {
    const f = await nodeProject({}, { ...DEFAULT_COPY_BUDGET, maxBytes: 64 * 1024 });
    const { path: wt, state, log } = await createAndWait(f, 'big');
    expect(state.status).toBe('ready');
    expect(log).toMatch(/Not copying node_modules: it is \d+ [KM]iB, over the copy budget of 64 KiB \(set "dependencies": "copy" to copy it anyway\)\. .*installing instead\./);
    expect(npmCalls(f)).toEqual(['npm ci --prefer-offline --no-audit --no-fund']);
    expectInstalledNotCopied(wt);
  });

  it('mode "copy" copies past the size budget (free space still checked)', async () => {
    const f = await nodeProject({ dependencies: 'copy' }, { ...DEFAULT_COPY_BUDGET, maxBytes: 64 * 1024 });
    const { path: wt, state, log } = await createAndWait(f, 'forced');
    expect(state.status).toBe('ready');
    expect(log).toContain('(mode "copy": no size budget)');
    expect(npmCalls(f)).toEqual([]);
    expect(describeTree(path.join(wt, 'node_modules'))).toEqual(describeTree(path.join(f.repoPath, 'node_modules')));
  });

  it('not enough free space (the reserve is the whole volume): installs instead, and the log says why', async () => {
    const f = await nodeProject({ dependencies: 'copy' }, { ...DEFAULT_COPY_BUDGET, reserveShare: 1, reserveMaxBytes: Number.MAX_SAFE_INTEGER });
    const { path: wt, state, log } = await createAndWait(f, 'full-disk');
    expect(state.status).toBe('ready');
    expect(log).toMatch(/Not copying node_modules: it needs \d+ [KM]iB and the volume has .* free, which would leave less than the .* kept in reserve\./);
    expect(npmCalls(f)).toEqual(['npm ci --prefer-offline --no-audit --no-fund']);
    expectInstalledNotCopied(wt);
  });

  it('a copy failing midway leaves no partial node_modules: the partial copy is removed and the install runs', async () => {
    const f = await nodeProject({});
    fakeCommand(f, 'cp', `case "$*" in *pkg-7*) '${realCp}' "$@"; echo "cp: error writing: Input/output error" >&2; exit 1;; esac\nexec '${realCp}' "$@"`);
    const { path: wt, state, log } = await createAndWait(f, 'broken-copy');
    expect(state.status).toBe('ready');
    expect(log).toContain('The copy failed (cp exited with 1: cp: error writing: Input/output error); the partial copy was removed. Installing instead.');
    expect(npmCalls(f)).toEqual(['npm ci --prefer-offline --no-audit --no-fund']);
    expectInstalledNotCopied(wt);
  });

  it('cancelled while copying: failed, with neither node_modules nor a staging folder in the worktree', async () => {
    const f = await nodeProject({});
    const started = path.join(f.root, 'copier-started');
    fakeCommand(f, 'cp', `case "$*" in *pkg-4*) '${realCp}' "$@"; touch '${started}'; exec sleep 60;; esac\nexec '${realCp}' "$@"`);
    const created = unwrap(await f.worktrees.create({ repoId: f.repoId, name: 'cancelled' }));
    const wt = created.worktree.path;
    await waitFor(() => existsSync(started), 'a copier to be midway');
    await f.bootstrap.cancel(wt);
    const state = (await f.bootstrap.whenDone(wt))!;
    expect(state).toMatchObject({ status: 'failed', error: 'cancelled' });
    expect(readdirSync(wt).filter((name) => name.includes('node_modules'))).toEqual([]);
    expect(npmCalls(f)).toEqual([]);
  });

  it('an untrusted repository: the copy (only files) is made; its setup still does not run', async () => {
    const f = await nodeProject({});
    await writeConfig(f, JSON.stringify({ dependencies: 'clone', setup: 'touch setup-ran' }), { trust: false });
    const { path: wt, state, log } = await createAndWait(f, 'untrusted');
    expect(state.status).toBe('failed');
    expect(log).toContain('Copied in');
    expect(log).toContain('not run: touch setup-ran');
    expect(existsSync(path.join(wt, 'setup-ran'))).toBe(false);
    expect(existsSync(path.join(wt, 'node_modules', 'pkg-1', 'bin', 'cli.js'))).toBe(true);
    expect(npmCalls(f)).toEqual([]);
  });
});

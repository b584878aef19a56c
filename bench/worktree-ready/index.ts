/**
 * Time until a new worktree of a Node project with a large node_modules is ready to build.
 *
 * Run: node --import tsx bench/worktree-ready/index.ts
 * Prints one JSON object; see bench/README.md ("worktree-ready") for how to read it.
 *
 * In one run, on one synthetic project (local tarballs, so no network is involved):
 *   - floor:    bare `git worktree add`
 *   - baseline: `git worktree add` + `npm ci --offline` (the package manager installing from its
 *               local tarballs/cache — what a user does by hand today)
 *   - ours:     `worktrees.create` + bootstrap until `ready`, with dependencies mode `copy`
 *               (copy-on-write clone where the file system supports it, a full copy where not)
 *               and, when this file system supports copy-on-write, mode `clone`.
 *
 * Environment:
 *   BENCH_PACKAGES=250   packages in node_modules
 *   BENCH_FILES=40       files per package (plus package.json)
 *   BENCH_RUNS=3         runs of each variant (the median is reported)
 *   BENCH_DIR=/path      where to build the project (default: the OS temp folder; put it on a
 *                        Btrfs/XFS/APFS volume to measure copy-on-write)
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { supportsCopyOnWrite } from '../../src/main/engine/bootstrap/dependencies.ts';
import { userConfigPath } from '../../src/main/engine/repo-config/repo-config.ts';
import { startEngine } from '../../src/main/engine/index.ts';

const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 250);
const FILES = Number(process.env.BENCH_FILES ?? 40);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Sample {
  ms: number;
}

async function main(): Promise<void> {
  const base = process.env.BENCH_DIR ?? os.tmpdir();
  const root = await mkdtemp(path.join(base, 'ao-bench-ready-'));
  try {
    const project = await buildProject(root);
    const cow = await supportsCopyOnWrite(path.join(project, 'package-lock.json'), root);
    const floor: Sample[] = [];
    const baseline: Sample[] = [];
    const copy: Sample[] = [];
    const clone: Sample[] = [];
    for (let run = 0; run < RUNS; run++) {
      floor.push(await timeIt(async () => {
        await run_('git', ['worktree', 'add', '--quiet', '-b', `floor-${run}`, path.join(root, `floor-${run}`)], project);
      }));
      baseline.push(await timeIt(async () => {
        const dir = path.join(root, `baseline-${run}`);
        await run_('git', ['worktree', 'add', '--quiet', '-b', `baseline-${run}`, dir], project);
        await run_('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
      }));
      copy.push(await timeOurs(root, project, `copy-${run}`, 'copy'));
      if (cow) clone.push(await timeOurs(root, project, `clone-${run}`, 'clone'));
    }
    const nodeModules = await treeSize(path.join(project, 'node_modules'));
    const median = (samples: Sample[]): number | null =>
      samples.length === 0 ? null : Math.round([...samples].map((s) => s.ms).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!);
    const ours = median(cow ? clone : copy)!;
    const result = {
      bench: 'worktree-ready',
      machine: { platform: process.platform, cpus: os.cpus().length, node: process.version },
      project: { packages: PACKAGES, filesPerPackage: FILES + 1, nodeModulesFiles: nodeModules.files, nodeModulesMB: round(nodeModules.bytes / 1e6) },
      fileSystemCopyOnWrite: cow,
      runs: RUNS,
      medianMs: {
        floorGitWorktreeAdd: median(floor),
        baselineWorktreeAddPlusNpmCi: median(baseline),
        oursCopyMode: median(copy),
        oursCloneMode: median(clone),
      },
      ours: cow ? 'clone (copy-on-write)' : 'copy (this file system has no copy-on-write: full copy)',
      speedupVsBaseline: round(median(baseline)! / ours),
      overheadOverFloorMs: ours - median(floor)!,
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Time `worktrees.create` + bootstrap until ready, with the given dependencies mode. */
async function timeOurs(root: string, project: string, name: string, mode: 'copy' | 'clone'): Promise<Sample> {
  const home = path.join(root, `home-${name}`);
  const engine = await startEngine({ home, oneShot: true });
  try {
    const repo = await engine.repos.add(project);
    if (!repo.ok) throw new Error(JSON.stringify(repo.error));
    // The per-user override picks the mode; the shared file stays the same for every variant.
    const userFile = userConfigPath(home, project);
    await mkdir(path.dirname(userFile), { recursive: true });
    await writeFile(userFile, JSON.stringify({ dependencies: mode }));
    return await timeIt(async () => {
      const created = await engine.worktrees.create({ repoId: repo.value.id, name });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
      const state = await engine.bootstrap.whenDone(created.value.worktree.path);
      if (state?.status !== 'ready') throw new Error(`bootstrap ${state?.status}: ${state?.error}`);
    });
  } finally {
    await engine.dispose();
  }
}

/**
 * A committed Node project whose dependencies are local tarballs, installed once in the main
 * checkout (so `npm ci --offline` in a worktree needs nothing from the network).
 * Worktrees go beside the project (`worktreeDir: ".."`), so the lockfile's relative `file:`
 * paths resolve from every checkout.
 */
async function buildProject(root: string): Promise<string> {
  const tarballs = path.join(root, 'tarballs');
  await mkdir(tarballs);
  const deps: Record<string, string> = {};
  for (let i = 0; i < PACKAGES; i++) {
    const name = `bench-pkg-${i}`;
    const dir = path.join(root, 'src', name, 'package');
    await mkdir(path.join(dir, 'lib'), { recursive: true });
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'lib/f0.js' }));
    for (let f = 0; f < FILES; f++) {
      // ~2 KB of source per file, like a typical small module.
      await writeFile(path.join(dir, 'lib', `f${f}.js`), `module.exports = ${JSON.stringify('x'.repeat(2000))};\n`);
    }
    const tgz = path.join(tarballs, `${name}-1.0.0.tgz`);
    await run_('tar', ['-czf', tgz, '-C', path.dirname(dir), 'package'], root);
    deps[name] = `file:../tarballs/${name}-1.0.0.tgz`;
  }
  await rm(path.join(root, 'src'), { recursive: true, force: true });
  const project = path.join(root, 'app');
  await mkdir(project);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true, dependencies: deps }, null, 2));
  await writeFile(path.join(project, '.gitignore'), 'node_modules/\n');
  await writeFile(path.join(project, 'agent-orchestrator.json'), JSON.stringify({ worktreeDir: '..', ports: 0 }));
  await run_('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], project);
  await run_('git', ['init', '--quiet', '--initial-branch=main'], project);
  await run_('git', ['add', '-A'], project);
  await run_('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '--quiet', '-m', 'bench project'], project);
  return project;
}

async function timeIt(task: () => Promise<void>): Promise<Sample> {
  const started = performance.now();
  await task();
  return { ms: performance.now() - started };
}

function run_(command: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

async function treeSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();

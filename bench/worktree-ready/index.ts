/**
 * Time until a new worktree of a Node project with a large node_modules is ready to build.
 *
 * Run: nice -n 10 node --import tsx bench/worktree-ready/index.ts
 * Prints one JSON object; see bench/README.md ("worktree-ready") for how to read it.
 *
 * In one run, on one synthetic project (local tarballs, so no network is involved), round-robin
 * in a shuffled order each round so the machine's load and the disk's moods hit every variant alike:
 *   - floor:    bare `git worktree add`
 *   - baseline: `git worktree add` + `npm ci --offline` (the package manager installing from its
 *               local tarballs/cache — what a user does by hand today)
 *   - cpA:      `git worktree add` + `cp -a` of the main checkout's node_modules (one process)
 *   - ours:     `worktrees.create` + bootstrap until `ready`, in the default dependency mode (no
 *               `dependencies` key in the config): a copy-on-write clone where the file system
 *               supports it, else the budgeted parallel copy, else an install. Which one ran is
 *               read back from each bootstrap log (`oursPaths`).
 *
 * Disk timings on a shared VM swing by several times from one sample to the next (page cache,
 * writeback, memory the host reclaimed), so every variant is sampled `BENCH_RUNS` times and the
 * median, quartiles and extremes are reported, plus the baseline ÷ ours ratio of each round.
 *
 * Environment:
 *   BENCH_PACKAGES=250   packages in node_modules
 *   BENCH_FILES=40       files per package (plus package.json)
 *   BENCH_RUNS=9         rounds (every variant once per round)
 *   BENCH_DIR=/path      where to build the project (default: the OS temp folder; put it on a
 *                        Btrfs/XFS/APFS volume to measure copy-on-write)
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { supportsCopyOnWrite } from '../../src/main/engine/bootstrap/dependencies.ts';
import { startEngine } from '../../src/main/engine/index.ts';

const PACKAGES = Number(process.env.BENCH_PACKAGES ?? 250);
const FILES = Number(process.env.BENCH_FILES ?? 40);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const GOAL_SPEEDUP = 5;

type Variant = 'floor' | 'baseline' | 'cpA' | 'ours';
const VARIANTS: readonly Variant[] = ['floor', 'baseline', 'cpA', 'ours'];

async function main(): Promise<void> {
  const base = process.env.BENCH_DIR ?? os.tmpdir();
  const root = await mkdtemp(path.join(base, 'ao-bench-ready-'));
  const loadBefore = os.loadavg();
  const engine = await startEngine({ home: path.join(root, 'home'), oneShot: true });
  try {
    const project = await buildProject(root);
    const cow = await supportsCopyOnWrite(path.join(project, 'package-lock.json'), root);
    const repo = await engine.repos.add(project);
    if (!repo.ok) throw new Error(JSON.stringify(repo.error));
    const samples: Record<Variant, number[]> = { floor: [], baseline: [], cpA: [], ours: [] };
    const oursPaths: Record<string, number> = {};
    const pairedSpeedups: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const round: Partial<Record<Variant, number>> = {};
      for (const variant of shuffled(VARIANTS)) {
        const name = `${variant}-${run}`;
        const dir = path.join(root, name);
        round[variant] = await timeIt(async () => {
          if (variant === 'ours') {
            const created = await engine.worktrees.create({ repoId: repo.value.id, name });
            if (!created.ok) throw new Error(JSON.stringify(created.error));
            const state = await engine.bootstrap.whenDone(created.value.worktree.path);
            if (state?.status !== 'ready') throw new Error(`bootstrap ${state?.status}: ${state?.error}`);
            const taken = pathTaken(await readFile(state.logFile, 'utf8'));
            oursPaths[taken] = (oursPaths[taken] ?? 0) + 1;
            return;
          }
          await run_('git', ['worktree', 'add', '--quiet', '-b', name, dir], project);
          if (variant === 'baseline') await run_('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
          if (variant === 'cpA') await run_('cp', ['-a', path.join(project, 'node_modules'), path.join(dir, 'node_modules')], root);
        });
      }
      for (const variant of VARIANTS) samples[variant].push(round[variant]!);
      pairedSpeedups.push(round.baseline! / round.ours!);
    }
    const nodeModules = await treeSize(path.join(project, 'node_modules'));
    const stats = Object.fromEntries(VARIANTS.map((variant) => [variant, summary(samples[variant])])) as Record<Variant, Summary>;
    const speedup = round2(stats.baseline.median / stats.ours.median);
    const result = {
      bench: 'worktree-ready',
      date: new Date().toISOString(),
      machine: { platform: process.platform, cpus: os.cpus().length, node: process.version, nice: os.getPriority() },
      loadAverage: { before: loadBefore.map(round2), after: os.loadavg().map(round2) },
      project: { packages: PACKAGES, filesPerPackage: FILES + 1, nodeModulesFiles: nodeModules.files, nodeModulesMB: round2(nodeModules.bytes / 1e6) },
      fileSystemCopyOnWrite: cow,
      defaultMode: 'clone (no "dependencies" in the config)',
      oursPaths,
      runs: RUNS,
      ms: {
        floorGitWorktreeAdd: stats.floor,
        baselineWorktreeAddPlusNpmCi: stats.baseline,
        worktreeAddPlusCpA: stats.cpA,
        oursDefault: stats.ours,
      },
      speedupVsBaseline: speedup,
      pairedSpeedupVsBaseline: summary(pairedSpeedups, round2),
      speedupVsCpA: round2(stats.cpA.median / stats.ours.median),
      overheadOverFloorMs: stats.ours.median - stats.floor.median,
      goals: { speedupVsBaseline: GOAL_SPEEDUP },
      met: { speedupVsBaseline: speedup >= GOAL_SPEEDUP },
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await engine.dispose();
    await rm(root, { recursive: true, force: true });
  }
}

/** Which way the bootstrap brought node_modules, from its log. */
function pathTaken(log: string): string {
  if (log.includes('Cloning node_modules copy-on-write')) return 'copy-on-write clone';
  if (/Copied in/.test(log)) return 'parallel copy';
  if (log.includes('$ npm ')) return 'install';
  return 'other';
}

interface Summary {
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
}

function summary(values: readonly number[], rounding: (value: number) => number = Math.round): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const index = (sorted.length - 1) * q;
    const low = Math.floor(index);
    const high = Math.ceil(index);
    return sorted[low]! + (sorted[high]! - sorted[low]!) * (index - low);
  };
  return { median: rounding(at(0.5)), p25: rounding(at(0.25)), p75: rounding(at(0.75)), min: rounding(sorted[0]!), max: rounding(sorted.at(-1)!) };
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
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

async function timeIt(task: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await task();
  return performance.now() - started;
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

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();

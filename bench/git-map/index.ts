/**
 * The status map against the naive per-pair loop, on a generated repository.
 *
 * Run: node --import tsx bench/git-map/index.ts
 * Prints one JSON object; see bench/README.md ("git-map").
 *
 * In one run, on one repository (BENCH_COMMITS main commits, default 20 000; BENCH_BRANCHES
 * worktree branches, default 50, each checked out in its own worktree; targets `main` and
 * `consumer`; a commit-graph written up front so both sides get it):
 *   - naive: per (branch, target) pair `merge-base --is-ancestor` + `rev-list --count` both ways +
 *            `merge-tree --write-tree`, one process after the other (what a script would do);
 *   - cold:  `GitMapService.map` with empty caches (a fresh engine);
 *   - warm:  `map` again on the same running service (refs unchanged), median of BENCH_RUNS.
 * Goals: warm ≥ 10× faster than naive, cold ≥ 3×.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GitMapService } from '../../src/main/engine/git-map/git-map-service.ts';
import { RepoService } from '../../src/main/engine/repos/repo-service.ts';
import { branchPlan, generateRepo, type RepoShape } from './generate-repo.ts';

const run = promisify(execFile);
const SHAPE: RepoShape = {
  mainCommits: Number(process.env.BENCH_COMMITS ?? 20_000),
  branches: Number(process.env.BENCH_BRANCHES ?? 50),
  consumerCommits: 300,
};
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGETS = ['main', 'consumer'];

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function gitExit(cwd: string, ...args: string[]): Promise<number> {
  try {
    await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

async function naiveLoop(repo: string, branches: string[]): Promise<number> {
  const started = performance.now();
  for (const branch of branches) {
    for (const target of TARGETS) {
      await gitExit(repo, 'merge-base', '--is-ancestor', branch, target);
      await git(repo, 'rev-list', '--count', `${target}..${branch}`);
      await git(repo, 'rev-list', '--count', `${branch}..${target}`);
      await gitExit(repo, 'merge-tree', '--write-tree', target, branch);
    }
  }
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const root = await mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'ao-bench-map-'));
  try {
    const repo = path.join(root, 'repo');
    const setupStarted = performance.now();
    await run('git', ['init', '--quiet', '--initial-branch=main', repo]);
    await generateRepo(repo, SHAPE);
    await git(repo, 'checkout', '--quiet', 'main');
    await writeFile(path.join(repo, 'agent-orchestrator.json'), '{ "targets": ["consumer"] }\n');
    await writeFile(path.join(repo, '.git', 'info', 'exclude'), 'agent-orchestrator.json\n');
    const branches = branchPlan(SHAPE).map((branch) => branch.name);
    for (const branch of branches) await git(repo, 'worktree', 'add', '--quiet', path.join(root, 'wt', branch.replace('/', '-')), branch);
    await git(repo, 'commit-graph', 'write', '--reachable');
    const commits = Number((await git(repo, 'rev-list', '--count', '--all')).trim());
    const setupMs = performance.now() - setupStarted;

    const naiveMs = await naiveLoop(repo, branches);

    const home = path.join(root, 'home');
    const repos = new RepoService({ home, userHomeDir: root });
    await repos.load();
    const added = await repos.add(repo);
    if (!added.ok) throw new Error(JSON.stringify(added.error));
    // The map never reaches the agents; a session-less port stands in for them.
    const agents = {
      sessionIn: () => null,
      type: (sessionId: string) => ({ ok: false as const, error: { kind: 'SESSION_NOT_FOUND' as const, sessionId } }),
      launch: async (input: { agentId: string }) => ({ ok: false as const, error: { kind: 'COMMAND_NOT_FOUND' as const, command: input.agentId } }),
    };
    const service = new GitMapService({ repos, home, userHomeDir: root, writeCommitGraphs: false, agents });
    service.start();
    await service.whenSettled();
    const coldStarted = performance.now();
    const cold = await service.map({ repoId: added.value.id });
    const coldMs = performance.now() - coldStarted;
    if (!cold.ok) throw new Error(JSON.stringify(cold.error));
    const warmRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const warm = await service.map({ repoId: added.value.id });
      warmRuns.push(performance.now() - started);
      if (!warm.ok) throw new Error(JSON.stringify(warm.error));
    }
    await service.dispose();
    const warmMs = median(warmRuns);

    const states: Record<string, number> = {};
    for (const branch of cold.value.branches) {
      for (const status of Object.values(branch.status)) {
        const key = status.conflicts ? `${status.state}+conflicts` : status.state;
        states[key] = (states[key] ?? 0) + 1;
      }
    }
    const coldRatio = naiveMs / coldMs;
    const warmRatio = naiveMs / warmMs;
    process.stdout.write(
      `${JSON.stringify(
        {
          repo: { commits, branches: branches.length, worktrees: branches.length, targets: TARGETS, setupMs: Math.round(setupMs) },
          pairs: branches.length * TARGETS.length,
          naiveMs: Math.round(naiveMs),
          coldMs: Math.round(coldMs),
          warmMs: Math.round(warmMs),
          warmRunsMs: warmRuns.map(Math.round),
          coldRatio: Number(coldRatio.toFixed(1)),
          warmRatio: Number(warmRatio.toFixed(1)),
          states,
          goals: { warmRatio: 10, coldRatio: 3 },
          met: { warmRatio: warmRatio >= 10, coldRatio: coldRatio >= 3 },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();

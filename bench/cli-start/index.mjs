/**
 * CLI start time: how long `agent-orchestrator` takes to answer, against bare `node` in the same
 * run (the floor every Node CLI pays).
 *
 * Run: node scripts/build.mjs cli && node bench/cli-start/index.mjs   (plain Node, no tsx: the
 * benchmark must not load what it measures)
 *
 * Variants, each run BENCH_RUNS times (default 15) round-robin so machine load hits them alike:
 * - `bareNode`: `node -e 0`;
 * - `help` / `version`: `bin/agent-orchestrator --help` / `--version` (the bundle, when current);
 * - `usageAgainstRunningEngine`-style commands need an engine and are out of scope here; a
 *   command's own import cost is its chunk (see scripts/build.mjs), measured by `worktreeHelp`
 *   (`worktree --help`, which loads the worktree command and the engine client but no engine);
 * - `worktreeListNoEngine`: `worktree list` in a fresh one-commit repository with its own empty
 *   data folder, so no engine serves it: the CLI runs a one-shot engine in-process (the whole
 *   engine's code, the router, git) — the slowest common case;
 * - `helpFromSource`: the same through tsx (AO_FROM_SOURCE=1), what a stale or missing build costs.
 * Prints medians and p90 in ms, each variant minus bare node and as a ratio to it.
 * BENCH_BASELINE_BIN (see below) adds another checkout's bin to the same rounds, for before/after.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'agent-orchestrator');
const runs = Number(process.env.BENCH_RUNS ?? 15);

// The repository and data folder of `worktreeListNoEngine`; bash without rc files, as in the tests.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'ao-bench-cli-start-'));
const repo = path.join(scratch, 'repo');
execFileSync('git', ['init', '-q', repo]);
execFileSync('git', ['-C', repo, '-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '--allow-empty', '-m', 'init']);
const noEngine = { AGENT_ORCHESTRATOR_HOME: path.join(scratch, 'home'), SHELL: path.join(root, 'test', 'fixtures', 'shell', 'plain-bash') };

const variants = {
  bareNode: { args: ['-e', '0'], env: {} },
  help: { args: [bin, '--help'], env: {} },
  version: { args: [bin, '--version'], env: {} },
  worktreeHelp: { args: [bin, 'worktree', '--help'], env: {} },
  worktreeListNoEngine: { args: [bin, 'worktree', 'list', '--repo', repo], env: noEngine },
  helpFromSource: { args: [bin, '--help'], env: { AO_FROM_SOURCE: '1' } },
};
// BENCH_BASELINE_BIN=<another checkout>/bin/agent-orchestrator (with its own current build):
// the same commands through it, in the same rounds, named `<variant>Baseline` — before/after.
const baselineBin = process.env.BENCH_BASELINE_BIN;
if (baselineBin) {
  for (const name of ['help', 'version', 'worktreeHelp', 'worktreeListNoEngine']) {
    variants[`${name}Baseline`] = { ...variants[name], args: [path.resolve(baselineBin), ...variants[name].args.slice(1)] };
  }
}

const loadBefore = os.loadavg().map((value) => Math.round(value * 10) / 10);
const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, variant] of Object.entries(variants)) {
    const started = performance.now();
    const result = spawnSync(process.execPath, variant.args, { env: { ...process.env, ...variant.env }, stdio: 'ignore' });
    const ms = performance.now() - started;
    if (result.status !== 0) throw new Error(`${name} exited with ${result.status}`);
    samples[name].push(ms);
  }
}

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value) => Math.round(value * 10) / 10;
const bare = pct(samples.bareNode, 50);
const results = Object.fromEntries(
  Object.entries(samples).map(([name, values]) => [
    name,
    {
      medianMs: round(pct(values, 50)),
      p90Ms: round(pct(values, 90)),
      overBareNodeMs: round(pct(values, 50) - bare),
      ratioToBareNode: Math.round((pct(values, 50) / bare) * 100) / 100,
    },
  ]),
);
rmSync(scratch, { recursive: true, force: true });
const goalMs = 150;
console.log(
  JSON.stringify(
    {
      benchmark: 'cli-start',
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: { before: loadBefore, after: os.loadavg().map((value) => round(value)) },
      runs,
      results,
      goal: { commandStartMs: goalMs },
      met: {
        commandStartMs: ['help', 'version', 'worktreeHelp'].every((name) => results[name].medianMs <= goalMs),
        // The one-shot engine's command (no engine running) against the same goal.
        oneShotWorktreeListMs: results.worktreeListNoEngine.medianMs <= goalMs,
      },
    },
    null,
    2,
  ),
);

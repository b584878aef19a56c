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
 * - `helpFromSource`: the same through tsx (AO_FROM_SOURCE=1), what a stale or missing build costs.
 * Prints medians and p90 in ms, and each variant minus bare node.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'agent-orchestrator');
const runs = Number(process.env.BENCH_RUNS ?? 15);

const variants = {
  bareNode: { args: ['-e', '0'], env: {} },
  help: { args: [bin, '--help'], env: {} },
  version: { args: [bin, '--version'], env: {} },
  worktreeHelp: { args: [bin, 'worktree', '--help'], env: {} },
  helpFromSource: { args: [bin, '--help'], env: { AO_FROM_SOURCE: '1' } },
};

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let run = 0; run < runs; run++) {
  for (const [name, variant] of Object.entries(variants)) {
    const started = performance.now();
    const result = spawnSync(process.execPath, variant.args, { env: { ...process.env, ...variant.env }, stdio: 'ignore' });
    const ms = performance.now() - started;
    if (result.status !== 0 && name !== 'worktreeHelp') throw new Error(`${name} exited with ${result.status}`);
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
    { medianMs: round(pct(values, 50)), p90Ms: round(pct(values, 90)), overBareNodeMs: round(pct(values, 50) - bare) },
  ]),
);
const goalMs = 150;
console.log(
  JSON.stringify(
    {
      benchmark: 'cli-start',
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((value) => round(value)),
      runs,
      results,
      goal: { commandStartMs: goalMs },
      met: { commandStartMs: results.worktreeHelp.medianMs <= goalMs && results.help.medianMs <= goalMs },
    },
    null,
    2,
  ),
);

/**
 * Crash safety (issue 12, suite item 11): SIGKILL the CLI and the engine at random points of
 * scripted sequences — create, archive, restore, remove — then start again and check that no
 * commit or change is lost, nothing is stuck (no journal left, no git lock, no half-made
 * worktree entry), and every interrupted operation was finished or rolled back.
 *
 * Kills hit the whole process group (the CLI and the git it runs), as a crash or a closed
 * terminal would. The random delays are seeded from the run (printed) for reproduction.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startEngine } from '../../src/main/engine/index.ts';
import { recoverInterrupted } from '../../src/main/engine/worktrees/recovery.ts';
import { CLI } from '../helpers/cli.ts';
import { git, makeRepo, makeTempDir } from '../helpers/git-repo.ts';
import { recordSummary, size } from './suite.ts';

const CLI_KILLS = size(5, 40);
const ENGINE_KILLS = size(2, 12);

/** A small seeded generator, so a failing run can be replayed with AO_CRASH_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

interface World {
  root: string;
  home: string;
  repo: string;
  wt: string;
  tip: string;
  env: NodeJS.ProcessEnv;
}

function makeWorld(): World {
  const root = makeTempDir('ao-crash-');
  const repo = makeRepo({ path: path.join(root, 'app'), files: { '.gitignore': '.env\n', 'README.md': '# app\n' } });
  const home = path.join(root, 'home');
  const wt = path.join(root, 'app.worktrees', 'work');
  git(repo, 'worktree', 'add', '-b', 'work', wt);
  writeFileSync(path.join(wt, 'feature.txt'), 'committed work\n');
  git(wt, 'add', 'feature.txt');
  git(wt, 'commit', '-qm', 'work in progress');
  writeFileSync(path.join(wt, 'wip.txt'), 'uncommitted work\n');
  writeFileSync(path.join(wt, '.env'), 'SECRET=1\n');
  return { root, home, repo, wt, tip: git(wt, 'rev-parse', 'HEAD'), env: { AGENT_ORCHESTRATOR_HOME: home } };
}

/** Run the CLI and SIGKILL its process group after `killAfterMs` (if still running). */
function runAndKill(args: string[], env: NodeJS.ProcessEnv, killAfterMs: number): Promise<{ killed: boolean; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // What the CLI said, for the failure message of an operation that should have worked.
    let output = '';
    const keep = (chunk: Buffer): void => {
      if (output.length < 8_000) output += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, killAfterMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ killed, code, output });
    });
  });
}

/** What must hold after any crash and the recovery that follows it. Returns the violations. */
async function checkInvariants(w: World): Promise<string[]> {
  const problems: string[] = [];
  // The branch's commits are never lost.
  if (git(w.repo, 'rev-parse', 'refs/heads/work') !== w.tip) problems.push('branch work moved or vanished');
  const archives = git(w.repo, 'for-each-ref', '--format=%(refname)', 'refs/agent-orchestrator/archive/').split('\n').filter(Boolean);
  const listed = git(w.repo, 'worktree', 'list', '--porcelain');
  const registered = listed.includes(`worktree ${w.wt}\n`);
  const present = registered && existsSync(path.join(w.wt, '.git'));
  if (present) {
    // The worktree is back or was never taken: its uncommitted and ignored files are intact.
    if (!existsSync(path.join(w.wt, 'wip.txt')) || readFileSync(path.join(w.wt, 'wip.txt'), 'utf8') !== 'uncommitted work\n') problems.push('wip.txt lost');
    if (!existsSync(path.join(w.wt, '.env')) || readFileSync(path.join(w.wt, '.env'), 'utf8') !== 'SECRET=1\n') problems.push('.env lost');
    if (archives.length > 0) problems.push(`worktree present and still archived: ${archives.join(', ')}`);
  } else {
    if (archives.length !== 1) problems.push(`worktree gone and ${archives.length} archives`);
    if (registered) problems.push('worktree registered without its folder (stuck)');
    if (existsSync(w.wt)) problems.push('a half-removed folder is left');
  }
  // Nothing stuck: no journal, no git lock, no locked "initializing" entry.
  const journal = path.join(w.home, 'journal');
  if (existsSync(journal) && readdirSync(journal).some((name) => name.endsWith('.json'))) problems.push('journal entry left');
  for (const lock of ['index.lock', 'config.lock']) if (existsSync(path.join(w.repo, '.git', lock))) problems.push(`${lock} left`);
  return problems;
}

/** A start after the crash: recovery as the CLI and engine run it (locks judged as minutes old). */
async function restart(w: World): Promise<number> {
  const report = await recoverInterrupted({ home: w.home, repoPaths: [w.repo], now: () => Date.now() + 10 * 60_000 });
  return report.actions.length;
}

/** Finish whatever state we are in with a clean (not killed) operation, checking its result. */
async function measure(w: World, args: string[]): Promise<number> {
  const started = Date.now();
  const result = await runAndKill(args, w.env, 120_000);
  if (result.code !== 0) throw new Error(`${args.join(' ')} failed with ${result.code}:\n${result.output}`);
  return Date.now() - started;
}

describe('crash safety', () => {
  it(`SIGKILL of the CLI at ${CLI_KILLS} random points of archive / restore / create / remove loses nothing`, async () => {
    const seed = Number(process.env.AO_CRASH_SEED ?? Date.now() % 100_000);
    console.log(`crash-safety seed ${seed} (AO_CRASH_SEED=${seed} replays it)`);
    const next = random(seed);
    const started = Date.now();
    const w = makeWorld();
    // Register the repository once, and learn how long an uninterrupted archive takes here.
    // The kills aim at a fraction of the quicker of the two: the first run also registers the
    // repository, and later runs that are faster than it ran to completion before every kill
    // (a run with no kill at all tests nothing).
    const firstMs = await measure(w, ['worktree', 'archive', 'work', '--repo', w.repo]);
    const archiveMs = Math.min(firstMs, await measure(w, ['worktree', 'restore', 'work', '--no-bootstrap', '--repo', w.repo]));
    expect(await checkInvariants(w)).toEqual([]);

    let kills = 0;
    let recovered = 0;
    let operations = 2;
    const violations: string[] = [];
    for (let round = 0; round < CLI_KILLS; round++) {
      const archived = !existsSync(w.wt);
      const choice = next();
      let args: string[];
      if (choice < 0.2) args = ['worktree', 'create', `extra-${round}`, '--no-bootstrap', '--repo', w.repo];
      else if (choice < 0.3) args = ['worktree', 'remove', `extra-${round - 1}`, '--force', '--repo', w.repo];
      else args = archived ? ['worktree', 'restore', 'work', '--no-bootstrap', '--repo', w.repo] : ['worktree', 'archive', 'work', '--repo', w.repo];
      // Most of a CLI run is start-up; aim the kills at its last third, where git does the work.
      const delay = Math.round(archiveMs * (0.35 + 0.6 * next()));
      const result = await runAndKill(args, w.env, delay);
      operations++;
      if (result.killed) kills++;
      recovered += await restart(w);
      const problems = await checkInvariants(w);
      violations.push(...problems.map((problem) => `round ${round} (${args[1]}, killed after ${delay} ms): ${problem}`));
    }
    // Whatever state it ended in, the work comes back whole.
    if (!existsSync(w.wt)) await measure(w, ['worktree', 'restore', 'work', '--no-bootstrap', '--repo', w.repo]);
    expect(readFileSync(path.join(w.wt, 'wip.txt'), 'utf8')).toBe('uncommitted work\n');
    expect(violations).toEqual([]);
    expect(kills).toBeGreaterThan(0);
    console.log(`crash-safety (CLI): ${kills} kills, ${recovered} interrupted operations finished or rolled back at restart`);
    recordSummary({ suite: 'crash-safety (CLI)', faults: kills, operations, inputs: 0, dataLost: violations.length, ms: Date.now() - started });
  }, 900_000);

  it(`SIGKILL of the engine during ${ENGINE_KILLS} archives and restores: the next start finishes or rolls back`, async () => {
    const seed = Number(process.env.AO_CRASH_SEED ?? Date.now() % 100_000) + 1;
    const next = random(seed);
    const started = Date.now();
    const w = makeWorld();
    let kills = 0;
    const violations: string[] = [];
    for (let round = 0; round < ENGINE_KILLS; round++) {
      // The engine runs in a child (serve), driven over the protocol by a tiny script.
      const archived = !existsSync(w.wt);
      const script = `
        const { startEngine } = await import(${JSON.stringify(path.resolve('src/main/engine/index.ts'))});
        const engine = await startEngine({ home: ${JSON.stringify(w.home)} });
        const added = await engine.repos.add(${JSON.stringify(w.repo)});
        const repoId = added.ok ? added.value.id : added.error.repoId;
        process.stdout.write('ready\\n');
        const result = ${archived}
          ? await engine.worktrees.restore({ repoId, archive: 'work', bootstrap: false })
          : await engine.worktrees.archive({ repoId, path: ${JSON.stringify(w.wt)} });
        process.stdout.write(JSON.stringify(result.ok) + '\\n');
        await engine.dispose();
      `;
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
      onTestFinished(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      });
      await new Promise<void>((resolve) => child.stdout.on('data', (data: Buffer) => data.toString().includes('ready') && resolve()));
      const delay = Math.round(next() * 400);
      await new Promise((resolve) => setTimeout(resolve, delay));
      const exited = child.exitCode !== null;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // finished first
      }
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on('exit', resolve)));
      if (!exited) kills++;
      // The next engine start runs the recovery.
      const engine = await startEngine({ home: w.home });
      await engine.dispose();
      await restart(w);
      violations.push(...(await checkInvariants(w)).map((problem) => `round ${round} (killed after ${delay} ms): ${problem}`));
    }
    expect(violations).toEqual([]);
    recordSummary({ suite: 'crash-safety (engine)', faults: kills, operations: ENGINE_KILLS, inputs: 0, dataLost: violations.length, ms: Date.now() - started });
  }, 900_000);
});

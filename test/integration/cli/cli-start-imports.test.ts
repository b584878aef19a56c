/**
 * CLI start (issue 14: a command answers within 150 ms): `--version`, `--help` and each command's
 * `--help` or usage error must not load the protocol's schemas (zod), oRPC, the socket library or
 * the engine. Those are 80-100 ms of parsing and evaluation on a 2-core machine, more than the
 * whole budget above bare `node`; one static import in the wrong place brings them back silently.
 *
 * The check runs the real bundled CLI, built into a temporary folder by scripts/build.mjs (the
 * same code as `npm run build`), under a module-load hook that logs every module Node loads; the
 * build's metafile says which sources each loaded chunk holds.
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../../scripts/build.mjs';
import { COMMAND_HELP, helpFor, SUBCOMMAND_HELP } from '../../../src/main/cli/command-help.ts';
import { CI_SUBCOMMANDS } from '../../../src/main/cli/commands/ci.ts';
import { SUBCOMMANDS as WORKTREE_SUBCOMMANDS } from '../../../src/main/cli/commands/worktree.ts';
import { COMMAND_NAMES } from '../../../src/main/cli/index.ts';

/** What a start-up path must not load: schemas, RPC, sockets, terminals, locks, the engine itself. */
const HEAVY = [
  /node_modules\/(zod|@orpc\/[^/]+|ws|@xterm\/[^/]+|proper-lockfile|@octokit\/[^/]+)\//,
  /^src\/main\/engine\/(?!version\.ts$)/,
  /^src\/shared\/protocol\/(?!limits\.ts$)/,
];

const root = path.resolve('.');
let dir = '';
let sourcesOf = new Map<string, string[]>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ao-cli-start-'));
  const meta = await buildCli({ outDir: path.join(dir, 'cli') });
  // Output and input paths are relative to the project root; inputs under the shared
  // node_modules symlink appear as `../…/node_modules/…`, which the patterns above still match.
  sourcesOf = new Map(Object.entries(meta.outputs).map(([output, { inputs }]) => [path.resolve(root, output), Object.keys(inputs)]));
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\n" +
      'export async function load(url, context, next) {\n' +
      "  appendFileSync(process.env.AO_LOAD_LOG, url + '\\n');\n" +
      '  return next(url, context);\n' +
      '}\n',
  );
  writeFileSync(
    path.join(dir, 'register.mjs'),
    "import { appendFileSync } from 'node:fs';\nimport { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n" +
      // The user's time zone (`resolvedOptions().timeZone`) makes ICU load its zone data: logged too.
      'const resolved = Intl.DateTimeFormat.prototype.resolvedOptions;\n' +
      "Intl.DateTimeFormat.prototype.resolvedOptions = function (...args) { appendFileSync(process.env.AO_LOAD_LOG, 'intl:resolvedOptions\\n'); return resolved.apply(this, args); };\n" +
      // Node's own modules the command loaded (perf_hooks, say), from its load list at exit.
      "process.on('exit', () => appendFileSync(process.env.AO_LOAD_LOG, process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => 'builtin:' + m.slice(13) + '\\n').join('')));\n",
  );
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The project sources and packages in the chunks the command loaded. */
  sources: string[];
  /** The command looked up the user's time zone. */
  zoneLookedUp: boolean;
  /** Node's built-in modules loaded (`perf_hooks`, `internal/perf/performance`, …). */
  builtins: string[];
}

let runs = 0;
function runBundled(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const log = path.join(dir, `loaded-${++runs}.log`);
  writeFileSync(log, '');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, path.join(dir, 'cli', 'index.mjs'), ...args], {
      env: { ...process.env, AO_LOAD_LOG: log, AGENT_ORCHESTRATOR_HOME: path.join(dir, 'home'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = readFileSync(log, 'utf8').split('\n');
      const chunks = lines
        .filter((url) => url.startsWith('file:'))
        .map((url) => fileURLToPath(url));
      // Packages left outside the bundle (node-pty) load from node_modules, as in the package.
      const external = (file: string): boolean => file.includes(`${path.sep}node_modules${path.sep}`);
      const unknown = chunks.filter((file) => !sourcesOf.has(file) && !external(file));
      if (unknown.length > 0) return reject(new Error(`loaded files that are not outputs of the build: ${unknown.join(', ')}`));
      resolve({ code, stdout, stderr, sources: [...new Set(chunks.flatMap((file) => sourcesOf.get(file) ?? [path.relative(root, file)]))], zoneLookedUp: lines.includes('intl:resolvedOptions'), builtins: lines.filter((line) => line.startsWith('builtin:')).map((line) => line.slice(8)) });
    });
  });
}

const heavyIn = (sources: string[]): string[] => sources.filter((source) => HEAVY.some((pattern) => pattern.test(source)));

describe('CLI start loads only what the command needs', () => {
  it('a one-shot `worktree list` (no engine running) loads only the domains it calls, and does not look up the time zone, which only usage needs', async () => {
    const repo = path.join(dir, 'repo');
    mkdirSync(repo);
    // The engine's packages outside the bundle (node-pty), as beside the real build.
    symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
    for (const args of [['init', '-q'], ['commit', '-q', '--allow-empty', '-m', 'first']]) {
      await new Promise((resolve, reject) => spawn('git', args, { cwd: repo, stdio: 'ignore' }).on('close', resolve).on('error', reject));
    }
    const listed = await runBundled(['worktree', 'list', '--repo', repo]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(repo);
    expect(listed.zoneLookedUp).toBe(false);
    // The one-shot engine builds the services and schemas of the domains the command calls
    // (repos, worktrees and what listing reads), not the terminals, agents, CI, usage, fixes,
    // graph, git map or layout (issue 14, CLI start: lazy domain routers and services). Trust
    // reads the built-in agent profiles (plain data, the agents domain's public face) and may.
    expect(listed.sources).toEqual(expect.arrayContaining(['src/main/engine/worktrees/worktree-service.ts', 'src/shared/protocol/worktrees.ts']));
    const otherDomains = [
      /^src\/main\/engine\/(terminals|ci|usage|fixes|graph|git-map|layout|settings|notifications)\//,
      /^src\/main\/engine\/agents\/(?!index\.ts$|profiles\/)/,
      /^src\/shared\/protocol\/(agents|ci|usage|fixes|graph|git-map|layout|settings|events)\.ts$/,
      /node_modules\/(ws|@xterm\/[^/]+|@octokit\/[^/]+)\//,
    ];
    expect(listed.sources.filter((source) => otherDomains.some((pattern) => pattern.test(source)))).toEqual([]);
    // Nor the help texts (18 KB), which a command loads only when asked for help.
    expect(listed.sources).toContain('src/main/cli/asks-for-help.ts');
    expect(listed.sources).not.toContain('src/main/cli/command-help.ts');
    // Nor perf_hooks: the global `performance`'s first use loads it and eight internal modules.
    expect(listed.builtins).toContain('child_process');
    expect(listed.builtins.filter((name) => name === 'perf_hooks' || name === 'internal/perf/performance')).toEqual([]);
    // The hook sees a lookup where one happens: the usage report needs the zone.
    const usage = await runBundled(['usage', '--json']);
    expect(usage.code, usage.stderr).toBe(0);
    expect(usage.zoneLookedUp).toBe(true);
    // The usage scan times itself with `performance.now()`: the builtin check sees that.
    expect(usage.builtins).toContain('perf_hooks');
    // And the domain check sees a domain a command does call (it can fail).
    expect(usage.sources.filter((source) => otherDomains.some((pattern) => pattern.test(source)))).toEqual(
      expect.arrayContaining(['src/main/engine/usage/usage-service.ts', 'src/shared/protocol/usage.ts']),
    );
  }, 60_000);

  it('a one-shot `worktree list` runs each git command once (one `git worktree list` for resolving and listing) and `git --version` beside the rest', async (context) => {
    if (process.platform === 'win32') return context.skip('the git wrapper is a shell script');
    const repo = path.join(dir, 'repo-git-count');
    mkdirSync(repo);
    for (const args of [['init', '-q'], ['commit', '-q', '--allow-empty', '-m', 'first']]) {
      await new Promise((resolve, reject) => spawn('git', args, { cwd: repo, stdio: 'ignore' }).on('close', resolve).on('error', reject));
    }
    // A `git` first on PATH that logs when each git starts and ends, and makes `--version` slow:
    // an engine that waits for it before anything else starts nothing while it runs.
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const wrapperDir = path.join(dir, 'git-wrapper');
    mkdirSync(wrapperDir);
    const gitLog = path.join(dir, 'git-calls.log');
    writeFileSync(
      path.join(wrapperDir, 'git'),
      '#!/bin/sh\n' +
        'echo "start $$ $*" >> "$AO_GIT_LOG"\n' +
        'case "$*" in *--version*) sleep 3 ;; esac\n' +
        `"${realGit}" "$@"\n` +
        'code=$?\n' +
        'echo "end $$" >> "$AO_GIT_LOG"\n' +
        'exit $code\n',
      { mode: 0o755 },
    );
    // Each run registers the repository in a data folder of its own: the first run (registering)
    // and a later one (registered) both count.
    const home = path.join(dir, 'home-git-count');
    for (const round of ['registers', 'registered']) {
      writeFileSync(gitLog, '');
      const run = await runBundled(['worktree', 'list', '--repo', repo], { PATH: `${wrapperDir}${path.delimiter}${process.env.PATH ?? ''}`, AO_GIT_LOG: gitLog, AGENT_ORCHESTRATOR_HOME: home });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(repo);
      const events = readFileSync(gitLog, 'utf8').trim().split('\n').map((line) => line.split(' '));
      const calls = events.filter(([kind]) => kind === 'start').map(([, pid, ...argv]) => ({ pid, argv: argv.filter((arg) => arg !== '--no-pager').join(' ') }));
      const argvs = calls.map((call) => call.argv);
      expect({ round, duplicates: argvs.filter((argv, index) => argvs.indexOf(argv) !== index) }).toEqual({ round, duplicates: [] });
      expect({ round, worktreeLists: argvs.filter((argv) => argv.startsWith('worktree list')).length }).toEqual({ round, worktreeLists: 1 });
      // What the listing needs today: the worktrees, each one's status, the refs, one config read
      // (recorded targets, lineage and init.defaultBranch together), `origin/HEAD`, plus the
      // version check (the main worktree's branch comes from the listing). A new git call on this
      // path is a deliberate change to this number.
      expect({ round, count: calls.length, argvs }).toMatchObject({ round, count: 6 });
      // The listing's git ran while the slow `--version` was still running.
      const version = calls.find((call) => call.argv === '--version')!;
      const versionEnded = events.findIndex(([kind, pid]) => kind === 'end' && pid === version.pid);
      const listStarted = events.findIndex(([kind, , ...argv]) => kind === 'start' && argv.includes('worktree'));
      expect({ round, listStartedBeforeVersionEnded: listStarted < versionEnded }).toEqual({ round, listStartedBeforeVersionEnded: true });
    }
  }, 60_000);

  it('--version reads the version and loads no command, schema or engine code', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const run = await runBundled(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(run.sources).toContain('src/main/engine/version.ts');
    expect(heavyIn(run.sources)).toEqual([]);
    expect(run.sources.filter((source) => source.startsWith('src/main/cli/commands/'))).toEqual([]);
  });

  it('--help loads no command, schema or engine code', async () => {
    for (const args of [['--help'], []]) {
      const run = await runBundled(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Usage:');
      expect(heavyIn(run.sources)).toEqual([]);
      expect(run.sources.filter((source) => source.startsWith('src/main/cli/commands/'))).toEqual([]);
    }
  });

  it('every command and subcommand the CLI knows answers --help with its usage and an example, exit 0, without its code, an engine, zod or oRPC', async () => {
    expect(COMMAND_NAMES.length).toBeGreaterThanOrEqual(17);
    // The tables agree with what the commands accept: a command or subcommand without a text fails here.
    expect([...COMMAND_NAMES].sort()).toEqual(Object.keys(COMMAND_HELP).sort());
    expect(Object.keys(SUBCOMMAND_HELP.worktree!).sort()).toEqual([...WORKTREE_SUBCOMMANDS].sort());
    expect(Object.keys(SUBCOMMAND_HELP.ci!).sort()).toEqual([...CI_SUBCOMMANDS].sort());
    const lines: string[][] = [];
    for (const command of COMMAND_NAMES) {
      lines.push([command, '--help']);
      for (const sub of Object.keys(SUBCOMMAND_HELP[command] ?? {})) lines.push([command, sub, '--help']);
    }
    // -h, and --help after other arguments, the same way.
    lines.push(['usage', '-h'], ['map', '--repo', '.', '--help'], ['worktree', 'create', 'x', '--from', 'main', '-h']);
    expect(lines.length).toBeGreaterThanOrEqual(30);
    const failures: unknown[] = [];
    // Four at a time: enough to be quick, few enough for a 2-core machine.
    for (let at = 0; at < lines.length; at += 4) {
      const batch = lines.slice(at, at + 4);
      const runs = await Promise.all(batch.map((args) => runBundled(args)));
      runs.forEach((run, index) => {
        const args = batch[index]!;
        const [command, maybeSub] = args as [string, string];
        const named = Object.hasOwn(SUBCOMMAND_HELP[command] ?? {}, maybeSub) ? `agent-orchestrator ${command} ${maybeSub}` : `agent-orchestrator ${command}`;
        const problems = [
          run.code !== 0 && `exit ${run.code}: ${run.stderr}`,
          run.stdout !== helpFor(command, args.slice(1)) && 'not its text',
          !/Usage:/.test(run.stdout) && 'no Usage line',
          !run.stdout.includes(named) && `does not name '${named}'`,
          !(run.stdout.split(/Examples?:\n/)[1] ?? '').includes('  agent-orchestrator ') && 'no example',
          heavyIn(run.sources).length > 0 && `loaded ${heavyIn(run.sources).join(', ')}`,
          run.sources.some((source) => source.startsWith('src/main/cli/commands/')) && "loaded the command's code",
        ].filter(Boolean);
        if (problems.length > 0) failures.push({ args: args.join(' '), problems });
      });
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it("`--help` after `--` is an operand, not a request for help (the command's own code answers)", async () => {
    const run = await runBundled(['map', '--', '--help']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("'map' takes no arguments");
    expect(run.sources).toContain('src/main/cli/commands/git-map.ts');
    expect(heavyIn(run.sources)).toEqual([]);
  });

  it('`worktree` alone prints its help (exit 2), and `worktree list -- --help` is an operand (its own code answers), help texts loaded only for the first', async () => {
    const bare = await runBundled(['worktree']);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('agent-orchestrator worktree list');
    expect(bare.sources).toContain('src/main/cli/command-help.ts');
    expect(heavyIn(bare.sources)).toEqual([]);
    const operand = await runBundled(['worktree', 'list', '--', '--help']);
    expect(operand.code).toBe(2);
    expect(operand.stderr).toContain("'worktree list' takes no arguments");
    expect(operand.sources).not.toContain('src/main/cli/command-help.ts');
  });

  it('sees the heavy modules when a command does load them (the check can fail)', async () => {
    // `land --source` validates the mode with the protocol's schema, imported only then.
    const run = await runBundled(['land', '--source', 'bogus', 'some-fix']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--source must be cherry-pick, merge, rebase or skip');
    expect(heavyIn(run.sources)).toEqual(expect.arrayContaining(['src/shared/protocol/fixes.ts']));
    expect(heavyIn(run.sources).some((source) => /node_modules\/zod\//.test(source))).toBe(true);
  });
});

describe('bin/agent-orchestrator picks the bundle only while it is current', () => {
  /**
   * A project of its own: the real bin script and the temporary build, a one-file "source tree"
   * whose `main` says it ran, and the shared node_modules (tsx) through a symlink.
   */
  function project(): { bin: string; source: string; stamp: string } {
    const at = mkdtempSync(path.join(dir, 'project-'));
    const bin = path.join(at, 'bin', 'agent-orchestrator');
    const source = path.join(at, 'src', 'main', 'cli', 'index.ts');
    for (const folder of [path.dirname(bin), path.dirname(source), path.join(at, 'dist')]) mkdirSync(folder, { recursive: true });
    copyFileSync(path.resolve('bin/agent-orchestrator'), bin);
    cpSync(path.join(dir, 'cli'), path.join(at, 'dist', 'cli'), { recursive: true });
    symlinkSync(path.resolve('node_modules'), path.join(at, 'node_modules'), 'junction');
    writeFileSync(path.join(at, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(source, "export async function main(): Promise<number> {\n  process.stdout.write('from source\\n');\n  return 0;\n}\n");
    const stamp = path.join(at, 'dist', 'cli', 'build-stamp.json');
    writeFileSync(stamp, JSON.stringify({ version: 1, newestSourceMtimeMs: statSync(source).mtimeMs, sources: ['src/main/cli/index.ts', 'package.json'] }));
    return { bin, source, stamp };
  }

  const run = (bin: string, env: NodeJS.ProcessEnv = {}) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, '--version'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('error', reject);
      child.on('close', () => resolve(stdout));
    });

  it('runs the bundle when current, the sources when one is newer or AO_FROM_SOURCE=1, the bundle when there are no sources', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const { bin, source, stamp } = project();
    expect(await run(bin)).toBe(`${pkg.version}\n`);
    expect(await run(bin, { AO_FROM_SOURCE: '1' })).toBe('from source\n');
    const later = new Date(statSync(source).mtimeMs + 60_000);
    utimesSync(source, later, later);
    expect(await run(bin)).toBe('from source\n');
    // A stamp that lists a file that is gone is stale too.
    writeFileSync(stamp, JSON.stringify({ version: 1, newestSourceMtimeMs: later.getTime(), sources: ['src/main/cli/index.ts', 'src/gone.ts'] }));
    expect(await run(bin)).toBe('from source\n');
    // The packaged app: no src/, so the bundle whatever the stamp says.
    rmSync(path.join(path.dirname(bin), '..', 'src'), { recursive: true });
    expect(await run(bin)).toBe(`${pkg.version}\n`);
  }, 60_000);
});

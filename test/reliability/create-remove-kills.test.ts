/**
 * A create or remove killed at a named step is rolled back or finished at the next start, and a
 * retry works (issue 12, defect 5 and suite item 11 for create and remove).
 *
 * Real kills, aimed by events rather than timers: the real CLI (or an engine in a child process)
 * runs with a `git` wrapper first on PATH that, when its arguments match the step under test,
 * creates a marker file and waits; the test sees the marker appear (fs.watch) and SIGKILLs the
 * whole process group — the CLI, the engine inside it and the git it was running. A kill in the
 * middle of git's own checkout comes from a smudge filter that blocks on the last file. Recovery
 * then runs as it does for users: at the start of the next CLI command, or, for an engine that
 * was already running, when the same create is asked for again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFailed, onTestFinished } from 'vitest';
import { OperationJournal } from '../../src/main/engine/worktrees/operation-journal.ts';
import { CLI, runCli } from '../helpers/cli.ts';
import { git, makeCommit, makeRepo, makeTempDir } from '../helpers/git-repo.ts';
import { lifecycleFixture } from '../integration/worktrees/lifecycle-fixture.ts';
import { recordSummary } from './suite.ts';

/** For the suite's summary table: kills made, operations run, tests that found something lost. */
const tally = { kills: 0, operations: 0, failed: new Set<string>(), started: Date.now() };
afterAll(() => {
  recordSummary({ suite: 'create/remove kills', faults: tally.kills, operations: tally.operations, inputs: 0, dataLost: tally.failed.size, ms: Date.now() - tally.started });
});

/** The git the wrapper hands every other call to: the first on PATH, as the engine would run. */
const REAL_GIT = (process.env.PATH ?? '')
  .split(path.delimiter)
  .map((dir) => path.join(dir, 'git'))
  .find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
if (!REAL_GIT) throw new Error('no git on PATH');

/**
 * The wrapper: when its arguments match AO_BLOCK_MATCH (a `case` pattern over " <args> ") and
 * AO_BLOCK_MARK does not exist yet, it creates AO_BLOCK_MARK and waits to be killed.
 * AO_BLOCK_WHEN says where: `before` git runs, `after` it succeeded, or `partial` — the folder
 * of a `worktree remove` loses its `.git` file and the paths in AO_BLOCK_DELETE first, which is
 * what git's recursive delete leaves when it is killed half-way (directory order; no wrapper
 * can pause git inside it).
 */
const WRAPPER = `#!/bin/bash
real=${REAL_GIT}
if [ -n "$AO_BLOCK_MATCH" ] && [ ! -e "$AO_BLOCK_MARK" ]; then
  case " $* " in
    $AO_BLOCK_MATCH)
      if [ "$AO_BLOCK_WHEN" = after ]; then "$real" "$@" || exit $?; fi
      if [ "$AO_BLOCK_WHEN" = partial ]; then
        folder="\${@: -1}"
        rm -f "$folder/.git"
        IFS=: read -ra gone <<< "$AO_BLOCK_DELETE"
        for name in "\${gone[@]}"; do rm -rf "\${folder:?}/$name"; done
      fi
      : > "$AO_BLOCK_MARK"
      exec sleep 3600
      ;;
  esac
fi
exec "$real" "$@"
`;

/** A smudge filter that, armed by AO_SMUDGE_MARK, stops git's checkout at the file it filters. */
const SMUDGE = `#!/bin/bash
if [ -n "$AO_SMUDGE_MARK" ] && [ ! -e "$AO_SMUDGE_MARK" ]; then : > "$AO_SMUDGE_MARK"; exec sleep 3600; fi
exec cat
`;

interface World {
  root: string;
  home: string;
  repo: string;
  base: string;
  /** Where `worktree create <name>` puts the folder. */
  folderOf: (name: string) => string;
  /** Environment for a CLI run: the data folder and the wrapper first on PATH. */
  env: (block?: Record<string, string>) => NodeJS.ProcessEnv;
  marks: string;
}

function makeWorld(repoPath?: string, home?: string): World {
  const root = makeTempDir('ao-kill-');
  const repo =
    repoPath ??
    makeRepo({
      path: path.join(root, 'app'),
      // Checked out last (index order): a smudge filter on it stops the checkout with the rest written.
      files: { 'README.md': '# app\n', 'src/main.ts': 'export {};\n', 'zz-last.txt': 'last\n', '.gitattributes': 'zz-last.txt filter=aoblock\n' },
    });
  const bin = path.join(root, 'bin');
  const marks = path.join(root, 'marks');
  mkdirSync(bin);
  mkdirSync(marks);
  writeFileSync(path.join(bin, 'git'), WRAPPER);
  writeFileSync(path.join(bin, 'smudge-block'), SMUDGE);
  chmodSync(path.join(bin, 'git'), 0o755);
  chmodSync(path.join(bin, 'smudge-block'), 0o755);
  git(repo, 'config', 'filter.aoblock.smudge', path.join(bin, 'smudge-block'));
  const dataHome = home ?? path.join(root, 'home');
  return {
    root,
    home: dataHome,
    repo,
    base: git(repo, 'rev-parse', 'HEAD'),
    folderOf: (name) => path.join(path.dirname(repo), `${path.basename(repo)}.worktrees`, name),
    env: (block = {}) => ({ AGENT_ORCHESTRATOR_HOME: dataHome, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, ...block }),
    marks,
  };
}

/** Resolve when `file` exists (watching its folder: no polling, no sleeping). */
function whenExists(file: string, child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(path.dirname(file), () => {
      if (existsSync(file)) done();
    });
    const onExit = (code: number | null): void => {
      watcher.close();
      reject(new Error(`the process exited (${code}) before reaching ${path.basename(file)}:\n${output()}`));
    };
    const done = (): void => {
      watcher.close();
      child.off('exit', onExit);
      resolve();
    };
    child.once('exit', onExit);
    if (existsSync(file)) done();
  });
}

/** SIGKILL a detached child's whole group (it, the engine in it, its git, the wrapper's wait). */
async function killGroup(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await exited;
}

/**
 * Run the CLI with the wrapper armed, wait for it to reach the step (the marker appears), kill it
 * there. Fails if the command finishes without reaching the step.
 */
async function killCliAt(w: World, args: string[], block: Record<string, string>, mark: string): Promise<void> {
  onTestFailed((context) => void tally.failed.add(context.task.name));
  tally.operations++;
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...w.env(block) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  onTestFinished(() => killGroup(child));
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await whenExists(mark, child, () => output);
  await killGroup(child);
  expect(child.signalCode).toBe('SIGKILL');
  tally.kills++;
}

/** Block `git <match>` (see WRAPPER) and name the marker. */
function gitStep(w: World, match: string, when: 'before' | 'after' | 'partial', extra: Record<string, string> = {}): { block: Record<string, string>; mark: string } {
  const mark = path.join(w.marks, `${match.replace(/\W+/g, '-')}-${when}`);
  return { block: { AO_BLOCK_MATCH: `* ${match} *`, AO_BLOCK_MARK: mark, AO_BLOCK_WHEN: when, ...extra }, mark };
}

function journalLeft(home: string): string[] {
  const dir = path.join(home, 'journal');
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
}

function branches(repo: string): string[] {
  return git(repo, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/').split('\n').filter(Boolean);
}

function worktreeList(repo: string): string {
  return git(repo, 'worktree', 'list', '--porcelain');
}

/** A CLI command that must succeed; returns its stderr (recovery reports there). */
async function cliOk(w: World, args: string[]): Promise<string> {
  tally.operations++;
  const result = await runCli(args, w.env());
  if (result.code !== 0) throw new Error(`${args.join(' ')} exited ${result.code}:\n${result.stdout}${result.stderr}`);
  return result.stderr;
}

/** The state a rolled-back create must leave: no folder, no admin entry, no branch, no journal. */
function expectRolledBack(w: World, name: string): void {
  expect(existsSync(w.folderOf(name))).toBe(false);
  expect(worktreeList(w.repo)).not.toContain(w.folderOf(name));
  expect(branches(w.repo)).not.toContain(name);
  expect(journalLeft(w.home)).toEqual([]);
}

describe('a killed worktree create', () => {
  for (const [label, step] of [
    ['before git worktree add ran', (w: World) => gitStep(w, 'worktree add', 'before')],
    ['after git worktree add, before the target was recorded', (w: World) => gitStep(w, 'config --local branch.*', 'after')],
  ] as const) {
    it(`${label}: the next CLI start rolls it back and the same create succeeds`, async () => {
      const w = makeWorld();
      const { block, mark } = step(w);
      await killCliAt(w, ['worktree', 'create', 'login', '--no-bootstrap', '--repo', w.repo], block, mark);
      // What the kill left: the journal entry (and, after the add, the branch and folder).
      expect(journalLeft(w.home)).toHaveLength(1);

      const report = await cliOk(w, ['worktree', 'list', '--repo', w.repo]);
      expect(report).toContain('rolled back the interrupted create');
      expectRolledBack(w, 'login');

      await cliOk(w, ['worktree', 'create', 'login', '--no-bootstrap', '--repo', w.repo]);
      expect(readFileSync(path.join(w.folderOf('login'), 'zz-last.txt'), 'utf8')).toBe('last\n');
      expect(git(w.repo, 'rev-parse', 'refs/heads/login')).toBe(w.base);
      expect(git(w.repo, 'config', 'branch.login.agentOrchestratorTarget')).toBe('main');
      expect(journalLeft(w.home)).toEqual([]);
    }, 120_000);
  }

  it('inside git worktree add (checkout half written): the retry itself rolls it back and succeeds', async () => {
    const w = makeWorld();
    const mark = path.join(w.marks, 'smudge');
    await killCliAt(w, ['worktree', 'create', 'login', '--no-bootstrap', '--repo', w.repo], { AO_SMUDGE_MARK: mark }, mark);
    // git was killed mid-checkout: the branch exists, the folder has some files, not the last one.
    expect(branches(w.repo)).toContain('login');
    expect(existsSync(path.join(w.folderOf('login'), 'README.md'))).toBe(true);
    expect(existsSync(path.join(w.folderOf('login'), 'zz-last.txt'))).toBe(false);

    // Without recovery this failed with BRANCH_EXISTS for good.
    const stderr = await cliOk(w, ['worktree', 'create', 'login', '--no-bootstrap', '--repo', w.repo]);
    expect(stderr).toContain('rolled back the interrupted create');
    expect(readFileSync(path.join(w.folderOf('login'), 'zz-last.txt'), 'utf8')).toBe('last\n');
    expect(git(w.folderOf('login'), 'status', '--porcelain')).toBe('');
    expect(worktreeList(w.repo).match(/^worktree /gm)).toHaveLength(2);
    expect(journalLeft(w.home)).toEqual([]);
  }, 120_000);

  it('an engine killed inside git worktree add: an engine already running settles it when the create is asked again', async () => {
    const f = await lifecycleFixture({ files: { 'README.md': '# app\n', 'zz-last.txt': 'last\n', '.gitattributes': 'zz-last.txt filter=aoblock\n' } });
    const w = makeWorld(f.repoPath, f.home);
    const mark = path.join(w.marks, 'engine-smudge');
    const script = `
      const { startEngine } = await import(${JSON.stringify(path.resolve('src/main/engine/index.ts'))});
      const engine = await startEngine({ home: ${JSON.stringify(f.home)} });
      const added = await engine.repos.add(${JSON.stringify(f.repoPath)});
      const repoId = added.ok ? added.value.id : added.error.repoId;
      const result = await engine.worktrees.create({ repoId, name: 'login', bootstrap: false });
      process.stdout.write(JSON.stringify(result) + '\\n');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, ...w.env({ AO_SMUDGE_MARK: mark }) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    onTestFinished(() => killGroup(child));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await whenExists(mark, child, () => output);
    await killGroup(child);
    tally.kills++;
    expect(journalLeft(f.home)).toHaveLength(1);
    expect(branches(f.repoPath)).toContain('login');

    // f.worktrees stands for an engine started before the kill: it ran no recovery since.
    const retried = await f.worktrees.create({ repoId: f.repoId, name: 'login', bootstrap: false });
    expect(retried.ok ? retried.value.worktree.branch : retried.error).toBe('login');
    expect(readFileSync(path.join(w.folderOf('login'), 'zz-last.txt'), 'utf8')).toBe('last\n');
    expect(journalLeft(f.home)).toEqual([]);
  }, 120_000);

  it('keeps a half-made create the user already put files in: the retry names what is in the way, then works once it is cleared', async () => {
    const w = makeWorld();
    const mark = path.join(w.marks, 'smudge');
    await killCliAt(w, ['worktree', 'create', 'login', '--no-bootstrap', '--repo', w.repo], { AO_SMUDGE_MARK: mark }, mark);
    const folder = w.folderOf('login');
    writeFileSync(path.join(folder, 'notes.md'), 'my notes\n');
    writeFileSync(path.join(folder, 'README.md'), '# app, edited\n');

    const refused = await runCli(['worktree', 'create', 'login', '--no-bootstrap', '--repo', w.repo], w.env());
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('was interrupted and left work of yours there, so nothing was deleted');
    expect(refused.stderr).toContain('notes.md');
    expect(refused.stderr).toContain('README.md');
    // Nothing of it was touched, and the entry stays until it can be settled.
    expect(readFileSync(path.join(folder, 'notes.md'), 'utf8')).toBe('my notes\n');
    expect(readFileSync(path.join(folder, 'README.md'), 'utf8')).toBe('# app, edited\n');
    expect(branches(w.repo)).toContain('login');
    expect(journalLeft(w.home)).toHaveLength(1);

    // The user keeps their notes elsewhere and deletes the folder, as the message says.
    rmSync(folder, { recursive: true });
    await cliOk(w, ['worktree', 'create', 'login', '--no-bootstrap', '--repo', w.repo]);
    expect(readFileSync(path.join(folder, 'README.md'), 'utf8')).toBe('# app\n');
    expect(journalLeft(w.home)).toEqual([]);
  }, 120_000);

  it('keeps a create whose worktree was finished and already holds a commit: as created, nothing lost', async () => {
    const w = makeWorld();
    const { block, mark } = gitStep(w, 'config --local branch.*', 'after');
    await killCliAt(w, ['worktree', 'create', 'login', '--no-bootstrap', '--repo', w.repo], block, mark);
    const folder = w.folderOf('login');
    const commit = makeCommit(folder, { files: { 'feature.ts': 'export const x = 1;\n' }, message: 'work' });
    writeFileSync(path.join(folder, 'wip.txt'), 'uncommitted\n');

    const report = await cliOk(w, ['worktree', 'list', '--repo', w.repo]);
    expect(report).toContain('kept the interrupted create');
    expect(git(w.repo, 'rev-parse', 'refs/heads/login')).toBe(commit);
    expect(readFileSync(path.join(folder, 'wip.txt'), 'utf8')).toBe('uncommitted\n');
    expect(git(w.repo, 'config', 'branch.login.agentOrchestratorTarget')).toBe('main');
    expect(journalLeft(w.home)).toEqual([]);
    // A retry says the worktree is there, as a typed error naming where.
    const again = await runCli(['worktree', 'create', 'login', '--no-bootstrap', '--repo', w.repo], w.env());
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain(`branch login is already checked out in ${folder}`);
  }, 120_000);
});

describe('a killed worktree remove', () => {
  /** A worktree `work` with a commit of its own, made by the CLI (which registers the repo). */
  async function withWorktree(w: World): Promise<{ folder: string; tip: string }> {
    await cliOk(w, ['worktree', 'create', 'work', '--no-bootstrap', '--repo', w.repo]);
    const folder = w.folderOf('work');
    const tip = makeCommit(folder, { files: { 'feature.ts': 'export const feature = true;\n' }, message: 'feature' });
    return { folder, tip };
  }

  for (const [label, when] of [
    ['before git worktree remove ran', 'before'],
    ['inside git worktree remove (the .git file and some files gone)', 'partial'],
  ] as const) {
    it(`${label}, nothing uncommitted: the next start finishes it and the branch keeps its commits`, async () => {
      const w = makeWorld();
      const { folder, tip } = await withWorktree(w);
      const { block, mark } = gitStep(w, 'worktree remove', when, { AO_BLOCK_DELETE: 'README.md:src' });
      // --force: the commit is on no target; the branch keeps it, so removing the folder loses nothing.
      await killCliAt(w, ['worktree', 'remove', 'work', '--force', '--repo', w.repo], block, mark);
      expect(journalLeft(w.home)).toHaveLength(1);

      const report = await cliOk(w, ['worktree', 'list', '--repo', w.repo]);
      expect(report).toContain(`finished removing ${folder}`);
      expect(existsSync(folder)).toBe(false);
      expect(worktreeList(w.repo)).not.toContain(folder);
      expect(git(w.repo, 'rev-parse', 'refs/heads/work')).toBe(tip);
      expect(journalLeft(w.home)).toEqual([]);
      // And the worktree can come back on its branch.
      git(w.repo, 'worktree', 'add', folder, 'work');
      expect(readFileSync(path.join(folder, 'feature.ts'), 'utf8')).toBe('export const feature = true;\n');
    }, 120_000);
  }

  it('a forced remove of a worktree with uncommitted files, killed inside git: not finished, the worktree is usable again with every file left', async () => {
    const w = makeWorld();
    const { folder, tip } = await withWorktree(w);
    writeFileSync(path.join(folder, 'wip.txt'), 'uncommitted work\n');
    writeFileSync(path.join(folder, 'feature.ts'), 'export const feature = false; // edited\n');
    const { block, mark } = gitStep(w, 'worktree remove', 'partial', { AO_BLOCK_DELETE: 'README.md:src' });
    await killCliAt(w, ['worktree', 'remove', 'work', '--force', '--repo', w.repo], block, mark);
    expect(existsSync(path.join(folder, '.git'))).toBe(false);

    const report = await cliOk(w, ['worktree', 'list', '--repo', w.repo]);
    expect(report).toContain(`did not finish removing ${folder}: it had uncommitted changes`);
    // A worktree git accepts again: the user's changes are there, the files git deleted are back.
    expect(readFileSync(path.join(folder, 'wip.txt'), 'utf8')).toBe('uncommitted work\n');
    expect(readFileSync(path.join(folder, 'feature.ts'), 'utf8')).toBe('export const feature = false; // edited\n');
    expect(readFileSync(path.join(folder, 'README.md'), 'utf8')).toBe('# app\n');
    expect(readFileSync(path.join(folder, 'src', 'main.ts'), 'utf8')).toBe('export {};\n');
    expect(git(folder, 'status', '--porcelain').split('\n').sort()).toEqual([' M feature.ts', '?? wip.txt']);
    expect(git(folder, 'rev-parse', 'HEAD')).toBe(tip);
    expect(journalLeft(w.home)).toEqual([]);
    // The user decides again: a plain remove now refuses (changes), a forced one works.
    const refused = await runCli(['worktree', 'remove', 'work', '--repo', w.repo], w.env());
    expect(refused.stderr).toContain('uncommitted change');
    await cliOk(w, ['worktree', 'remove', 'work', '--force', '--repo', w.repo]);
    expect(existsSync(folder)).toBe(false);
  }, 120_000);

  it('--delete-branch killed at git branch -D: finished when nothing only the branch holds, else the branch is kept', async () => {
    const w = makeWorld();
    // `merged`: no commits of its own (at main); `work`: one commit no target has, removed with --force.
    await cliOk(w, ['worktree', 'create', 'merged', '--no-bootstrap', '--repo', w.repo]);
    const { tip } = await withWorktree(w);

    const first = gitStep(w, 'branch -D', 'before');
    await killCliAt(w, ['worktree', 'remove', 'merged', '--delete-branch', '--repo', w.repo], first.block, first.mark);
    expect(existsSync(w.folderOf('merged'))).toBe(false);
    let report = await cliOk(w, ['worktree', 'list', '--repo', w.repo]);
    expect(report).toContain('finished deleting branch merged');
    expect(branches(w.repo)).not.toContain('merged');

    const second = gitStep(w, 'branch -D', 'before');
    rmSync(second.mark, { force: true });
    await killCliAt(w, ['worktree', 'remove', 'work', '--force', '--delete-branch', '--repo', w.repo], second.block, second.mark);
    report = await cliOk(w, ['worktree', 'list', '--repo', w.repo]);
    expect(report).toContain('kept branch work');
    expect(git(w.repo, 'rev-parse', 'refs/heads/work')).toBe(tip);
    expect(existsSync(w.folderOf('work'))).toBe(false);
    expect(journalLeft(w.home)).toEqual([]);
  }, 180_000);
});

describe('a retry while the interrupted create may still be running', () => {
  it('answers CREATE_INTERRUPTED naming the process, and touches nothing', async () => {
    const f = await lifecycleFixture();
    const journal = new OperationJournal(f.home);
    const base = git(f.repoPath, 'rev-parse', 'HEAD');
    const worktreePath = path.join(f.worktreeDir, 'login');
    const entry = await journal.begin({ op: 'create', repoPath: f.repoPath, worktreePath, name: 'login', branch: 'login', createdBranch: true, base, target: 'main', createdDirs: [] });
    git(f.repoPath, 'branch', 'login', base);
    // Written by a live process (the test runner's parent stands in for a CLI still at work).
    writeFileSync(path.join(journal.dir, `${entry.id}.json`), JSON.stringify({ ...entry, pid: process.ppid }));

    const refused = await f.worktrees.create({ repoId: f.repoId, name: 'login', bootstrap: false });
    expect(refused).toEqual({ ok: false, error: { kind: 'CREATE_INTERRUPTED', branch: 'login', path: worktreePath, pid: process.ppid, problem: 'it is still running' } });
    expect(branches(f.repoPath)).toContain('login');
    expect(await journal.pending()).toHaveLength(1);
  });
});

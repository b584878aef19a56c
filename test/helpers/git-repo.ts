/**
 * Real git repositories for tests, built the same way on every machine.
 *
 * Integration tests never mock git. These helpers isolate the fixtures from the machine they run
 * on (no system or global config, fixed identity and dates, `main` as the first branch), so
 * commits get the same ids everywhere and a developer's `commit.gpgsign = true` cannot break a run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTempDir } from './temp-dir.ts';

export { makeTempDir, removeTempDir } from './temp-dir.ts';

/** First commit date of every fixture; commit N is N seconds later. */
const BASE_DATE_SECONDS = Date.UTC(2024, 0, 1) / 1000;

/** Variables that would make a test's git talk to some other repository. */
const REPOSITORY_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY'];

/** The environment the helpers run git with (exported for tests that spawn git themselves). */
export function testGitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPOSITORY_ENV) delete env[name];
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    GIT_AUTHOR_DATE: `@${BASE_DATE_SECONDS} +0000`,
    GIT_COMMITTER_DATE: `@${BASE_DATE_SECONDS} +0000`,
    ...extra,
  };
}

/**
 * Run git synchronously in `cwd` and return stdout without its final newline.
 *
 * Throws with git's stderr in the message when git exits non-zero, so a broken fixture fails loudly
 * at the line that built it.
 */
export function git(cwd: string, ...args: string[]): string {
  return runGit(cwd, args, {});
}

function runGit(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  try {
    const stdout = execFileSync('git', args, {
      cwd,
      env: testGitEnv(env),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return stdout.replace(/\n$/, '');
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

/** Options for {@link makeRepo}. */
export interface MakeRepoOptions {
  /** How many commits to make (default 1). 0 leaves an empty repository with an unborn HEAD. */
  commits?: number;
  /** Files (relative path → content) for the first commit; with `commits: 0` they stay untracked. */
  files?: Record<string, string>;
  /** Name of the initial branch (default `main`). */
  branch?: string;
  /** Where to create the repository (created if missing); default a fresh temp dir. */
  path?: string;
}

/**
 * Create a real repository and return its path.
 *
 * Identity and `commit.gpgsign=false` are set in the repository's own config, so git run by the
 * code under test (which does not get the helpers' environment) can commit there too.
 */
export function makeRepo(options: MakeRepoOptions = {}): string {
  const repo = options.path ?? makeTempDir('ao-repo-');
  mkdirSync(repo, { recursive: true });
  git(repo, 'init', '--quiet', `--initial-branch=${options.branch ?? 'main'}`);
  configureIdentity(repo);
  const commits = options.commits ?? 1;
  if (commits === 0) {
    if (options.files) writeFiles(repo, options.files);
    return repo;
  }
  makeCommit(repo, { files: options.files ?? { 'README.md': '# fixture\n' }, message: 'initial commit' });
  for (let i = 2; i <= commits; i++) makeCommit(repo, { message: `commit ${i}` });
  return repo;
}

/** Create a bare repository (`git init --bare`) and return its path. */
export function makeBareRepo(options: { path?: string } = {}): string {
  const repo = options.path ?? path.join(makeTempDir('ao-bare-'), 'repo.git');
  mkdirSync(repo, { recursive: true });
  git(repo, 'init', '--quiet', '--bare', '--initial-branch=main');
  return repo;
}

/**
 * Commit in `cwd` (a repository or a worktree) and return the new commit id.
 *
 * Without `files`, writes `file-<n>.txt` so every commit has a change. The date is the fixture base
 * date plus the number of commits already on HEAD, which keeps ids stable and orders history.
 */
export function makeCommit(cwd: string, options: { files?: Record<string, string>; message?: string } = {}): string {
  const count = Number(tryGit(cwd, ['rev-list', '--count', 'HEAD']) ?? '0');
  const files = options.files ?? { [`file-${count + 1}.txt`]: `content ${count + 1}\n` };
  writeFiles(cwd, files);
  git(cwd, 'add', '--all', '--', ...Object.keys(files));
  const date = `@${BASE_DATE_SECONDS + count} +0000`;
  runGit(cwd, ['commit', '--quiet', '--no-verify', '-m', options.message ?? `commit ${count + 1}`], {
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
  return git(cwd, 'rev-parse', 'HEAD');
}

/**
 * Add a linked worktree at `worktreePath` and return that path.
 *
 * `branch` is checked out there, created from HEAD if it does not exist; `null` makes a detached
 * worktree at HEAD. Put `worktreePath` inside a {@link makeTempDir} folder so it is cleaned up.
 */
export function addWorktree(repo: string, worktreePath: string, branch: string | null): string {
  if (branch === null) {
    git(repo, 'worktree', 'add', '--quiet', '--detach', worktreePath);
  } else if (tryGit(repo, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]) !== null) {
    git(repo, 'worktree', 'add', '--quiet', worktreePath, branch);
  } else {
    git(repo, 'worktree', 'add', '--quiet', '-b', branch, worktreePath);
  }
  return worktreePath;
}

function configureIdentity(repo: string): void {
  git(repo, 'config', 'user.name', 'Test Author');
  git(repo, 'config', 'user.email', 'author@example.com');
  git(repo, 'config', 'commit.gpgsign', 'false');
  git(repo, 'config', 'tag.gpgsign', 'false');
}

function writeFiles(cwd: string, files: Record<string, string>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(cwd, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Like {@link git} but returns null instead of throwing (for probes such as "does HEAD exist"). */
function tryGit(cwd: string, args: readonly string[]): string | null {
  try {
    return runGit(cwd, args, {});
  } catch {
    return null;
  }
}

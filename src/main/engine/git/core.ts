/**
 * The one place the engine starts git.
 *
 * Every git verb (`rev-parse.ts`, `worktree-list.ts`, `status.ts`, …) goes through {@link git} so
 * that all invocations share the same guarantees: an argument array (never a shell string), a
 * stable non-interactive environment, exit codes handed back instead of thrown, and typed errors
 * when git cannot even start. We deliberately do not use simple-git: it hides exit codes, has no
 * NUL-safe output and throws plain `Error`s.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { AppError } from '../../../shared/errors.ts';
import { err, ok, type Result } from '../../../shared/result.ts';

/** How to run one git command. */
export interface GitOptions {
  /** Working directory; git discovers the repository from here. */
  cwd: string;
  /** Written to git's stdin, which is then closed. Without it stdin is closed at once. */
  stdin?: string;
  /**
   * Exit codes that count as success for {@link runGit} (default `[0]`). Some verbs use a
   * non-zero code as an answer (`rev-parse --verify --quiet` exits 1 for "no such ref").
   */
  successExitCodes?: readonly number[];
  /** Extra environment, applied on top of the inherited one and below the fixed settings. */
  env?: NodeJS.ProcessEnv;
  /** Short name of the caller ("worktree-list"), used in trace lines and spawn errors. */
  label?: string;
}

/** What a finished git process produced. */
export interface GitResult {
  /** Exit code; null only when git was killed by a signal. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Git could not be started at all (not installed, or the working directory is gone).
 *
 * This is the only thing {@link git} throws; {@link runGit} turns it into a value.
 */
export class GitSpawnError extends Error {
  constructor(readonly error: AppError) {
    super(error.kind === 'SPAWN_FAILED' ? error.message : error.kind);
    this.name = 'GitSpawnError';
  }
}

/**
 * Variables that point git at a specific repository or index.
 *
 * If the engine itself was started from a git hook or an IDE task, these would redirect every
 * command to the wrong repository, so they are dropped from the inherited environment (a caller
 * can still pass them explicitly in `options.env`).
 */
const REPOSITORY_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
] as const;

/** Longest stderr kept in a GIT_FAILED error; a runaway message should not flood the protocol. */
const MAX_STDERR_IN_ERROR = 8_000;

/** Set `AGENT_ORCHESTRATOR_GIT_TRACE=1` to print every git call with its duration to stderr. */
const TRACE = process.env.AGENT_ORCHESTRATOR_GIT_TRACE === '1';

/** The environment every git call runs with (exported for the streaming graph reader). */
export function gitEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPOSITORY_ENV) delete env[name];
  return {
    ...env,
    ...extra,
    // Never wait for a credential or passphrase prompt nobody can answer.
    GIT_TERMINAL_PROMPT: '0',
    // Stable English messages: callers classify failures by stderr text.
    LC_ALL: 'C',
    // Belt and braces with --no-pager: some configs set core.pager per repository.
    GIT_PAGER: 'cat',
    PAGER: 'cat',
  };
}

/**
 * Run git and collect its output.
 *
 * Resolves for every exit code (the caller decides what a non-zero code means); rejects only with
 * a {@link GitSpawnError} when the process cannot start. Output is decoded once at the end, so
 * multi-byte characters split across chunks stay intact.
 */
export function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const started = TRACE ? performance.now() : 0;
  return new Promise<GitResult>((resolve, reject) => {
    const child = spawn('git', ['--no-pager', ...args], {
      cwd: options.cwd,
      env: gitEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // git may exit before reading all of stdin (EPIPE); the exit code tells the real story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');

    let failed = false;
    child.on('error', (error: NodeJS.ErrnoException) => {
      failed = true;
      spawnError(error, options).then(
        (appError) => reject(new GitSpawnError(appError)),
        reject,
      );
    });
    child.on('close', (code) => {
      if (failed) return;
      if (TRACE) {
        const ms = (performance.now() - started).toFixed(1);
        process.stderr.write(`[git] ${options.label ?? '-'} ${ms}ms exit=${code} git ${args.join(' ')}\n`);
      }
      resolve({
        exitCode: code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

/**
 * Run git and fold every failure into a `Result`.
 *
 * Exit codes outside `successExitCodes` become {@link gitFailed}; a spawn failure becomes its own
 * kind. Verb files use this and handle the expected failures they know about at the call site.
 */
export async function runGit(args: readonly string[], options: GitOptions): Promise<Result<GitResult>> {
  let result: GitResult;
  try {
    result = await git(args, options);
  } catch (error) {
    if (error instanceof GitSpawnError) return err(error.error);
    throw error;
  }
  const success = options.successExitCodes ?? [0];
  if (result.exitCode === null || !success.includes(result.exitCode)) return err(gitFailed(args, result));
  return ok(result);
}

/** The GIT_FAILED error for a finished command, with its stderr trimmed to a sensible size. */
export function gitFailed(args: readonly string[], result: GitResult): AppError {
  const text = result.stderr.trim();
  return {
    kind: 'GIT_FAILED',
    args: [...args],
    exitCode: result.exitCode,
    stderr: text.length > MAX_STDERR_IN_ERROR ? `…${text.slice(-MAX_STDERR_IN_ERROR)}` : text,
  };
}

/**
 * Explain why git did not start.
 *
 * Node reports a missing working directory with the same ENOENT as a missing executable, so the
 * directory is checked before blaming git.
 */
async function spawnError(error: NodeJS.ErrnoException, options: GitOptions): Promise<AppError> {
  if (error.code === 'ENOENT') {
    const cwdExists = await stat(options.cwd).then(
      (s) => s.isDirectory(),
      () => false,
    );
    return cwdExists ? { kind: 'COMMAND_NOT_FOUND', command: 'git' } : { kind: 'PATH_NOT_FOUND', path: options.cwd };
  }
  const label = options.label ? ` (${options.label})` : '';
  return { kind: 'SPAWN_FAILED', command: 'git', message: `${error.code ?? 'error'}${label}: ${error.message}` };
}

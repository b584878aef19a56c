/**
 * The one place the engine starts git.
 *
 * Every git verb (`rev-parse.ts`, `worktree-list.ts`, `status.ts`, …) goes through {@link git} so
 * that all invocations share the same guarantees: an argument array (never a shell string), a
 * stable non-interactive environment, exit codes handed back instead of thrown, typed errors
 * when git cannot even start, a time limit, cancellation through an `AbortSignal`, and an
 * engine-wide cap on how many git processes run at once (a status map over fifty worktrees must
 * not start a hundred processes on a two-core machine that is also running the agents). We
 * deliberately do not use simple-git: it hides exit codes, has no NUL-safe output and throws
 * plain `Error`s.
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { AppError } from '../../../shared/errors.ts';
import { err, ok, type Result } from '../../../shared/result.ts';

/** How to run one git command. */
export interface GitOptions {
  /** Working directory; git discovers the repository from here. */
  cwd: string;
  /** Written to git's stdin, which is then closed. Without it stdin is the null device (end of file at once). */
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
  /**
   * Cancels the call: a queued call never starts, a running git is killed; the result is a
   * CANCELLED error. Pass the request's signal so a client that went away stops its git work.
   */
  signal?: AbortSignal;
  /**
   * Kill git after this many milliseconds of running (time spent queued for a slot does not
   * count); the result is a GIT_TIMEOUT error. Default {@link DEFAULT_GIT_TIMEOUT_MS}; 0 = none.
   */
  timeoutMs?: number;
  /** Sees stderr as it arrives (progress of `push --progress`); it is collected all the same. */
  onStderr?: (chunk: string) => void;
}

/** What a finished git process produced. */
export interface GitResult {
  /** Exit code; null only when git was killed by a signal. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Git could not be started at all (not installed, or the working directory is gone), or was
 * stopped before it finished (GIT_TIMEOUT, CANCELLED).
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

/**
 * Time limit of one git call unless the caller gives its own.
 *
 * Long enough for the slowest legitimate read (a `log` over a huge history on a cold disk, a
 * checkout in `worktree add`), short enough that a git stuck on a lock or a network file system
 * does not hold a slot forever.
 */
export const DEFAULT_GIT_TIMEOUT_MS = 120_000;

/**
 * How many git processes the engine runs at once; more wait in a first-come queue.
 *
 * Each process costs ~3 ms of spawn plus its own work; beyond a few per core they only compete
 * with the agents for CPU. `AGENT_ORCHESTRATOR_GIT_CONCURRENCY` overrides it (benchmarks, tests).
 */
export const MAX_CONCURRENT_GIT = positiveInt(process.env.AGENT_ORCHESTRATOR_GIT_CONCURRENCY) ?? 6;

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
 * a {@link GitSpawnError} when the process cannot start, runs out of time or is cancelled. Output
 * is decoded once at the end, so multi-byte characters split across chunks stay intact. Waits
 * for a free slot first (see {@link MAX_CONCURRENT_GIT}).
 */
export async function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const release = await slots.acquire(options.signal, args);
  try {
    return await spawnGit(args, options);
  } finally {
    release();
  }
}

function spawnGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  const started = TRACE ? performance.now() : 0;
  const timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  return new Promise<GitResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new GitSpawnError(cancelled(options)));
      return;
    }
    const child = spawn('git', ['--no-pager', ...args], {
      cwd: options.cwd,
      env: gitEnv(options.env),
      // Without input, stdin is the null device: git reads end-of-file at once, as from a pipe
      // closed empty, and the spawn sets up one pipe fewer (two-fifths less synchronous spawn
      // time, measured: 4.6 -> 2.7 ms per git on a busy machine; issue 14, CLI start).
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    // Both are pipes (above); the types cannot follow the computed stdin entry.
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      options.onStderr?.(chunk.toString('utf8'));
    });
    if (child.stdin) {
      // git may exit before reading all of stdin (EPIPE); the exit code tells the real story.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin);
    }

    // Why git was stopped, if we stopped it: decides the error once it has exited.
    let stopped: AppError | null = null;
    const stop = (reason: AppError): void => {
      if (stopped) return;
      stopped = reason;
      child.kill();
    };
    const timer = timeoutMs > 0 ? setTimeout(() => stop({ kind: 'GIT_TIMEOUT', args: [...args], timeoutMs }), timeoutMs) : null;
    const onAbort = (): void => stop(cancelled(options));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanUp = (): void => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };

    let failed = false;
    child.on('error', (error: NodeJS.ErrnoException) => {
      failed = true;
      cleanUp();
      spawnError(error, options).then(
        (appError) => reject(new GitSpawnError(appError)),
        reject,
      );
    });
    child.on('close', (code) => {
      if (failed) return;
      cleanUp();
      if (TRACE) {
        const ms = (performance.now() - started).toFixed(1);
        process.stderr.write(`[git] ${options.label ?? '-'} ${ms}ms exit=${code} git ${args.join(' ')}\n`);
      }
      if (stopped) {
        reject(new GitSpawnError(stopped));
        return;
      }
      resolve({
        exitCode: code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

function cancelled(options: GitOptions): AppError {
  return { kind: 'CANCELLED', operation: `git ${options.label ?? 'call'}` };
}

/**
 * A counting semaphore with a FIFO queue; an aborted waiter leaves the queue at once.
 *
 * Git calls never wait for other git calls while holding a slot, so the limit cannot deadlock.
 */
class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  acquire(signal: AbortSignal | undefined, args: readonly string[]): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new GitSpawnError({ kind: 'CANCELLED', operation: `git ${args[0] ?? ''}`.trim() }));
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        resolve(this.releaser());
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(new GitSpawnError({ kind: 'CANCELLED', operation: `git ${args[0] ?? ''}`.trim() }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  /** Calls running and waiting now (for tests and the trace). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.waiting.shift()?.();
    };
  }
}

const slots = new Slots(MAX_CONCURRENT_GIT);

/** How many git calls run and wait right now (tests check the limit with it). */
export function gitLoad(): { running: number; waiting: number } {
  return slots.load;
}

function positiveInt(text: string | undefined): number | null {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * Run git and fold every failure into a `Result`.
 *
 * Exit codes outside `successExitCodes` become {@link gitFailed}; a spawn failure becomes its own
 * kind. Verb files use this and handle the expected failures they know about at the call site.
 */
export async function runGit(args: readonly string[], options: GitOptions): Promise<Result<GitResult>> {
  const success = options.successExitCodes ?? [0];
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    let result: GitResult;
    try {
      result = await git(args, options);
    } catch (error) {
      if (error instanceof GitSpawnError) return err(error.error);
      throw error;
    }
    if (result.exitCode !== null && success.includes(result.exitCode)) return ok(result);
    // Another git (an agent committing, a parallel create) holds the lock: it is released in
    // milliseconds, so wait and try again instead of failing the user's operation.
    if (isRetriableLockFailure(args, result) && Date.now() - started < retryBudgetMs(args)) {
      const delay = Math.min(LOCK_RETRY_MAX_DELAY_MS, 15 * 2 ** attempt) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
      continue;
    }
    return err(gitFailed(args, result));
  }
}

/** How long lock contention is retried before it becomes the caller's GIT_FAILED. */
const LOCK_RETRY_BUDGET_MS = 10_000;
/**
 * A live `git worktree add` leaves `commondir` half-written for microseconds; one that was killed
 * leaves it empty for good, and then every listing would wait the whole lock budget (the caller
 * repairs that file instead: `worktree-list.ts`).
 */
const LISTING_RETRY_BUDGET_MS = 1_500;
const LOCK_RETRY_MAX_DELAY_MS = 500;

function retryBudgetMs(args: readonly string[]): number {
  return args.includes('worktree') && args.includes('list') ? LISTING_RETRY_BUDGET_MS : LOCK_RETRY_BUDGET_MS;
}

/**
 * Commands that failed because another process held `config.lock` (or a ref's lock) did nothing:
 * git takes the lock before it changes anything, so running them again is safe. Likewise a
 * worktree listing that met another process's half-written worktree.
 */
export function isRetriableLockFailure(args: readonly string[], result: GitResult): boolean {
  const verb = args.find((arg) => !arg.startsWith('-'));
  // Listing worktrees while another process is adding one can read its half-written admin
  // folder ("failed to read …/commondir"); a listing changes nothing, so reading again is safe.
  if (verb === 'worktree' && args.includes('list')) return /failed to read .*commondir/.test(result.stderr);
  if (verb !== 'config' && verb !== 'update-ref' && verb !== 'symbolic-ref') return false;
  return /could not lock config file|Unable to create '[^']*\.lock': File exists|cannot lock ref/i.test(result.stderr);
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

/**
 * Read a scope's history with one streaming `git log` and lay it out as it arrives.
 *
 * Runs inside the graph worker (or inline as a fallback). The first rows are posted as soon as a
 * screenful is laid out, then in larger batches, so a client paints before git has finished a
 * large history. Never `git log --graph`: its ASCII costs as much with a commit-graph as without
 * and loses the structure (git-techniques.md §5).
 */
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { AppError } from '../../../shared/errors.ts';
import { gitEnv, gitFailed } from '../git/core.ts';
import type { GraphLayoutMessage, GraphRequest } from './graph-messages.ts';
import { GraphRowBuilder, LOG_FIELDS, LogRecordSplitter, type LaidOutCommit } from './graph-rows.ts';

/** Rows in the first batch: more than a tall window shows, small enough to arrive at once. */
const FIRST_BATCH = 300;
/** Later batches: fewer messages, still small enough to keep the engine responsive. */
const LATER_BATCH = 4_000;

/** The `git log` arguments for a request (exported for tests and the benchmark). */
export function graphLogArgs(request: GraphRequest): string[] {
  return [
    'log',
    request.order === 'topo' ? '--topo-order' : '--date-order',
    '--decorate=full',
    `--max-count=${request.maxCommits}`,
    `--format=${LOG_FIELDS.map((field) => `${field}%x00`).join('')}`,
    // Every rev is a full ref name or a 40-hex commit, never an option; the marker says so to git too.
    '--end-of-options',
    ...request.scope.revs,
    '--',
  ];
}

/**
 * Run one request, posting messages; resolves when git is done, failed, or was stopped through
 * `signal` (then nothing more is posted).
 */
export function readGraph(request: GraphRequest, post: (message: GraphLayoutMessage) => void, signal?: AbortSignal): Promise<void> {
  if (request.scope.revs.length === 0) {
    post({ type: 'done', total: 0, width: 0, truncated: false, gitMs: 0, layoutMs: 0 });
    return Promise.resolve();
  }
  const started = performance.now();
  const args = graphLogArgs(request);
  const builder = new GraphRowBuilder(request.scope);
  const splitter = new LogRecordSplitter();
  const decoder = new StringDecoder('utf8');
  let batch: LaidOutCommit[] = [];
  let total = 0;
  let layoutMs = 0;
  const stderr: Buffer[] = [];

  const flush = (): void => {
    if (batch.length === 0) return;
    post({ type: 'rows', rows: batch, checkpoints: builder.takeCheckpoints(), width: builder.width });
    batch = [];
  };
  const take = (text: string): void => {
    const t0 = performance.now();
    for (const record of splitter.feed(text)) {
      batch.push(builder.push(record));
      total++;
    }
    layoutMs += performance.now() - t0;
    if (batch.length >= (total === batch.length ? FIRST_BATCH : LATER_BATCH)) flush();
  };

  return new Promise<void>((resolve) => {
    const child = spawn('git', ['--no-pager', ...args], {
      cwd: request.scope.cwd,
      env: gitEnv(undefined),
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      ...(signal ? { signal } : {}),
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (!signal?.aborted) take(decoder.write(chunk));
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let spawnFailed = false;
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnFailed = true;
      if (signal?.aborted) {
        resolve();
        return;
      }
      void spawnFailure(error, request.scope.cwd).then((failure) => {
        post({ type: 'failed', error: failure });
        resolve();
      });
    });
    child.on('close', (code) => {
      if (spawnFailed || signal?.aborted) {
        resolve();
        return;
      }
      const gitMs = performance.now() - started;
      take(decoder.end());
      if (code !== 0) {
        post({ type: 'failed', error: gitFailed(args, { exitCode: code, stdout: '', stderr: Buffer.concat(stderr).toString('utf8') }) });
      } else {
        flush();
        post({ type: 'done', total, width: builder.width, truncated: total >= request.maxCommits, gitMs, layoutMs });
      }
      resolve();
    });
  });
}

/** Why git did not start: its folder is gone, or git is not installed. */
async function spawnFailure(error: NodeJS.ErrnoException, cwd: string): Promise<AppError> {
  if (error.code !== 'ENOENT') return { kind: 'SPAWN_FAILED', command: 'git', message: error.message };
  const folder = await stat(cwd).then(
    (s) => s.isDirectory(),
    () => false,
  );
  return folder ? { kind: 'COMMAND_NOT_FOUND', command: 'git' } : { kind: 'PATH_NOT_FOUND', path: cwd };
}

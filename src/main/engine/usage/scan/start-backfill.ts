/**
 * Start a backfill in a worker thread (engine side), with an inline fallback.
 *
 * From source (tsx, tests) the worker registers tsx, then runs `usage-worker.ts`; a bundled build
 * ships `usage-worker.mjs` beside the bundle. Without either, the backfill runs inline: still
 * streamed and async, just on the engine's thread, and the scan state says so.
 */
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runBackfill, type BackfillProgress } from './backfill.ts';
import type { BackfillRequest, WorkerMessage } from './worker-messages.ts';
import type { IndexSnapshot } from './usage-index.ts';

/** Outcome of a backfill. */
export interface BackfillOutcome {
  readonly snapshot: IndexSnapshot;
  readonly elapsedMs: number;
  readonly resumed: boolean;
  readonly inWorker: boolean;
}

/** A running backfill that can be cancelled. */
export interface RunningBackfill {
  readonly done: Promise<BackfillOutcome>;
  cancel(): Promise<void>;
}

async function exists(url: URL): Promise<boolean> {
  try {
    await access(url);
    return true;
  } catch {
    return false;
  }
}

/** How to start the worker: a script URL, or bootstrap code that registers tsx first. */
type WorkerEntry = { readonly kind: 'url'; readonly url: URL } | { readonly kind: 'eval'; readonly code: string };

/** The worker entry to run, or null when none ships with this build. */
async function workerEntry(): Promise<WorkerEntry | null> {
  const bundled = new URL('./usage-worker.mjs', import.meta.url);
  if (await exists(bundled)) return { kind: 'url', url: bundled };
  const source = new URL('./usage-worker.ts', import.meta.url);
  if (!(await exists(source))) return null;
  // Running from TypeScript sources: loader hooks of the main thread (`--import tsx`, vitest) do
  // not reach a worker on Node 20, so a tiny bootstrap registers tsx's ESM hooks inside it first.
  let api: string;
  try {
    api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  } catch {
    return null;
  }
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`;
  return { kind: 'eval', code };
}

/** Start a backfill; `inline: true` forces the in-thread path (the CLI, which has nothing else to do). */
export async function startBackfill(
  request: BackfillRequest,
  options: { onProgress?: BackfillProgress; inline?: boolean } = {},
): Promise<RunningBackfill> {
  const entry = options.inline ? null : await workerEntry();
  if (!entry) {
    const done = runBackfill(request, options.onProgress).then((r) => ({ ...r, inWorker: false }));
    return { done, cancel: async () => undefined };
  }
  const worker = entry.kind === 'url' ? new Worker(entry.url) : new Worker(entry.code, { eval: true });
  const done = new Promise<BackfillOutcome>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.filesDone, message.filesTotal);
      else if (message.type === 'done') {
        // The worker's event loop empties after this message: it exits by itself.
        resolve({ snapshot: message.snapshot, elapsedMs: message.elapsedMs, resumed: message.resumed, inWorker: true });
      } else {
        reject(new Error(message.message));
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`usage worker exited with code ${code}`)));
  });
  worker.postMessage(request);
  return {
    done,
    cancel: async () => {
      await worker.terminate();
    },
  };
}

/**
 * Start a backfill in a worker thread (engine side), with an inline fallback.
 *
 * From source (tsx, tests) the worker registers tsx, then runs `usage-worker.ts`; a bundled build
 * ships `usage-worker.mjs` beside the bundle (threads/worker-entry.ts). Without either, the
 * backfill runs inline: still streamed and async, just on the engine's thread, and the scan state
 * says so.
 */
import { spawnWorker, workerEntry } from '../../threads/index.ts';
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

/** Start a backfill; `inline: true` forces the in-thread path (the CLI, which has nothing else to do). */
export async function startBackfill(
  request: BackfillRequest,
  options: { onProgress?: BackfillProgress; inline?: boolean } = {},
): Promise<RunningBackfill> {
  const entry = options.inline
    ? null
    : workerEntry(new URL('./usage-worker.mjs', import.meta.url), new URL('./usage-worker.ts', import.meta.url));
  if (!entry) {
    const done = runBackfill(request, options.onProgress).then((r) => ({ ...r, inWorker: false }));
    return { done, cancel: async () => undefined };
  }
  const worker = spawnWorker(entry);
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

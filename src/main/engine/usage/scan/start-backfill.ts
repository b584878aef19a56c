/**
 * Start a backfill (engine side): the sources split over worker threads, with an inline fallback.
 *
 * Sources never share state (snapshot-parts.ts), so each share of them is scanned by its own
 * worker, in parallel, and the snapshots are merged when all are done: on two cores, Codex and
 * Claude logs are read at the same time. From source (tsx, tests) each worker registers tsx, then
 * runs `usage-worker.ts`; a bundled build ships `usage-worker.mjs` beside the bundle
 * (threads/worker-entry.ts). Without either, the backfill runs inline: still streamed and async,
 * just on the engine's thread, and the scan state says so.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { spawnWorker, workerEntry, type WorkerEntry } from '../../threads/index.ts';
import type { UsageSource } from '../types.ts';
import { runBackfill, type BackfillProgress } from './backfill.ts';
import { mergeSnapshots } from './snapshot-parts.ts';
import type { IndexSnapshot } from './usage-index.ts';
import type { BackfillRequest, WorkerMessage } from './worker-messages.ts';

/** Outcome of a backfill. */
export interface BackfillOutcome {
  readonly snapshot: IndexSnapshot;
  readonly elapsedMs: number;
  readonly resumed: boolean;
  readonly inWorker: boolean;
  /** Worker threads used (0 inline). */
  readonly workers: number;
  /** Settles once every share's index parts are saved (never rejects). */
  readonly saved: Promise<void>;
}

/** A running backfill that can be cancelled. */
export interface RunningBackfill {
  readonly done: Promise<BackfillOutcome>;
  cancel(): Promise<void>;
}

/** More threads than this gain nothing: the logs of one source are read by one thread anyway. */
const MAX_WORKERS = 4;

/**
 * Backfill threads for a machine with `cores`: one core stays for the engine's event loop and the
 * app (terminals echo keystrokes there). On 2 cores that is one worker: two measured no faster
 * than one there and took the engine's peak from under 200 MB to 213 MB (bench/usage-scan).
 */
export function defaultWorkers(cores: number): number {
  return Math.min(MAX_WORKERS, Math.max(1, cores - 1));
}

/** Split sources into `n` shares, alternating providers so each share mixes them. */
export function shareSources(sources: readonly UsageSource[], n: number): UsageSource[][] {
  const shares: UsageSource[][] = Array.from({ length: Math.max(1, Math.min(n, sources.length)) }, () => []);
  const ordered = [...sources].sort((a, b) => a.provider.localeCompare(b.provider));
  // Round robin over a provider-sorted list puts one provider's accounts on different threads.
  ordered.forEach((source, i) => shares[i % shares.length]!.push(source));
  return shares;
}

/**
 * Start a backfill; `inline: true` forces the in-thread path (the CLI, which has nothing else to
 * do). `workers` caps the threads (default {@link defaultWorkers}).
 */
export async function startBackfill(
  request: BackfillRequest,
  options: { onProgress?: BackfillProgress; inline?: boolean; workers?: number } = {},
): Promise<RunningBackfill> {
  const entry = options.inline
    ? null
    : workerEntry(new URL('./usage-worker.mjs', import.meta.url), new URL('./usage-worker.ts', import.meta.url));
  if (!entry) {
    const done = runBackfill(request, options.onProgress).then((r) => ({
      snapshot: r.snapshot,
      elapsedMs: r.elapsedMs,
      resumed: r.resumed,
      inWorker: false,
      workers: 0,
      saved: r.save().catch(() => undefined),
    }));
    return { done, cancel: async () => undefined };
  }
  const count = options.workers ?? defaultWorkers(os.availableParallelism());
  const shares = shareSources(request.sources, count);
  const started = performance.now();
  const progress = shares.map(() => ({ done: 0, total: 0 }));
  const report = (): void => {
    options.onProgress?.(
      progress.reduce((a, p) => a + p.done, 0),
      progress.reduce((a, p) => a + p.total, 0),
    );
  };
  const runs = shares.map((sources, i) =>
    runShare(entry, { ...request, sources }, (done, total) => {
      progress[i] = { done, total };
      report();
    }),
  );
  const done = Promise.all(runs.map((r) => r.done)).then((results) => ({
    snapshot: mergeSnapshots(
      results.map((r) => r.snapshot),
      request.timeZone,
    ),
    elapsedMs: performance.now() - started,
    resumed: results.some((r) => r.resumed),
    inWorker: true,
    workers: runs.length,
    saved: Promise.all(runs.map((r) => r.saved)).then(() => undefined),
  }));
  // One share failing fails the backfill: stop the others rather than leave them running.
  done.catch(() => Promise.all(runs.map((r) => r.worker.terminate())).catch(() => undefined));
  return {
    done,
    cancel: async () => {
      await Promise.all(runs.map((r) => r.worker.terminate()));
    },
  };
}

interface ShareRun {
  readonly worker: Worker;
  readonly done: Promise<{ snapshot: IndexSnapshot; resumed: boolean }>;
  readonly saved: Promise<void>;
}

/**
 * The backfill workers' young generation (V8 `maxYoungGenerationSizeMb`: 12 gives two 4 MB
 * semi-spaces). Parsed rows die young, so a bigger one only holds more garbage: uncapped it grows
 * to 32 MB per worker for the same CPU (bench/usage-scan; 2 MB semi-spaces measured the same CPU).
 */
const BACKFILL_YOUNG_GENERATION_MB = 12;

function runShare(entry: WorkerEntry, request: BackfillRequest, onProgress: BackfillProgress): ShareRun {
  const worker = spawnWorker(entry, { resourceLimits: { maxYoungGenerationSizeMb: BACKFILL_YOUNG_GENERATION_MB } });
  let markSaved!: () => void;
  const saved = new Promise<void>((resolve) => (markSaved = resolve));
  const done = new Promise<{ snapshot: IndexSnapshot; resumed: boolean }>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') onProgress(message.filesDone, message.filesTotal);
      else if (message.type === 'done') resolve({ snapshot: message.snapshot, resumed: message.resumed });
      else if (message.type === 'saved') markSaved(); // the worker's event loop then empties: it exits by itself
      else reject(new Error(message.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      markSaved();
      reject(new Error(`usage worker exited with code ${code}`));
    });
  });
  done.catch(() => undefined); // reported through the combined promise
  worker.postMessage(request);
  return { worker, done, saved };
}

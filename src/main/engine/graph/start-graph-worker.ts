/**
 * The engine's side of the graph worker: one long-lived worker thread, started on the first
 * layout and shared by all of them, stopped when idle for a while or on dispose.
 *
 * From source (tsx, tests) the worker first registers tsx, then loads `graph-worker.ts` (seconds
 * on a slow machine, which is why it is kept, not started per layout); a bundled build ships
 * `graph-worker.mjs` beside the bundle (scripts/build.mjs). Without either, or with
 * `inline: true`, layouts run on the engine's thread: still streamed, just not isolated.
 */
import type { Worker } from 'node:worker_threads';
import { spawnWorker, workerEntry } from '../threads/worker-entry.ts';
import type { GraphLayoutMessage, GraphRequest, GraphWorkerMessage, GraphWorkerRequest } from './graph-messages.ts';
import { readGraph } from './graph-read.ts';

/** A layout in progress that can be stopped. */
export interface RunningGraph {
  readonly inWorker: boolean;
  stop(): void;
}

/** An idle worker is stopped after this long (a new layout starts it again). */
const DEFAULT_IDLE_MS = 120_000;

export class GraphWorkerHost {
  private worker: Promise<Worker | null> | null = null;
  private readonly handlers = new Map<number, (message: GraphLayoutMessage) => void>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(private readonly options: { readonly inline?: boolean; readonly idleMs?: number } = {}) {}

  /** Start a layout; its messages go to `onMessage` on the engine's thread until done or failed. */
  async run(request: GraphRequest, onMessage: (message: GraphLayoutMessage) => void): Promise<RunningGraph> {
    const worker = this.options.inline || this.disposed ? null : await this.ensureWorker();
    if (!worker) return runInline(request, onMessage);
    this.clearIdle();
    const id = this.nextId++;
    this.handlers.set(id, (message) => {
      if (message.type !== 'rows') this.finish(id);
      onMessage(message);
    });
    worker.postMessage({ type: 'layout', id, ...request } satisfies GraphWorkerRequest);
    return {
      inWorker: true,
      stop: () => {
        if (!this.handlers.has(id)) return;
        this.finish(id);
        worker.postMessage({ type: 'cancel', id } satisfies GraphWorkerRequest);
      },
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearIdle();
    this.handlers.clear();
    const worker = await this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private finish(id: number): void {
    this.handlers.delete(id);
    if (this.handlers.size === 0) this.scheduleIdle();
  }

  private ensureWorker(): Promise<Worker | null> {
    if (this.worker) return this.worker;
    const started: Promise<Worker | null> = Promise.resolve().then(() => {
      const entry = workerEntry(new URL('./graph-worker.mjs', import.meta.url), new URL('./graph-worker.ts', import.meta.url));
      if (!entry || this.disposed) return null;
      const worker = spawnWorker(entry);
      // An idle worker must not keep a one-shot CLI process alive.
      worker.unref();
      worker.on('message', (message: GraphWorkerMessage) => this.handlers.get(message.id)?.(message));
      const fail = (text: string): void => {
        // A worker stopped for idling (or replaced) has no layouts left to fail.
        if (this.worker !== started) return;
        this.worker = null;
        const handlers = [...this.handlers.values()];
        this.handlers.clear();
        for (const handler of handlers) handler({ type: 'failed', error: { kind: 'INTERNAL', message: text } });
      };
      worker.on('error', (error) => fail(`graph worker: ${error.message}`));
      worker.on('exit', (code) => fail(`graph worker exited with code ${code}`));
      return worker;
    });
    this.worker = started;
    return started;
  }

  private scheduleIdle(): void {
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      const worker = this.worker;
      this.worker = null;
      void worker?.then((w) => w?.terminate());
    }, this.options.idleMs ?? DEFAULT_IDLE_MS);
    this.idleTimer.unref();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

function runInline(request: GraphRequest, onMessage: (message: GraphLayoutMessage) => void): RunningGraph {
  const controller = new AbortController();
  void readGraph(request, onMessage, controller.signal);
  return { inWorker: false, stop: () => controller.abort() };
}

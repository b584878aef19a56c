/**
 * Run a graph request in a worker thread (engine side), with an inline fallback.
 *
 * From source (tsx, tests) the worker first registers tsx, then loads `graph-worker.ts`; a bundled
 * build ships `graph-worker.mjs` beside the bundle (scripts/build.mjs). Without either, the request
 * runs on the engine's thread: still streamed, just not isolated.
 */
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { GraphRequest, GraphWorkerMessage } from './graph-messages.ts';
import { readGraph } from './graph-read.ts';

/** A running layout that can be stopped. */
export interface RunningGraph {
  readonly inWorker: boolean;
  /** Resolves once the last message was delivered (or the run was stopped). */
  readonly finished: Promise<void>;
  stop(): Promise<void>;
}

async function exists(url: URL): Promise<boolean> {
  try {
    await access(url);
    return true;
  } catch {
    return false;
  }
}

type WorkerEntry = { readonly kind: 'url'; readonly url: URL } | { readonly kind: 'eval'; readonly code: string };

let entryCache: Promise<WorkerEntry | null> | undefined;

/** The worker entry of this build, looked up once. */
function workerEntry(): Promise<WorkerEntry | null> {
  entryCache ??= (async () => {
    const bundled = new URL('./graph-worker.mjs', import.meta.url);
    if (await exists(bundled)) return { kind: 'url', url: bundled };
    const source = new URL('./graph-worker.ts', import.meta.url);
    if (!(await exists(source))) return null;
    // Loader hooks of the main thread (`--import tsx`, vitest) do not reach a worker on Node 20.
    let api: string;
    try {
      api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
    } catch {
      return null;
    }
    const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`;
    return { kind: 'eval', code };
  })();
  return entryCache;
}

/** Start a layout; every message goes to `onMessage` (on the engine's thread). */
export async function startGraphWorker(
  request: GraphRequest,
  onMessage: (message: GraphWorkerMessage) => void,
  options: { inline?: boolean } = {},
): Promise<RunningGraph> {
  const entry = options.inline ? null : await workerEntry();
  if (!entry) {
    let stopped = false;
    const finished = readGraph(request, (message) => {
      if (!stopped) onMessage(message);
    });
    return {
      inWorker: false,
      finished,
      stop: async () => {
        stopped = true;
      },
    };
  }
  const worker = entry.kind === 'url' ? new Worker(entry.url) : new Worker(entry.code, { eval: true });
  let ended = false;
  const finished = new Promise<void>((resolve) => {
    worker.on('message', (message: GraphWorkerMessage) => {
      if (ended) return;
      onMessage(message);
      if (message.type !== 'rows') ended = true;
    });
    worker.on('error', (error) => {
      if (!ended) onMessage({ type: 'failed', error: { kind: 'INTERNAL', message: `graph worker: ${error.message}` } });
      ended = true;
    });
    worker.on('exit', (code) => {
      if (!ended) onMessage({ type: 'failed', error: { kind: 'INTERNAL', message: `graph worker exited with code ${code}` } });
      ended = true;
      resolve();
    });
  });
  worker.postMessage(request);
  return {
    inWorker: true,
    finished,
    stop: async () => {
      ended = true;
      await worker.terminate();
    },
  };
}

/**
 * Loaded with `--import` into the engine under test (BENCH_ENGINE_PROBE=1, engine-only.ts): every
 * 2 s, each thread it runs in appends one JSON line of its own memory to AO_BENCH_PROBE_OUT —
 * V8 heap (total, used, per space), external memory, ArrayBuffers, malloc'ed — so the engine's
 * RSS can be split between the main thread, the mirror thread and other workers.
 */
import { appendFileSync } from 'node:fs';
import module from 'node:module';
import v8 from 'node:v8';
import workerThreads, { isMainThread, threadId } from 'node:worker_threads';

const out = process.env.AO_BENCH_PROBE_OUT;
if (out && isMainThread) {
  // NODE_OPTIONS' --import does not reach worker threads (Node 20): start each worker through a
  // bootstrap that imports this probe first, then the worker's own code.
  const Worker = workerThreads.Worker;
  const self = JSON.stringify(import.meta.url);
  workerThreads.Worker = class extends Worker {
    constructor(filename, options = {}) {
      const name = JSON.stringify(options.eval ? /[\w-]+-worker\.ts/.exec(filename)?.[0] ?? 'eval' : String(filename).split('/').pop());
      const run = options.eval ? `{ ${filename} }` : `import(${JSON.stringify(String(filename))})`;
      super(`globalThis.__aoProbeThread = ${name}; import(${self}).then(() => ${run});`, { ...options, eval: true });
    }
  };
  module.syncBuiltinESMExports();
}
if (out) {
  const started = Date.now();
  const name = isMainThread ? 'main' : (globalThis.__aoProbeThread ?? `worker ${threadId}`);
  setInterval(() => {
    const memory = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
    const row = {
      t: Date.now() - started,
      threadId,
      name,
      rss: memory.rss,
      heapTotal: heap.total_heap_size,
      heapUsed: heap.used_heap_size,
      external: heap.external_memory,
      arrayBuffers: memory.arrayBuffers,
      malloced: heap.malloced_memory,
      spaces,
    };
    appendFileSync(out, `${JSON.stringify(row)}\n`);
  }, 2000).unref();
}

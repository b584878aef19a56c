/**
 * How the engine starts its worker threads, from a bundle or from the TypeScript sources.
 *
 * A bundled build (scripts/build.mjs) ships each worker as `<name>.mjs` beside the engine's
 * chunks; from source (tsx, vitest) the worker registers tsx first, then imports its `.ts` file,
 * because the main thread's loader hooks (`--import tsx`, vitest) do not reach a worker on
 * Node 20. Without either, callers run the work in-thread.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** A script URL, or bootstrap code that registers tsx first. */
export type WorkerEntry = { readonly kind: 'url'; readonly url: URL } | { readonly kind: 'eval'; readonly code: string };

/**
 * The entry to run, or null when none ships with this build.
 *
 * @param bundled the worker's `.mjs` beside the calling chunk (`new URL('./x.mjs', import.meta.url)`)
 * @param source the worker's `.ts` source, beside the calling module
 */
export function workerEntry(bundled: URL, source: URL): WorkerEntry | null {
  if (existsSync(fileURLToPath(bundled))) return { kind: 'url', url: bundled };
  if (!existsSync(fileURLToPath(source))) return null;
  let api: string;
  try {
    api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs');
  } catch {
    return null;
  }
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`;
  return { kind: 'eval', code };
}

/**
 * Start a worker. `resourceLimits` sizes its V8 heap: a worker's young generation otherwise grows
 * to 32 MB (two 16 MB semi-spaces) like the main thread's, in every thread that allocates briskly.
 */
export function spawnWorker(entry: WorkerEntry, options: { resourceLimits?: ResourceLimits } = {}): Worker {
  const limits = options.resourceLimits ? { resourceLimits: options.resourceLimits } : {};
  return entry.kind === 'url' ? new Worker(entry.url, limits) : new Worker(entry.code, { eval: true, ...limits });
}

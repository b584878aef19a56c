/**
 * The mirror thread's entry (a worker thread; bundled as dist/cli/mirror-worker.mjs).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { hostMirrors, type HostPort } from './mirror-host.ts';

/**
 * V8's full collection, reached without `--expose-gc` on the process (its children would inherit
 * it): the flag is set at run time and `gc` taken from a fresh context, which is the only one
 * that sees it. Null if this V8 refuses.
 */
function fullCollection(): (() => void) | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

if (parentPort) {
  const collect = fullCollection();
  hostMirrors(parentPort as unknown as HostPort, collect ? { collect } : {});
}

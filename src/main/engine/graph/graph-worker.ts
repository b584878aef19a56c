/**
 * Worker-thread entry of the branch graph: runs `git log` and the lane layout off the engine's
 * event loop, posting rows back in batches (see graph-read.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { GraphRequest, GraphWorkerMessage } from './graph-messages.ts';
import { readGraph } from './graph-read.ts';

const port = parentPort;
if (port) {
  port.once('message', (request: GraphRequest) => {
    const post = (message: GraphWorkerMessage): void => port.postMessage(message);
    readGraph(request, post).then(
      () => port.close(),
      (error: unknown) => post({ type: 'failed', error: { kind: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } }),
    );
  });
}

/**
 * Worker-thread entry of the branch graph: runs `git log` and the lane layout off the engine's
 * event loop, posting rows back in batches (see graph-read.ts). One worker serves every layout
 * of an engine; each request runs until done, failed or cancelled.
 */
import { parentPort } from 'node:worker_threads';
import type { GraphWorkerMessage, GraphWorkerRequest } from './graph-messages.ts';
import { readGraph } from './graph-read.ts';

const port = parentPort;
if (port) {
  const running = new Map<number, AbortController>();
  port.on('message', (request: GraphWorkerRequest) => {
    if (request.type === 'cancel') {
      running.get(request.id)?.abort();
      running.delete(request.id);
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    const post = (message: GraphWorkerMessage): void => port.postMessage(message);
    readGraph(request, (message) => post({ ...message, id: request.id }), controller.signal).then(
      () => running.delete(request.id),
      (error: unknown) => {
        running.delete(request.id);
        post({ type: 'failed', id: request.id, error: { kind: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } });
      },
    );
  });
}

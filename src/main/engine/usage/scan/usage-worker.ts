/**
 * Worker-thread entry of the usage backfill.
 *
 * Reading months of agent logs (gigabytes for heavy users) parses hundreds of thousands of JSON
 * rows; doing that on the engine's thread would stall every terminal and client. Each worker
 * takes a share of the log sources: it loads their saved index parts, reads only what is new
 * since, hands the snapshot back, then saves the parts.
 */
import { parentPort } from 'node:worker_threads';
import type { BackfillRequest, WorkerMessage } from './worker-messages.ts';
import { runBackfill } from './backfill.ts';

const port = parentPort;
if (port) {
  port.once('message', (request: BackfillRequest) => {
    const post = (message: WorkerMessage): void => port.postMessage(message);
    runBackfill(request, (filesDone, filesTotal) => post({ type: 'progress', filesDone, filesTotal })).then(
      async ({ snapshot, elapsedMs, resumed, save }) => {
        post({ type: 'done', snapshot, elapsedMs, resumed });
        await save().catch(() => undefined);
        post({ type: 'saved' });
      },
      (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}

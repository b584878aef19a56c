/**
 * The transport's log: one line per rejected frame or connection, never a stack trace. A hostile
 * or broken client must not be able to fill the log with stacks (or crash the engine with them).
 */

/** Lines per second before further ones are summarized, so a flood costs a few lines. */
const MAX_LINES_PER_SECOND = 20;

let windowStart = 0;
let linesInWindow = 0;
let suppressed = 0;

export type TransportLogSink = (line: string) => void;

let sink: TransportLogSink = (line) => process.stderr.write(`${line}\n`);

/** Tests capture the lines (and the default goes back with `setTransportLogSink(null)`). */
export function setTransportLogSink(next: TransportLogSink | null): void {
  sink = next ?? ((line) => process.stderr.write(`${line}\n`));
}

/** Log that the engine rejected something a client sent (`where`: "/rpc", "/data", "http"). */
export function logRejected(where: string, reason: string): void {
  const now = Date.now();
  if (now - windowStart >= 1000) {
    if (suppressed > 0) sink(`agent-orchestrator: ${suppressed} more rejected frames in the last second`);
    windowStart = now;
    linesInWindow = 0;
    suppressed = 0;
  }
  if (linesInWindow >= MAX_LINES_PER_SECOND) {
    suppressed++;
    return;
  }
  linesInWindow++;
  sink(`agent-orchestrator: rejected ${where}: ${reason.replace(/\s+/g, ' ').slice(0, 200)}`);
}

/**
 * How much typed or pasted input a program has not read yet, and the bound past which more is
 * refused (terminal-session.ts, `write`).
 */
import type { IPty } from 'node-pty';

/**
 * Input the program has not read yet, beyond which more is refused. A program that never reads
 * its input (stopped, or busy) would otherwise let a paste or a runaway client queue without
 * bound in node-pty, which also retries the blocked write on every turn of the event loop.
 * A pasted file of a few MB still fits.
 */
export const MAX_PENDING_INPUT_BYTES = 8 * 1024 * 1024;

/**
 * Bytes queued in node-pty's write stream (Unix: `_writeStream._writeQueue` of
 * `{ buffer, offset }`; node-pty exposes no public count). 0 where that shape is absent (Windows'
 * ConPTY writes synchronously; a later node-pty) — the cap then rests on the protocol's limits,
 * and `test/reliability` notices when node-pty changes shape.
 */
export function pendingInputBytes(pty: IPty): number {
  const queue = (pty as unknown as { _writeStream?: { _writeQueue?: unknown } })._writeStream?._writeQueue;
  if (!Array.isArray(queue)) return 0;
  let total = 0;
  for (const task of queue as Array<{ buffer?: { byteLength?: number }; offset?: number }>) {
    total += (task.buffer?.byteLength ?? 0) - (task.offset ?? 0);
  }
  return total;
}

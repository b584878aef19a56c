/**
 * Attaching to a session whose process is gone: its frozen last screen, then its exit code.
 */
import type { TerminalAttachment, TerminalConsumer } from './terminal-hub.ts';

/** An attachment to a finished session: its last screen, then its exit code, then nothing. */
export function replayFinished(snapshot: string, exitCode: number, consumer: TerminalConsumer): TerminalAttachment {
  let detached = false;
  // Asynchronous like a live attach, so callers see the same order of events either way.
  setImmediate(() => {
    if (detached) return;
    try {
      consumer.sendSnapshot(snapshot);
      consumer.sendExit(exitCode);
    } catch {
      // The consumer went away; there is nothing more to send anyway.
    }
  });
  return {
    ack: () => undefined,
    detach: () => {
      detached = true;
    },
  };
}

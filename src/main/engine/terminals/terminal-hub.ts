/**
 * What the transport's data path needs from the terminal service.
 *
 * The transport knows frames and sockets; the engine knows PTYs. This interface is the seam.
 */
import type { Result } from '../../../shared/result.ts';

/** One client's view of a session's output. */
export interface TerminalConsumer {
  /** Serialized screen + scrollback, sent once right after attaching. */
  sendSnapshot(data: string): void;
  /**
   * Batched output. Every byte counts as unacknowledged until `ack`. `frame`, when given, is the
   * same bytes preceded by the session's DATA frame header in one buffer (see `frameHeader`):
   * the wire frame, ready to send as is.
   */
  sendData(chunk: Uint8Array, frame?: Uint8Array): void;
  /** Sent after the last output of the process has been delivered. */
  sendExit(exitCode: number): void;
}

export interface TerminalAttachment {
  /** The consumer processed `bytes` more bytes (drives resume below the low watermark). */
  ack(bytes: number): void;
  /** Stop sending; forget this consumer's unacknowledged bytes. */
  detach(): void;
}

export interface TerminalHub {
  attach(sessionId: string, consumer: TerminalConsumer): Result<TerminalAttachment>;
  input(sessionId: string, data: Uint8Array | string): Result<null>;
}

/**
 * Client side of the terminal data path.
 *
 * One WebSocket to `DATA_PATH` carries every attached session. The client acknowledges bytes
 * only after its consumer says they were processed (xterm's write callback in the renderer),
 * in chunks of {@link ACK_CHUNK_BYTES}, which is what lets the engine pause a flooding PTY.
 */
import type { AppError } from '../errors.ts';
import type { WebSocketLike } from './client.ts';
import { MAX_INPUT_FRAME_BYTES } from './limits.ts';
import {
  decodeFrame,
  decodeI32,
  decodeText,
  encodeFrame,
  encodeText,
  encodeU32,
  FrameType,
} from './data-frames.ts';
import { ACK_CHUNK_BYTES } from './flow-control.ts';

/** What a consumer of one session's stream implements. */
export interface SessionSink {
  /** The screen and scrollback at attach time; reset the terminal, then write it. */
  onSnapshot(data: string): void;
  /**
   * Output bytes. Call `processed()` once they were consumed (e.g. from xterm's write callback);
   * until then they count against the engine's high watermark.
   */
  onData(data: Uint8Array, processed: () => void): void;
  onExit(exitCode: number): void;
  onError?(error: AppError): void;
}

export class TerminalDataClient {
  private readonly sinks = new Map<string, SessionSink>();
  private readonly pendingAck = new Map<string, number>();
  private readonly queue: Uint8Array[] = [];
  private open = false;

  constructor(private readonly socket: WebSocketLike) {
    socket.binaryType = 'arraybuffer';
    socket.addEventListener('open', () => {
      this.open = true;
      for (const frame of this.queue.splice(0)) socket.send(frame);
    });
    socket.addEventListener('message', (event: { data: unknown }) => this.onMessage(event.data));
    if (socket.readyState === 1) this.open = true;
  }

  /** Start streaming a session into `sink`; replaces an earlier sink for the same session. */
  attach(sessionId: string, sink: SessionSink): void {
    this.sinks.set(sessionId, sink);
    this.pendingAck.set(sessionId, 0);
    this.send(encodeFrame(FrameType.ATTACH, sessionId));
  }

  detach(sessionId: string): void {
    if (!this.sinks.delete(sessionId)) return;
    this.pendingAck.delete(sessionId);
    this.send(encodeFrame(FrameType.DETACH, sessionId));
  }

  /**
   * Send keystrokes or pasted text, in frames of at most MAX_INPUT_FRAME_BYTES (the engine refuses
   * messages over MAX_DATA_MESSAGE_BYTES; a 20 MB paste arrives whole, in order).
   */
  input(sessionId: string, data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? encodeText(data) : data;
    let start = 0;
    do {
      this.send(encodeFrame(FrameType.INPUT, sessionId, bytes.subarray(start, start + MAX_INPUT_FRAME_BYTES)));
      start += MAX_INPUT_FRAME_BYTES;
    } while (start < bytes.length);
  }

  close(): void {
    this.sinks.clear();
    this.socket.close();
  }

  private send(frame: Uint8Array): void {
    if (this.open && this.socket.readyState === 1) this.socket.send(frame);
    else this.queue.push(frame);
  }

  private onMessage(raw: unknown): void {
    const bytes =
      raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw instanceof Uint8Array ? raw : null;
    if (!bytes) return;
    const frame = decodeFrame(bytes);
    if (!frame) return;
    const sink = this.sinks.get(frame.sessionId);
    if (!sink) return;
    switch (frame.type) {
      case FrameType.SNAPSHOT:
        sink.onSnapshot(decodeText(frame.payload));
        break;
      case FrameType.DATA: {
        const length = frame.payload.length;
        sink.onData(frame.payload, () => this.processed(frame.sessionId, length));
        break;
      }
      case FrameType.EXIT:
        sink.onExit(decodeI32(frame.payload) ?? -1);
        break;
      case FrameType.ERROR:
        try {
          sink.onError?.(JSON.parse(decodeText(frame.payload)) as AppError);
        } catch {
          /* a malformed error frame is dropped */
        }
        break;
      default:
        break;
    }
  }

  private processed(sessionId: string, bytes: number): void {
    if (!this.sinks.has(sessionId)) return;
    const pending = (this.pendingAck.get(sessionId) ?? 0) + bytes;
    if (pending >= ACK_CHUNK_BYTES) {
      this.pendingAck.set(sessionId, 0);
      this.send(encodeFrame(FrameType.ACK, sessionId, encodeU32(pending)));
    } else {
      this.pendingAck.set(sessionId, pending);
    }
  }
}

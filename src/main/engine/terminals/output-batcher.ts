/**
 * Batches PTY output into frames: a few milliseconds or up to a size cap, whichever comes first.
 *
 * node-pty delivers output in many small reads; sending each as its own WebSocket message costs
 * far more (framing, syscalls, client wake-ups, xterm write calls) than the bytes themselves.
 * Frames are cut only where `safeCutIndex` allows, so no frame ends inside a UTF-8 character or
 * an escape sequence; the unfinished tail waits for the next read.
 */
import { BATCH_FLUSH_MS, BATCH_MAX_BYTES } from '../../../shared/protocol/flow-control.ts';
import { safeCutIndex } from './byte-boundaries.ts';

/** Where frames go, and the batching limits (defaults from flow-control.ts). */
export interface OutputBatcherOptions {
  /**
   * Receives each frame's payload, and the same bytes preceded by `header` in one buffer (the
   * whole wire frame, ready to send without a copy). Both stay valid and unchanged after the
   * call; the batcher never writes into them again.
   */
  onFlush: (chunk: Uint8Array, frame: Uint8Array) => void;
  /** Bytes written before every payload (the data path's frame header); none by default. */
  header?: Uint8Array;
  flushMs?: number;
  maxBytes?: number;
  /** Longest unfinished escape sequence held back at a frame boundary. */
  maxHeldEscapeBytes?: number;
}

/**
 * Frames filling less than this share of the batch buffer are copied out of it (into an exactly
 * sized, unzeroed buffer), and the batch buffer is reused: an interactive terminal (keystroke
 * echoes, prompts) and a stream split over many panes (eight floods on two cores: frames of one
 * or two 4 KB reads) allocate what they send, not a whole batch buffer per frame (measured:
 * 7,027 fresh 33 KB buffers for 7,043 frames at 8 sessions, 4× the bytes sent). Fuller frames
 * take the batch buffer with them (the socket holds it until it is written), and a new one is
 * allocated.
 */
const COPY_OUT_SHARE = 0.5;

/**
 * Collects output bytes and emits them as UTF-8-safe, escape-safe frames.
 *
 * Bytes are copied once, into a batch buffer that starts with the frame header, so framing a
 * batch for the socket copies nothing.
 *
 * The timer starts with the first byte of a batch (not a fixed interval), so an idle terminal
 * costs nothing. Output arriving after a quiet period of at least `flushMs` (a keystroke's
 * echo, a prompt) is emitted at once instead of waiting for the timer: batching exists to
 * coalesce a stream, and a lone read has nothing to coalesce with. A stream's reads arrive
 * well within `flushMs` of each other, so they are batched as before.
 */
export class OutputBatcher {
  private buffer: Uint8Array;
  /** Payload bytes in `buffer` after the header. */
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  /** When the last frame was emitted (or when output last arrived), for the quiet check. */
  private lastActivity = Number.NEGATIVE_INFINITY;
  private readonly flushMs: number;
  private readonly maxBytes: number;
  private readonly maxHeldEscapeBytes: number;
  private readonly header: Uint8Array;

  constructor(private readonly options: OutputBatcherOptions) {
    this.flushMs = options.flushMs ?? BATCH_FLUSH_MS;
    this.maxBytes = options.maxBytes ?? BATCH_MAX_BYTES;
    this.maxHeldEscapeBytes = options.maxHeldEscapeBytes ?? 1024;
    this.header = options.header ?? new Uint8Array(0);
    this.buffer = this.newBuffer(0);
  }

  /** Bytes waiting (including a held-back tail). */
  get pendingBytes(): number {
    return this.size;
  }

  push(data: Uint8Array): void {
    if (data.length === 0) return;
    const now = performance.now();
    const quiet = this.size === 0 && now - this.lastActivity >= this.flushMs;
    this.lastActivity = now;
    const start = this.header.length + this.size;
    if (start + data.length > this.buffer.length) {
      const grown = this.newBuffer(this.size + data.length);
      grown.set(this.buffer.subarray(this.header.length, start), this.header.length);
      this.buffer = grown;
    }
    this.buffer.set(data, start);
    this.size += data.length;
    if (quiet || this.size >= this.maxBytes) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /**
   * Emit everything that ends cleanly; keep an unfinished UTF-8 character or escape sequence.
   *
   * The held tail does not re-arm the timer: it can only be completed by more output, and that
   * output arms the timer again.
   */
  flush(): void {
    this.emit(false);
  }

  /** Emit everything, unfinished tail included (the stream is ending). */
  flushAll(): void {
    this.emit(true);
  }

  dispose(): void {
    this.clearTimer();
    this.size = 0;
  }

  /** A batch buffer with the header in place and room for at least `payload` bytes. */
  private newBuffer(payload: number): Uint8Array {
    // Unzeroed: only bytes written since are ever read.
    const buffer = Buffer.allocUnsafe(this.header.length + Math.max(payload, this.maxBytes + this.maxHeldEscapeBytes));
    buffer.set(this.header, 0);
    return buffer;
  }

  private emit(all: boolean): void {
    this.clearTimer();
    if (this.size === 0) return;
    const headerLength = this.header.length;
    const data = this.buffer.subarray(headerLength, headerLength + this.size);
    const cut = all ? data.length : safeCutIndex(data, this.maxHeldEscapeBytes);
    if (cut === 0) return;
    const restLength = this.size - cut;
    let frame: Uint8Array;
    if (cut < this.maxBytes * COPY_OUT_SHARE) {
      // Small: copy it out and keep the batch buffer, moving the held tail to the front.
      frame = Buffer.allocUnsafe(headerLength + cut);
      frame.set(this.buffer.subarray(0, headerLength + cut));
      if (restLength > 0) this.buffer.copyWithin(headerLength, headerLength + cut, headerLength + this.size);
    } else {
      // Large: the frame keeps this buffer; the held tail starts a new one.
      frame = this.buffer.subarray(0, headerLength + cut);
      const next = this.newBuffer(restLength);
      if (restLength > 0) next.set(data.subarray(cut), headerLength);
      this.buffer = next;
    }
    this.size = restLength;
    this.lastActivity = performance.now();
    this.options.onFlush(frame.subarray(headerLength), frame);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

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
  /** Receives each frame. The batcher's buffer is reset before this is called. */
  onFlush: (chunk: Uint8Array) => void;
  flushMs?: number;
  maxBytes?: number;
  /** Longest unfinished escape sequence held back at a frame boundary. */
  maxHeldEscapeBytes?: number;
}

/**
 * Collects output bytes and emits them as UTF-8-safe, escape-safe frames.
 *
 * The timer starts with the first byte of a batch (not a fixed interval), so an idle terminal
 * costs nothing. Output arriving after a quiet period of at least `flushMs` (a keystroke's
 * echo, a prompt) is emitted at once instead of waiting for the timer: batching exists to
 * coalesce a stream, and a lone read has nothing to coalesce with. A stream's reads arrive
 * well within `flushMs` of each other, so they are batched as before.
 */
export class OutputBatcher {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  /** When the last frame was emitted (or when output last arrived), for the quiet check. */
  private lastActivity = Number.NEGATIVE_INFINITY;
  private readonly flushMs: number;
  private readonly maxBytes: number;
  private readonly maxHeldEscapeBytes: number;

  constructor(private readonly options: OutputBatcherOptions) {
    this.flushMs = options.flushMs ?? BATCH_FLUSH_MS;
    this.maxBytes = options.maxBytes ?? BATCH_MAX_BYTES;
    this.maxHeldEscapeBytes = options.maxHeldEscapeBytes ?? 1024;
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
    this.chunks.push(data);
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
    this.chunks = [];
    this.size = 0;
  }

  private emit(all: boolean): void {
    this.clearTimer();
    if (this.size === 0) return;
    // One read (the common case for interactive output) is emitted without a copy.
    const data = this.chunks.length === 1 ? this.chunks[0]! : concat(this.chunks, this.size);
    const cut = all ? data.length : safeCutIndex(data, this.maxHeldEscapeBytes);
    const rest = data.subarray(cut);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    if (cut === 0) return;
    this.lastActivity = performance.now();
    this.options.onFlush(data.subarray(0, cut));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

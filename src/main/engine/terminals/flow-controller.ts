/**
 * Watermark flow control for one PTY shared by several readers.
 *
 * Every reader of a session's output (each attached client) has a count of bytes it was sent
 * but has not acknowledged. The PTY is paused as soon as any reader is past the high watermark
 * and resumed only once every reader is back below the low one, so the slowest reader sets the
 * pace and nothing buffers without bound (xterm.js flow-control guide, VS Code's
 * FlowControlConstants). A session combines controllers: one for its clients, one for its
 * headless mirror.
 */
import { HIGH_WATERMARK_BYTES, LOW_WATERMARK_BYTES } from '../../../shared/protocol/flow-control.ts';

/** What to do on a transition, and the watermarks to use. */
export interface FlowControllerOptions {
  onPause: () => void;
  onResume: () => void;
  /** Pause above this many unacknowledged bytes of one reader (default HIGH_WATERMARK_BYTES). */
  high?: number;
  /** Resume once every reader is below this (default LOW_WATERMARK_BYTES). */
  low?: number;
}

/**
 * Unacknowledged-byte counts per reader, and the pause/resume decision derived from them.
 *
 * Pure logic: it calls `onPause`/`onResume` exactly on transitions and knows nothing of PTYs.
 */
export class FlowController {
  private readonly unacked = new Map<string, number>();
  private isPaused = false;
  private readonly high: number;
  private readonly low: number;

  constructor(private readonly options: FlowControllerOptions) {
    this.high = options.high ?? HIGH_WATERMARK_BYTES;
    this.low = options.low ?? LOW_WATERMARK_BYTES;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** Bytes `reader` was sent and has not acknowledged (0 for an unknown reader). */
  pending(reader: string): number {
    return this.unacked.get(reader) ?? 0;
  }

  /** Start counting for a reader (a new attachment starts from zero). */
  track(reader: string): void {
    this.unacked.set(reader, 0);
  }

  /** Stop counting for a reader; its backlog no longer holds the PTY back. */
  forget(reader: string): void {
    if (!this.unacked.delete(reader)) return;
    this.maybeResume();
  }

  sent(reader: string, bytes: number): void {
    const current = this.unacked.get(reader);
    if (current === undefined) return;
    const next = current + bytes;
    this.unacked.set(reader, next);
    if (!this.isPaused && next > this.high) {
      this.isPaused = true;
      this.options.onPause();
    }
  }

  /** A reader processed `bytes` more; the count never goes below zero (over-acks are ignored). */
  acked(reader: string, bytes: number): void {
    const current = this.unacked.get(reader);
    if (current === undefined || !(bytes > 0)) return;
    this.unacked.set(reader, Math.max(0, current - bytes));
    this.maybeResume();
  }

  private maybeResume(): void {
    if (!this.isPaused) return;
    for (const count of this.unacked.values()) if (count >= this.low) return;
    this.isPaused = false;
    this.options.onResume();
  }
}

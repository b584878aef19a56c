/**
 * Reusable fixed-size ArrayBuffers for the mirror path.
 *
 * Every frame of output is copied once into a pooled buffer that is transferred to the mirror
 * thread and comes back once parsed, so a flood allocates (and the garbage collector frees)
 * nothing per frame. The pool keeps at most `maxIdle` idle buffers; beyond that, returned
 * buffers are left to the collector, so memory after a burst goes back down.
 */
export class BufferPool {
  private readonly idle: ArrayBuffer[] = [];

  constructor(
    readonly size: number,
    private readonly maxIdle: number,
  ) {}

  /** An idle buffer, or a new one. */
  take(): ArrayBuffer {
    return this.idle.pop() ?? new ArrayBuffer(this.size);
  }

  /** Give a buffer back; one of another size (or detached) is ignored. */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === this.size && this.idle.length < this.maxIdle) this.idle.push(buffer);
  }

  /** Idle buffers (for tests). */
  get idleCount(): number {
    return this.idle.length;
  }
}

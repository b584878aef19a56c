/**
 * Reusable read buffers for the log reader.
 *
 * A backfill reads thousands of files; allocating fresh megabyte buffers per file made V8 run a
 * full garbage collection every few files (external memory pressure: 123 full GCs instead of 3 on
 * a 1,253-file scan). Buffers of the standard sizes are lent and returned instead; odd sizes (the
 * rare line longer than the work buffer) are allocated and simply dropped. One pool per thread
 * (module state): the engine's live reads and each backfill worker have their own.
 */

/** Lends buffers of fixed sizes and keeps up to `keep` free ones per size. */
export class BufferPool {
  private readonly free = new Map<number, Buffer[]>();

  constructor(private readonly keep = 8) {}

  /** A buffer of exactly `size` bytes (contents undefined). */
  acquire(size: number): Buffer {
    return this.free.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
  }

  /** Give a buffer back; it must not be used afterwards. */
  release(buffer: Buffer): void {
    let list = this.free.get(buffer.length);
    if (!list) {
      list = [];
      this.free.set(buffer.length, list);
    }
    if (list.length < this.keep) list.push(buffer);
  }

  /** Free buffers held, per size (tests, diagnostics). */
  held(size: number): number {
    return this.free.get(size)?.length ?? 0;
  }
}

/** This thread's pool. */
export const readPool = new BufferPool();

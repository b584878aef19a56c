/**
 * A byte ring in shared memory between the engine's thread (the only writer) and the mirror
 * thread (the only reader).
 *
 * Output used to reach the mirror thread in pooled ArrayBuffers, transferred there and back.
 * A transfer costs tens of µs of the engine's thread each way, and while the mirror defers
 * parsing it holds the buffers, so during floods the pool ran dry and every trip allocated a
 * fresh zeroed 64 KB buffer (measured at 8 sessions: postMessage, the pool and their garbage
 * were a quarter of the engine thread's CPU). Now the engine copies each frame into this ring and
 * tells the mirror thread, once per turn, how many bytes of which session follow; the mirror
 * thread copies them from the ring straight into its backlog (which needs its own copy anyway)
 * and frees the space.
 *
 * The two cursors count bytes written and read, as unsigned 32-bit numbers that wrap; the
 * difference is what the reader has not taken yet. Each side stores only its own cursor.
 */

const WRITTEN = 0;
const READ = 1;
/** Bytes before the data: the two Int32 cursors. */
const HEADER_BYTES = 8;

export class ByteRing {
  private readonly cursors: Int32Array;
  private readonly data: Uint8Array;
  private readonly mask: number;

  /** The shared memory of a ring with `size` bytes of data (a power of two). */
  static allocate(size: number): SharedArrayBuffer {
    if (size <= 0 || (size & (size - 1)) !== 0) throw new Error(`ring size ${size} is not a power of two`);
    return new SharedArrayBuffer(HEADER_BYTES + size);
  }

  constructor(readonly shared: SharedArrayBuffer) {
    this.cursors = new Int32Array(shared, 0, 2);
    this.data = new Uint8Array(shared, HEADER_BYTES);
    this.mask = this.data.length - 1;
  }

  /** Bytes written and not read yet. */
  get used(): number {
    return (Atomics.load(this.cursors, WRITTEN) - Atomics.load(this.cursors, READ)) >>> 0;
  }

  /** Writer: copy `bytes` in; false (nothing written) when they do not fit. */
  write(bytes: Uint8Array): boolean {
    const length = bytes.length;
    if (length > this.data.length - this.used) return false;
    const written = Atomics.load(this.cursors, WRITTEN);
    const at = written & this.mask;
    const first = Math.min(length, this.data.length - at);
    this.data.set(first === length ? bytes : bytes.subarray(0, first), at);
    if (first < length) this.data.set(bytes.subarray(first), 0);
    Atomics.store(this.cursors, WRITTEN, (written + length) | 0);
    return true;
  }

  /**
   * Reader: the next `length` bytes as views of the ring (two when they wrap around its end),
   * without taking them: the caller copies them, then calls {@link skip}.
   */
  peek(length: number): [Uint8Array] | [Uint8Array, Uint8Array] {
    const at = Atomics.load(this.cursors, READ) & this.mask;
    const first = Math.min(length, this.data.length - at);
    const head = this.data.subarray(at, at + first);
    return first < length ? [head, this.data.subarray(0, length - first)] : [head];
  }

  /** Reader: pass over the next `length` bytes (copied out with {@link peek}, or their session is gone). */
  skip(length: number): void {
    Atomics.store(this.cursors, READ, (Atomics.load(this.cursors, READ) + length) | 0);
  }
}

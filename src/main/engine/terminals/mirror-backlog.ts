/**
 * The headless mirror's unparsed output: one growable buffer with the callbacks waiting on its
 * bytes, and how far it is known to hold nothing but text and colour changes.
 *
 * It used to be a list of chunks, concatenated into a fresh copy each time the mirror looked for
 * something to drop, and copied again for the part it kept. During a flood that is a megabyte
 * allocated and scanned from its start for every chunk past the backlog's limit: at eight
 * sessions the mirror thread spent as much time collecting that garbage as parsing. Here a chunk
 * is copied once, on arrival; dropping moves an index; a kept colour replay is written in place
 * over the dropped bytes; and the scan for state-changing bytes resumes where it stopped.
 *
 * Bytes handed to xterm (`take`) stay referenced by its write queue until parsed, so the space
 * they occupied is reused only when the owner says nothing is being parsed (`canReuse`).
 */
import { firstUnsafeIndex, lastUnsafeIndex, sgrCutOff } from './mirror-compaction.ts';

/** Bytes handed to xterm, with the callbacks that wait on them. */
export interface Taken {
  chunk: Uint8Array;
  done: Array<() => void>;
}

interface Mark {
  /** Buffer index just past the bytes the callback waits on. */
  at: number;
  done: () => void;
}

const EMPTY = new Uint8Array(0);
const ESC = 0x1b;

/** First allocation; growth doubles. */
const INITIAL_BYTES = 16 * 1024;

export class MirrorBacklog {
  private buffer: Uint8Array = EMPTY;
  private start = 0;
  private end = 0;
  private marks: Mark[] = [];
  /** [start, scanned) holds no state-changing byte other than SGR. */
  private scanned = 0;
  /** Buffer index of the first state-changing byte found, or -1 (none in [start, scanned)). */
  private unsafeAt = -1;

  /** @param canReuse whether bytes handed out earlier may be overwritten (nothing is being parsed) */
  constructor(private readonly canReuse: () => boolean) {}

  get bytes(): number {
    return this.end - this.start;
  }

  /** Whether callbacks wait (possibly on no bytes at all: an empty write marks a point). */
  get waiting(): boolean {
    return this.marks.length > 0;
  }

  /** The unparsed bytes, without copying; valid until the next change. */
  view(): Uint8Array {
    return this.buffer.subarray(this.start, this.end);
  }

  /** Copy `chunk` in; `done` runs once it is parsed or dropped. */
  append(chunk: Uint8Array, done?: () => void): void {
    if (this.end + chunk.length > this.buffer.length) this.makeRoom(chunk.length);
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
    if (done) this.marks.push({ at: this.end, done });
  }

  /**
   * Offset (from the start of the backlog) of the first byte that may change terminal state other
   * than by SGR, or `bytes` if there is none. Resumes the scan where the last call stopped.
   */
  firstUnsafe(): number {
    if (this.unsafeAt === -1 && this.scanned < this.end) {
      const found = this.scanned + firstUnsafeIndex(this.buffer.subarray(this.scanned, this.end));
      if (found === this.end) this.scanned = found;
      else if (this.cutOffAt(found)) this.scanned = found; // may complete with the next chunk
      else this.scanned = this.unsafeAt = found;
    }
    return (this.unsafeAt === -1 ? this.scanned : this.unsafeAt) - this.start;
  }

  /** Offset of the last byte that may change state other than by SGR, or -1 (see lastUnsafeIndex). */
  lastUnsafe(): number {
    this.firstUnsafe();
    const from = this.unsafeAt === -1 ? this.scanned : this.unsafeAt;
    const last = lastUnsafeIndex(this.buffer.subarray(from, this.end));
    return last === -1 ? (this.unsafeAt === -1 ? -1 : this.unsafeAt - this.start) : from + last - this.start;
  }

  /**
   * Drop the first `count` bytes unparsed (their callbacks run now) and put `replay` (no longer
   * than `count`) in their place, in front of what is kept.
   */
  drop(count: number, replay: Uint8Array): void {
    const cut = this.start + count;
    this.runMarksUpTo(cut);
    this.start = cut - replay.length;
    this.buffer.set(replay, this.start);
    this.scanned = Math.max(this.scanned, this.start);
  }

  /** Hand the first `count` bytes to the parser: their view and the callbacks waiting on them. */
  take(count: number): Taken {
    const cut = this.start + count;
    const taken: Taken = { chunk: this.buffer.subarray(this.start, cut), done: [] };
    let index = 0;
    while (index < this.marks.length && this.marks[index]!.at <= cut) taken.done.push(this.marks[index++]!.done);
    this.marks.splice(0, index);
    this.start = cut;
    if (this.scanned < cut) this.scanned = cut;
    if (this.unsafeAt !== -1 && this.unsafeAt < cut) this.unsafeAt = -1;
    if (this.start === this.end) this.release();
    return taken;
  }

  /** Forget everything (the mirror is disposed); no callback runs. */
  clear(): void {
    this.marks = [];
    this.release();
  }

  private runMarksUpTo(cut: number): void {
    let index = 0;
    while (index < this.marks.length && this.marks[index]!.at <= cut) this.marks[index++]!.done();
    this.marks.splice(0, index);
  }

  /**
   * Everything was taken: forget the buffer, which the parser may still be reading. Small bursts
   * then start a small buffer, and a flood's megabytes do not stay allocated after it.
   */
  private release(): void {
    this.buffer = EMPTY;
    this.start = this.end = this.scanned = 0;
    this.unsafeAt = -1;
  }

  /** Whether the bytes from `index` to the end may still become an SGR sequence or a UTF-8 character. */
  private cutOffAt(index: number): boolean {
    if (this.buffer[index] === ESC) return sgrCutOff(this.buffer.subarray(0, this.end), index);
    return index === this.end - 1 && this.buffer[index] === 0xc2;
  }

  private makeRoom(extra: number): void {
    const live = this.end - this.start;
    const needed = live + extra;
    let target = this.buffer;
    if (!this.canReuse() || needed > this.buffer.length) {
      let size = Math.max(INITIAL_BYTES, this.buffer.length);
      while (size < needed) size *= 2;
      target = new Uint8Array(size);
      target.set(this.buffer.subarray(this.start, this.end), 0);
    } else {
      target.copyWithin(0, this.start, this.end);
    }
    const shift = this.start;
    this.buffer = target;
    this.start = 0;
    this.end = live;
    this.scanned -= shift;
    if (this.unsafeAt !== -1) this.unsafeAt -= shift;
    for (const mark of this.marks) mark.at -= shift;
  }
}

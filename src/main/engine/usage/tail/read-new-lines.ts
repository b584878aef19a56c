/**
 * Read the complete lines appended to a file since a byte offset.
 *
 * The engine's only way of reading agent logs (§5.1 of agent-logs.md). Lines are split on the
 * byte `\n` before any decoding, so a UTF-8 character split across two reads (or two appends) is
 * never mangled. The offset advances over complete lines only: a half-written trailing line is
 * simply read again next time, which keeps the persisted state a single number per file.
 *
 * Speed comes from not looking at lines that cannot matter: with `needles` the reader jumps from
 * one needle occurrence to the next with the native `Buffer.indexOf` and only decodes and
 * `JSON.parse`s the lines that contain one. Rollouts are mostly large `response_item` rows that
 * are never decoded at all.
 */
import { close, open, read } from 'node:fs';
import { readPool, type BufferPool } from './buffer-pool.ts';

/** Options for {@link readNewLines}. */
export interface ReadLinesOptions {
  /** Only lines containing one of these byte strings are parsed; null = every line. */
  readonly needles: readonly Buffer[] | null;
  /**
   * Instead of needles: decide from the raw bytes of a line (`[start, end)` of `buffer`) whether
   * to parse it. Cheaper than several needles when the deciding field sits at the line's start.
   */
  readonly accept?: (buffer: Buffer, start: number, end: number) => boolean;
  /**
   * Turn a line's bytes into a value (default: decode, `JSON.parse`). Throws on a corrupt line.
   * Lets a source parse only the part of a line it reads (Claude rows carrying whole files).
   */
  readonly parse?: (buffer: Buffer, start: number, end: number) => unknown;
  /** Called with each parsed JSON value, in file order. */
  readonly onValue: (value: unknown) => void;
  /** Read size; the work buffer is twice this (it grows, unpooled, for longer lines). */
  readonly chunkBytes?: number;
  /** Where buffers come from (default: this thread's pool). */
  readonly pool?: BufferPool;
  /** A read already under way ({@link startRead}): the caller prefetched this file. */
  readonly started?: StartedRead;
}

/** Outcome of one {@link readNewLines} call. */
export interface ReadLinesResult {
  /** Where the next read starts: after the last complete line consumed. */
  readonly offset: number;
  readonly bytesRead: number;
  /** Complete relevant lines that were not valid JSON (skipped). */
  readonly corrupt: number;
}

/**
 * A file opened and its first chunk requested, not yet consumed: the read-ahead of a scan, which
 * opens the next files while the current one is parsed (small session files are one read each,
 * so without it every file's open and read would be a round trip the parser waits for).
 */
export interface StartedRead {
  /** A plain descriptor: `FileHandle` objects cost a finalizer each, thousands per scan. */
  readonly fd: number;
  readonly offset: number;
  readonly incoming: Buffer;
  /** Bytes read into `incoming`; rejects when the read failed. */
  readonly first: Promise<number>;
}

const NL = 0x0a;
const CR = 0x0d;
/** Default read size: large enough that most session files are one read. */
export const DEFAULT_CHUNK = 1 << 20;

const openFd = (file: string): Promise<number> =>
  new Promise((resolve, reject) => open(file, 'r', (error, fd) => (error ? reject(error) : resolve(fd))));
const readFd = (fd: number, buffer: Buffer, length: number, position: number): Promise<number> =>
  new Promise((resolve, reject) => read(fd, buffer, 0, length, position, (error, n) => (error ? reject(error) : resolve(n))));
const closeFd = (fd: number): Promise<void> => new Promise((resolve) => close(fd, () => resolve()));

/** Open `file` and request its first chunk from `offset`, without waiting for it. */
export async function startRead(file: string, offset: number, options: { chunkBytes?: number; pool?: BufferPool } = {}): Promise<StartedRead> {
  const pool = options.pool ?? readPool;
  const chunkSize = options.chunkBytes ?? DEFAULT_CHUNK;
  const fd = await openFd(file);
  const incoming = pool.acquire(chunkSize);
  const first = readFd(fd, incoming, chunkSize, offset);
  first.catch(() => undefined); // handled where it is awaited; never an unhandled rejection meanwhile
  return { fd, offset, incoming, first };
}

/** Give up a started read that will not be consumed (the scan stopped). */
export async function abandonRead(started: StartedRead, pool: BufferPool = readPool): Promise<void> {
  await started.first.catch(() => undefined);
  pool.release(started.incoming);
  await closeFd(started.fd);
}

function parseJsonLine(buffer: Buffer, start: number, end: number): unknown {
  return JSON.parse(buffer.toString('utf8', start, end));
}

/**
 * Splits chunks into lines and parses the relevant ones. Holds the unfinished last line in a
 * pooled work buffer twice the chunk size; only a line longer than that costs an allocation.
 */
class LineFeeder {
  private buffer: Buffer;
  private filled = 0;
  consumed: number;
  bytesRead = 0;
  corrupt = 0;
  private readonly parse: (buffer: Buffer, start: number, end: number) => unknown;

  constructor(
    private readonly options: ReadLinesOptions,
    private readonly pool: BufferPool,
    private readonly workSize: number,
    offset: number,
  ) {
    this.buffer = pool.acquire(workSize);
    this.consumed = offset;
    this.parse = options.parse ?? parseJsonLine;
  }

  private readonly emit = (start: number, end: number): void => {
    const buffer = this.buffer;
    if (end > start && buffer[end - 1] === CR) end -= 1;
    if (end <= start) return;
    let value: unknown;
    try {
      value = this.parse(buffer, start, end);
    } catch {
      this.corrupt += 1;
      return;
    }
    this.options.onValue(value);
  };

  /** Take `n` bytes of `chunk` (copied: the caller reuses it) and parse the lines they complete. */
  push(chunk: Buffer, n: number): void {
    this.bytesRead += n;
    if (this.filled + n > this.buffer.length) {
      // A line longer than the work buffer: grow (unpooled) instead of splitting it.
      const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.filled + n));
      this.buffer.copy(bigger, 0, 0, this.filled);
      this.releaseBuffer();
      this.buffer = bigger;
    }
    chunk.copy(this.buffer, this.filled, 0, n);
    this.filled += n;
  }

  /** Parse every complete line held (call after each push; separate so the next read can start first). */
  drain(): void {
    const { buffer, options } = this;
    const lastNewline = buffer.lastIndexOf(NL, this.filled - 1);
    if (lastNewline < 0) return;
    const complete = buffer.subarray(0, lastNewline + 1);
    if (options.accept) forEachAcceptedLine(complete, options.accept, this.emit);
    else if (options.needles) forEachMatchingLine(complete, options.needles, this.emit);
    else forEachLine(complete, this.emit);
    this.consumed += lastNewline + 1;
    buffer.copy(buffer, 0, lastNewline + 1, this.filled);
    this.filled -= lastNewline + 1;
  }

  /** The end of the file as it is now: a complete trailing value without its newline counts. */
  finish(): ReadLinesResult {
    const { buffer, filled, options } = this;
    if (filled > 0 && isCompleteTrailingValue(buffer, filled, options.needles) && (!options.accept || options.accept(buffer, 0, filled))) {
      const before = this.corrupt;
      this.emit(0, filled);
      if (this.corrupt === before) this.consumed += filled;
      else this.corrupt = before;
    }
    return { offset: this.consumed, bytesRead: this.bytesRead, corrupt: this.corrupt };
  }

  releaseBuffer(): void {
    if (this.buffer.length === this.workSize) this.pool.release(this.buffer);
  }
}

/**
 * Read `[offset, EOF)` of `file` and hand every relevant complete line to `onValue`.
 *
 * Reads until EOF as it is while reading (a short read is EOF), so data appended during the read
 * is included. A final fragment without a newline is consumed only when it is a complete JSON
 * value on its own (a prefix of a JSON object line never is): a file that simply lacks its last
 * newline is counted, a line still being written is not. A newline that arrives later for such a
 * fragment reads as an empty line and is ignored.
 *
 * Buffers come from a pool: the read target (`chunkBytes`) and a work buffer twice that size that
 * holds the unfinished line plus the next chunk.
 */
export async function readNewLines(file: string, offset: number, options: ReadLinesOptions): Promise<ReadLinesResult> {
  const pool = options.pool ?? readPool;
  const started = options.started ?? (await startRead(file, offset, { chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK, pool }));
  const { fd, incoming } = started;
  const chunkSize = incoming.length;
  const feeder = new LineFeeder(options, pool, 2 * chunkSize, started.offset);
  // Double buffering: the next chunk is read by the thread pool while this one is parsed.
  let pending: Promise<number> | null = started.first;
  try {
    let position = started.offset;
    while (pending) {
      const n: number = await pending;
      pending = null;
      if (n === 0) break;
      position += n;
      feeder.push(incoming, n);
      // A short read is the end of the file as it is now: no extra round trip to learn it.
      if (n === chunkSize) pending = readFd(fd, incoming, chunkSize, position);
      feeder.drain();
    }
    return feeder.finish();
  } finally {
    feeder.releaseBuffer();
    // A read still in flight (a parser threw) writes into `incoming`: wait before lending it again.
    if (pending) await pending.catch(() => undefined);
    await started.first.catch(() => undefined);
    pool.release(incoming);
    await closeFd(fd);
  }
}

/** Every line of a buffer ending in `\n`. */
function forEachLine(complete: Buffer, emit: (start: number, end: number) => void): void {
  let start = 0;
  while (start < complete.length) {
    const end = complete.indexOf(NL, start);
    emit(start, end);
    start = end + 1;
  }
}

/** Lines the selector accepts. */
function forEachAcceptedLine(complete: Buffer, accept: (b: Buffer, start: number, end: number) => boolean, emit: (start: number, end: number) => void): void {
  let start = 0;
  while (start < complete.length) {
    const end = complete.indexOf(NL, start);
    if (accept(complete, start, end)) emit(start, end);
    start = end + 1;
  }
}

/**
 * Lines containing any needle, each once, in order. `complete` ends in `\n`, so every match has
 * a line end; searching a subarray keeps `indexOf` from running into stale buffer bytes.
 */
function forEachMatchingLine(complete: Buffer, needles: readonly Buffer[], emit: (start: number, end: number) => void): void {
  const next = needles.map((needle) => complete.indexOf(needle, 0));
  for (;;) {
    let hit = -1;
    for (const at of next) if (at >= 0 && (hit < 0 || at < hit)) hit = at;
    if (hit < 0) return;
    const start = hit === 0 ? 0 : complete.lastIndexOf(NL, hit - 1) + 1;
    const end = complete.indexOf(NL, hit);
    emit(start, end);
    for (let i = 0; i < needles.length; i++) {
      const at = next[i]!;
      if (at >= 0 && at <= end) next[i] = complete.indexOf(needles[i]!, end + 1);
    }
  }
}

/** A trailing fragment is worth a parse only if it is relevant and looks closed. */
function isCompleteTrailingValue(buffer: Buffer, filled: number, needles: readonly Buffer[] | null): boolean {
  let end = filled;
  while (end > 0 && (buffer[end - 1] === CR || buffer[end - 1] === 0x20)) end -= 1;
  if (end === 0 || (buffer[end - 1] !== 0x7d && buffer[end - 1] !== 0x5d)) return false;
  if (!needles) return true;
  const fragment = buffer.subarray(0, filled);
  return needles.some((needle) => fragment.includes(needle));
}

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
   * Lets a source parse only the part of a line it reads (Claude rows carrying whole files). It
   * may overwrite the line's own bytes (never outside `[start, end)`): they are not read again.
   */
  readonly parse?: (buffer: Buffer, start: number, end: number) => unknown;
  /** Called with each parsed JSON value, in file order. */
  readonly onValue: (value: unknown) => void;
  /** Read size; work buffers are twice this (bigger, unpooled, for longer lines). */
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
const EMPTY = Buffer.alloc(0);
const CR = 0x0d;
/** Default read size: large enough that most session files are one read. */
export const DEFAULT_CHUNK = 1 << 20;

const openFd = (file: string): Promise<number> =>
  new Promise((resolve, reject) => open(file, 'r', (error, fd) => (error ? reject(error) : resolve(fd))));
const readInto = (fd: number, buffer: Buffer, at: number, length: number, position: number): Promise<number> =>
  new Promise((resolve, reject) => read(fd, buffer, at, length, position, (error, n) => (error ? reject(error) : resolve(n))));
const closeFd = (fd: number): Promise<void> => new Promise((resolve) => close(fd, () => resolve()));

/** Open `file` and request its first chunk from `offset`, without waiting for it. */
export async function startRead(file: string, offset: number, options: { chunkBytes?: number; pool?: BufferPool } = {}): Promise<StartedRead> {
  const pool = options.pool ?? readPool;
  const chunkSize = options.chunkBytes ?? DEFAULT_CHUNK;
  const fd = await openFd(file);
  const incoming = pool.acquire(chunkSize);
  const first = readInto(fd, incoming, 0, chunkSize, offset);
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

/** Parses the relevant complete lines of a buffer and counts what it consumed and skipped. */
class LineSink {
  corrupt = 0;
  private readonly parse: (buffer: Buffer, start: number, end: number) => unknown;
  private buffer: Buffer = EMPTY;

  constructor(private readonly options: ReadLinesOptions) {
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

  /** Every relevant line of `buffer[0, end)`, which ends in `\n`. */
  lines(buffer: Buffer, end: number): void {
    if (end === 0) return;
    const { options } = this;
    const complete = buffer.subarray(0, end);
    this.buffer = complete;
    if (options.accept) forEachAcceptedLine(complete, options.accept, this.emit);
    else if (options.needles) forEachMatchingLine(complete, options.needles, this.emit);
    else forEachLine(complete, this.emit);
  }

  /**
   * The end of the file as it is now: `buffer[start, end)` is the trailing fragment without a
   * newline; a complete value there counts (returns whether it was consumed).
   */
  fragment(buffer: Buffer, start: number, end: number): boolean {
    const { options } = this;
    if (end <= start || !isCompleteTrailingValue(buffer, start, end, options.needles)) return false;
    if (options.accept && !options.accept(buffer, start, end)) return false;
    const before = this.corrupt;
    this.buffer = buffer;
    this.emit(start, end);
    if (this.corrupt === before) return true;
    this.corrupt = before;
    return false;
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
 * Nothing is copied but unfinished lines: a file that fits one read (most session files) is
 * parsed where it was read; a longer one alternates between two pooled work buffers twice the
 * read size — the unfinished last line moves to the front of the other one, the next chunk is read
 * behind it while this one's complete lines are parsed (double buffering). Only a line longer
 * than the read size needs a bigger, unpooled buffer.
 */
export async function readNewLines(file: string, offset: number, options: ReadLinesOptions): Promise<ReadLinesResult> {
  const pool = options.pool ?? readPool;
  const started = options.started ?? (await startRead(file, offset, { chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK, pool }));
  const { fd, incoming } = started;
  const chunkSize = incoming.length;
  const workSize = 2 * chunkSize;
  const sink = new LineSink(options);
  /** The two work buffers, acquired when a file needs more than one read. */
  const work: (Buffer | null)[] = [null, null];
  let slot = 0;
  let data = incoming;
  /** Bytes of `data` before the last read (the unfinished line carried over). */
  let carried = 0;
  let consumed = started.offset;
  let bytesRead = 0;
  let position = started.offset;
  let pending: Promise<number> | null = started.first;
  try {
    for (;;) {
      const n: number = await pending!;
      pending = null;
      bytesRead += n;
      position += n;
      const filled = carried + n;
      // The last newline can only be among the new bytes: the carried part has none.
      const newline = n > 0 ? data.lastIndexOf(NL, filled - 1) : -1;
      const cut = newline >= carried ? newline + 1 : 0;
      // A short read is the end of the file as it is now: no extra round trip to learn it.
      if (n < chunkSize) {
        sink.lines(data, cut);
        consumed += cut;
        if (sink.fragment(data, cut, filled)) consumed += filled - cut;
        break;
      }
      const tail = filled - cut;
      let next = work[slot];
      if (!next || next.length < tail + chunkSize) {
        // A line longer than the read size: a bigger buffer (unpooled), never a split line.
        if (next && next.length === workSize) pool.release(next);
        next = tail + chunkSize <= workSize ? pool.acquire(workSize) : Buffer.allocUnsafe(Math.max(2 * workSize, 2 * tail));
        work[slot] = next;
      }
      data.copy(next, 0, cut, filled);
      pending = readInto(fd, next, tail, chunkSize, position);
      sink.lines(data, cut);
      consumed += cut;
      data = next;
      carried = tail;
      slot = 1 - slot;
    }
    return { offset: consumed, bytesRead, corrupt: sink.corrupt };
  } finally {
    // A read still in flight (a parser threw) writes into a work buffer: wait before lending it again.
    if (pending) await pending.catch(() => undefined);
    await started.first.catch(() => undefined);
    pool.release(incoming);
    for (const buffer of work) if (buffer && buffer.length === workSize) pool.release(buffer);
    // Not awaited: the scan's next file need not wait a round trip through the thread pool for it.
    close(fd, () => undefined);
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

/** A trailing fragment `[start, end)` is worth a parse only if it is relevant and looks closed. */
function isCompleteTrailingValue(buffer: Buffer, start: number, end: number, needles: readonly Buffer[] | null): boolean {
  let last = end;
  while (last > start && (buffer[last - 1] === CR || buffer[last - 1] === 0x20)) last -= 1;
  if (last === start || (buffer[last - 1] !== 0x7d && buffer[last - 1] !== 0x5d)) return false;
  if (!needles) return true;
  const fragment = buffer.subarray(start, end);
  return needles.some((needle) => fragment.includes(needle));
}

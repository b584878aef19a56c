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
import { open, type FileHandle } from 'node:fs/promises';
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
  readonly handle: FileHandle;
  readonly offset: number;
  readonly incoming: Buffer;
  /** Bytes read into `incoming`; rejects when the read failed. */
  readonly first: Promise<number>;
}

const NL = 0x0a;
const CR = 0x0d;
/** Default read size: large enough that most session files are one read. */
export const DEFAULT_CHUNK = 1 << 20;

/** Open `file` and request its first chunk from `offset`, without waiting for it. */
export async function startRead(file: string, offset: number, options: { chunkBytes?: number; pool?: BufferPool } = {}): Promise<StartedRead> {
  const pool = options.pool ?? readPool;
  const chunkSize = options.chunkBytes ?? DEFAULT_CHUNK;
  const handle = await open(file, 'r');
  const incoming = pool.acquire(chunkSize);
  const first = handle.read(incoming, 0, chunkSize, offset).then((r) => r.bytesRead);
  first.catch(() => undefined); // handled where it is awaited; never an unhandled rejection meanwhile
  return { handle, offset, incoming, first };
}

/** Give up a started read that will not be consumed (the scan stopped). */
export async function abandonRead(started: StartedRead, pool: BufferPool = readPool): Promise<void> {
  await started.first.catch(() => undefined);
  pool.release(started.incoming);
  await started.handle.close().catch(() => undefined);
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
 * holds the unfinished line plus the next chunk. Only a line longer than the work buffer costs an
 * allocation.
 */
export async function readNewLines(file: string, offset: number, options: ReadLinesOptions): Promise<ReadLinesResult> {
  const pool = options.pool ?? readPool;
  const started = options.started ?? (await startRead(file, offset, { chunkBytes: options.chunkBytes ?? DEFAULT_CHUNK, pool }));
  const { handle, incoming } = started;
  const chunkSize = incoming.length;
  const workSize = 2 * chunkSize;
  let buffer = pool.acquire(workSize);
  // Double buffering: the next chunk is read by the thread pool while this one is parsed.
  let pending: Promise<number> | null = started.first;
  try {
    let filled = 0;
    let position = started.offset;
    let consumedOffset = started.offset;
    let bytesRead = 0;
    let corrupt = 0;

    const emit = (start: number, end: number): void => {
      if (end > start && buffer[end - 1] === CR) end -= 1;
      if (end <= start) return;
      const text = buffer.toString('utf8', start, end);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        corrupt += 1;
        return;
      }
      options.onValue(value);
    };

    while (pending) {
      const n = await pending;
      pending = null;
      if (n === 0) break;
      position += n;
      bytesRead += n;
      if (filled + n > buffer.length) {
        // A line longer than the work buffer: grow (unpooled) instead of splitting it.
        const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, filled + n));
        buffer.copy(bigger, 0, 0, filled);
        if (buffer.length === workSize) pool.release(buffer);
        buffer = bigger;
      }
      incoming.copy(buffer, filled, 0, n);
      filled += n;
      // A short read is the end of the file as it is now: no extra round trip to learn it.
      if (n === incoming.length) pending = handle.read(incoming, 0, chunkSize, position).then((r) => r.bytesRead);
      const lastNewline = buffer.lastIndexOf(NL, filled - 1);
      if (lastNewline < 0) continue;
      const complete = buffer.subarray(0, lastNewline + 1);
      if (options.accept) forEachAcceptedLine(complete, options.accept, emit);
      else if (options.needles) forEachMatchingLine(complete, options.needles, emit);
      else forEachLine(complete, emit);
      consumedOffset += lastNewline + 1;
      buffer.copy(buffer, 0, lastNewline + 1, filled);
      filled -= lastNewline + 1;
    }

    if (filled > 0 && isCompleteTrailingValue(buffer, filled, options.needles) && (!options.accept || options.accept(buffer, 0, filled))) {
      const before = corrupt;
      emit(0, filled);
      if (corrupt === before) consumedOffset += filled;
      else corrupt = before;
    }
    return { offset: consumedOffset, bytesRead, corrupt };
  } finally {
    if (buffer.length === workSize) pool.release(buffer);
    // A read still in flight (a parser threw) writes into `incoming`: wait before lending it again.
    if (pending) await pending.catch(() => undefined);
    await started.first.catch(() => undefined);
    pool.release(incoming);
    await handle.close();
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

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
import { open } from 'node:fs/promises';

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
  /** Read size; also the initial buffer size (it grows for longer lines). */
  readonly chunkBytes?: number;
}

/** Outcome of one {@link readNewLines} call. */
export interface ReadLinesResult {
  /** Where the next read starts: after the last complete line consumed. */
  readonly offset: number;
  readonly bytesRead: number;
  /** Complete relevant lines that were not valid JSON (skipped). */
  readonly corrupt: number;
}

const NL = 0x0a;
const CR = 0x0d;
const DEFAULT_CHUNK = 1 << 20;

/**
 * Read `[offset, EOF)` of `file` and hand every relevant complete line to `onValue`.
 *
 * Reads until EOF as it is while reading, so data appended during the read is included. A final
 * fragment without a newline is consumed only when it is a complete JSON value on its own (a
 * prefix of a JSON object line never is): a file that simply lacks its last newline is counted,
 * a line still being written is not. A newline that arrives later for such a fragment reads as an
 * empty line and is ignored.
 */
export async function readNewLines(file: string, offset: number, options: ReadLinesOptions): Promise<ReadLinesResult> {
  const handle = await open(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(2 * (options.chunkBytes ?? DEFAULT_CHUNK));
    let filled = 0;
    let position = offset;
    let consumedOffset = offset;
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

    // Double buffering: the next chunk is read by the thread pool while this one is parsed.
    const chunkSize = options.chunkBytes ?? DEFAULT_CHUNK;
    const incoming = Buffer.allocUnsafe(chunkSize);
    let pending = handle.read(incoming, 0, chunkSize, position);
    for (;;) {
      const { bytesRead: n } = await pending;
      if (n === 0) break;
      position += n;
      bytesRead += n;
      if (filled + n > buffer.length) {
        // A line longer than the buffer: grow instead of splitting it.
        const bigger = Buffer.allocUnsafe(Math.max(buffer.length * 2, filled + n));
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      incoming.copy(buffer, filled, 0, n);
      filled += n;
      pending = handle.read(incoming, 0, chunkSize, position);
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

/**
 * Parse a Claude transcript row without its bulky `message.content`.
 *
 * A row that carries `usage` also carries the response's content blocks: thinking, text, and tool
 * calls such as Write/Edit with a whole file as input — often 100 KB and more on one line. The
 * parser reads nothing of the content except for limit rows (a short text). So for a large
 * content value the reader finds its extent on the raw bytes (jumping from quote to quote with the
 * native `indexOf`, never decoding it) and parses the row with `"content":[]` instead: the same
 * value minus what would be decoded and thrown away. Anything unexpected parses the whole line.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MESSAGE_KEY = Buffer.from('"message":{');
const CONTENT_KEY = Buffer.from('"content":');
/** Below this, decoding the content costs less than finding its end (thinking blocks and short texts are above it). */
export const STRIP_MIN_BYTES = 256;
const LIMIT_MARKERS = ['"isApiErrorMessage":true', '<synthetic>'].map((marker) => Buffer.from(marker));

/** Index after the string whose opening quote is at `at`, or -1 when it does not end before `end`. */
function skipString(buffer: Buffer, at: number, end: number): number {
  let from = at + 1;
  for (;;) {
    const q = buffer.indexOf(QUOTE, from);
    if (q < 0 || q >= end) return -1;
    let k = q - 1;
    while (buffer[k] === BACKSLASH) k -= 1;
    if ((q - 1 - k) % 2 === 0) return q + 1; // an even run of backslashes: the quote is not escaped
    from = q + 1;
  }
}

/** Index after the JSON value starting at `at` (a string, array or object), or -1. */
export function skipJsonValue(buffer: Buffer, at: number, end: number): number {
  const first = buffer[at];
  if (first === QUOTE) return skipString(buffer, at, end);
  if (first !== 0x5b && first !== 0x7b) return -1;
  let depth = 0;
  for (let i = at; i < end; i++) {
    const c = buffer[i];
    if (c === QUOTE) {
      const after = skipString(buffer, i, end);
      if (after < 0) return -1;
      i = after - 1;
    } else if (c === 0x5b || c === 0x7b) depth += 1;
    else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The row `[start, end)` of `buffer` as a value, with a large `message.content` replaced by `[]`.
 * The replacement is written over the row's own bytes (the suffix moved down behind `[]`), so the
 * row is decoded once, as one flat string: the caller's buffer holds the line only to be parsed.
 */
export function parseClaudeLine(buffer: Buffer, start: number, end: number): unknown {
  if (end - start > STRIP_MIN_BYTES) {
    const message = buffer.indexOf(MESSAGE_KEY, start);
    const key = message >= 0 && message < end ? buffer.indexOf(CONTENT_KEY, message) : -1;
    if (key >= 0 && key < end) {
      const valueAt = key + CONTENT_KEY.length;
      const after = skipJsonValue(buffer, valueAt, end);
      const next = buffer[after];
      if (after > 0 && after - valueAt > STRIP_MIN_BYTES && (next === 0x2c || next === 0x7d)) {
        // A limit row's content is its message: never strip it (they are short; this is a guard).
        if (!hasLimitMarker(buffer, start, valueAt) && !hasLimitMarker(buffer, after, end)) {
          buffer[valueAt] = 0x5b;
          buffer[valueAt + 1] = 0x5d;
          buffer.copyWithin(valueAt + 2, after, end);
          return JSON.parse(buffer.toString('utf8', start, valueAt + 2 + (end - after)));
        }
      }
    }
  }
  return JSON.parse(buffer.toString('utf8', start, end));
}

/** Whether `buffer[from, to)` holds a limit row's marker. */
function hasLimitMarker(buffer: Buffer, from: number, to: number): boolean {
  const part = buffer.subarray(from, to); // bounded: a search of the whole buffer would run past the row
  return LIMIT_MARKERS.some((marker) => part.includes(marker));
}

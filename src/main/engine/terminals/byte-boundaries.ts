/**
 * Where PTY output may be cut into frames without breaking a character or an escape sequence.
 *
 * The batcher works on raw bytes (node-pty with `encoding: null`) so it never pays for a decode
 * and re-encode. Two things must never straddle a frame boundary:
 * - a multi-byte UTF-8 character: a client decoding frames independently would show U+FFFD;
 * - an escape sequence: the headless mirror is snapshotted at frame boundaries when a client
 *   attaches, and a snapshot taken in the middle of `ESC [ 3 1 m` would leave the new client
 *   printing `1m` as text.
 * These functions are pure so they can be tested byte by byte.
 */

const ESC = 0x1b;
const BEL = 0x07;
const CAN = 0x18;
const SUB = 0x1a;

/**
 * Length of an incomplete UTF-8 sequence at the end of `bytes` (0 when the end is clean).
 *
 * Only a lead byte whose continuation bytes have not all arrived counts as incomplete; stray
 * continuation bytes and invalid lead bytes are passed on (the decoder shows U+FFFD for them
 * either way, and holding them back could hold data forever).
 */
export function incompleteUtf8TailLength(bytes: Uint8Array, end: number = bytes.length): number {
  // A UTF-8 sequence is at most 4 bytes, so its lead byte is within the last 4.
  const stop = Math.max(0, end - 4);
  for (let i = end - 1; i >= stop; i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const expected = byte < 0x80 ? 1 : (byte & 0xe0) === 0xc0 ? 2 : (byte & 0xf0) === 0xe0 ? 3 : (byte & 0xf8) === 0xf0 ? 4 : 1;
    const available = end - i;
    return available < expected ? available : 0;
  }
  return 0;
}

/**
 * Index where an unfinished escape sequence at the end of `bytes[0, end)` starts, or `end` when
 * there is none (or when it started more than `maxLength` bytes before the end).
 *
 * Looks only at the last ESC in the window: any ESC after an unfinished sequence would itself
 * end or restart it. Sequences recognised: CSI (`ESC [` params, intermediates, final byte),
 * string sequences (OSC `ESC ]`, DCS `ESC P`, SOS, PM, APC; ended by BEL or ST = `ESC \`), and
 * short escapes (`ESC` intermediates… final). CAN and SUB abort a sequence, so after them the
 * end is clean. A sequence longer than `maxLength` (e.g. a sixel image) is not held back: holding
 * it would delay output without bound.
 */
export function incompleteEscapeStart(bytes: Uint8Array, end: number = bytes.length, maxLength = 1024): number {
  const windowStart = Math.max(0, end - maxLength);
  let start = -1;
  for (let i = end - 1; i >= windowStart; i--) {
    if (bytes[i] === ESC) {
      start = i;
      break;
    }
  }
  if (start < 0) return end;
  return isEscapeComplete(bytes, start, end) ? end : start;
}

/** Whether the sequence starting with the ESC at `start` is finished before `end`. */
function isEscapeComplete(bytes: Uint8Array, start: number, end: number): boolean {
  if (start + 1 >= end) return false;
  const kind = bytes[start + 1]!;
  if (kind === CAN || kind === SUB) return true;
  if (kind === 0x5b) {
    // CSI: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, final 0x40–0x7E. C0 controls
    // other than CAN/SUB are executed inside a CSI without ending it.
    for (let i = start + 2; i < end; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x40 && byte <= 0x7e) return true;
      if (byte === CAN || byte === SUB || byte >= 0x7f) return true;
    }
    return false;
  }
  if (kind === 0x5d || kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f) {
    // String sequences end with BEL or ST (`ESC \`); ST would be a later ESC, and `start` is the
    // last ESC, so only BEL (or an abort) can have finished this one.
    for (let i = start + 2; i < end; i++) {
      const byte = bytes[i]!;
      if (byte === BEL || byte === CAN || byte === SUB) return true;
    }
    return false;
  }
  if (kind >= 0x20 && kind <= 0x2f) {
    // ESC, intermediates, then a final byte 0x30–0x7E (e.g. `ESC ( B`).
    for (let i = start + 2; i < end; i++) {
      const byte = bytes[i]!;
      if (byte >= 0x30 && byte <= 0x7e) return true;
      if (byte < 0x20 || byte > 0x2f) return true;
    }
    return false;
  }
  // Two-byte escapes (`ESC 7`, `ESC \`, `ESC M`, …) and anything malformed: finished.
  return true;
}

/**
 * How many bytes of `bytes` can be emitted now: everything except an incomplete trailing UTF-8
 * character and an unfinished trailing escape sequence.
 */
export function safeCutIndex(bytes: Uint8Array, maxEscapeLength = 1024): number {
  const utf8End = bytes.length - incompleteUtf8TailLength(bytes);
  return incompleteEscapeStart(bytes, utf8End, maxEscapeLength);
}

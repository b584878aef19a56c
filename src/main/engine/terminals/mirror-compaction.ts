/**
 * Which unparsed output the headless mirror may skip without changing its final screen.
 *
 * A flood (`cat big.log`, a verbose build) is mostly plain text that scrolls out of the
 * scrollback long before anyone looks. Parsing it all costs ~30 ms of CPU per MB on the engine's
 * event loop, more than everything else the engine does with those bytes. This module finds a
 * prefix of the backlog whose effect is provably washed out by what follows, so it can be dropped.
 *
 * The argument, for a backlog `P + T` parsed on top of a state `S` (all earlier output):
 * 1. `P` contains no byte that changes terminal modes (ESC, SO/SI, C1 controls), so the modes at
 *    the start of `T` are the same whether or not `P` was parsed; only the cursor and the buffer
 *    contents differ.
 * 2. `T` starts with a carriage return followed, before any mode-changing byte, by at least
 *    `rows + scrollback` line feeds. The CR puts the cursor in column 0 either way; within `rows`
 *    line feeds it reaches the bottom row either way; every further line feed scrolls one line
 *    into the scrollback. After `scrollback` of them, no line from before `T` is retained.
 * 3. That only holds with the normal buffer active and a full-screen scroll region, which the
 *    caller checks on the parsed state `S` (and `P` cannot change them, by 1).
 * So parsing `S → T` yields the same screen and scrollback as `S → P → T`.
 */

const LF = 0x0a;
const CR = 0x0d;

/**
 * A Buffer view of the same bytes: Buffer's indexOf/lastIndexOf use memchr, many times faster
 * than TypedArray's generic loop on megabytes of output.
 */
function view(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Index of the first byte that may change terminal state, or `bytes.length` if there is none. */
export function firstUnsafeIndex(input: Uint8Array): number {
  const bytes = view(input);
  let first = bytes.length;
  for (const value of [0x1b, 0x0e, 0x0f]) {
    const index = bytes.indexOf(value);
    if (index !== -1 && index < first) first = index;
  }
  // C1 controls arrive UTF-8 encoded as C2 80..C2 9F (xterm decodes UTF-8 before parsing).
  let from = 0;
  for (;;) {
    const index = bytes.indexOf(0xc2, from);
    if (index === -1 || index >= first) break;
    const next = bytes[index + 1];
    if (next === undefined || (next >= 0x80 && next <= 0x9f)) return index;
    from = index + 1;
  }
  return first;
}

/**
 * How many leading bytes of `bytes` can be dropped unparsed (0 when none can).
 *
 * @param washoutLines `rows + scrollback` of the mirror.
 */
export function droppablePrefix(input: Uint8Array, washoutLines: number): number {
  const bytes = view(input);
  const safeEnd = firstUnsafeIndex(bytes);
  // Walk back over `washoutLines` line feeds that precede the first unsafe byte…
  let position = safeEnd;
  for (let count = 0; count < washoutLines; count++) {
    // (A negative fromIndex would count from the end: stop at the start instead.)
    if (position <= 0) return 0;
    const index = bytes.lastIndexOf(LF, position - 1);
    if (index === -1) return 0;
    position = index;
  }
  // …then find the carriage return that starts the washout region.
  const cr = bytes.lastIndexOf(CR, position);
  return cr <= 0 ? 0 : cr;
}

/** Index of the last byte that may change terminal state, or -1 if there is none. */
export function lastUnsafeIndex(input: Uint8Array): number {
  const bytes = view(input);
  let last = -1;
  for (const value of [0x1b, 0x0e, 0x0f]) last = Math.max(last, bytes.lastIndexOf(value));
  for (let from = bytes.length - 1; from > last; ) {
    const index = bytes.lastIndexOf(0xc2, from);
    if (index <= last) break;
    const next = bytes[index + 1];
    if (next === undefined || (next >= 0x80 && next <= 0x9f)) return index;
    from = index - 1;
  }
  return last;
}

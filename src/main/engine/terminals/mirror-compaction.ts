/**
 * Which unparsed output the headless mirror may skip without changing its final screen.
 *
 * A flood (`cat big.log`, a verbose build, an agent's coloured output) mostly scrolls out of the
 * scrollback long before anyone looks. Parsing it all costs ~30 ms of CPU per MB of plain text and
 * ~70 ms per MB of coloured text, more than everything else the engine does with those bytes.
 * This module finds a prefix of the backlog whose effect is provably washed out by what follows,
 * so it can be dropped, and the few bytes that must replace it.
 *
 * The argument, for a backlog `P + T` parsed on top of a state `S` (all earlier output):
 * 1. `P` contains no byte that changes terminal modes (ESC, SO/SI, C1 controls) except colour and
 *    style changes (SGR, `ESC [ params m`), so the modes at the start of `T` are the same whether
 *    or not `P` was parsed; only the cursor, the buffer contents and the current text attributes
 *    differ.
 * 2. The attributes are restored by a replay of `P`'s SGR sequences (see {@link foldedSgr}).
 * 3. `T` starts with a carriage return followed, before any other mode-changing byte, by at least
 *    `rows + scrollback` line feeds. The CR puts the cursor in column 0 either way; within `rows`
 *    line feeds it reaches the bottom row either way; every further line feed scrolls one line
 *    into the scrollback. After `scrollback` of them, no line from before `T` is retained.
 * 4. That only holds with the normal buffer active and a full-screen scroll region, which the
 *    caller checks on the parsed state `S` (and `P` cannot change them, by 1).
 * So parsing `S → replay → T` yields the same screen and scrollback as `S → P → T`.
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

const ESC = 0x1b;
const SO = 0x0e;
const SI = 0x0f;

/** A byte of an SGR sequence's parameters: a digit, `;` or `:` (colon sub-parameters). */
function isSgrParameterByte(value: number): boolean {
  return (value >= 0x30 && value <= 0x39) || value === 0x3b || value === 0x3a;
}

/** Longest SGR sequence taken as one (longer ones are treated as unsafe, which is always exact). */
const MAX_SGR_BYTES = 64;

/**
 * Length of the SGR sequence (`ESC [` digits, `;`, `:` then `m`) starting at `index`, or 0 if the
 * bytes there are anything else (another sequence, or one cut off at the end of the backlog).
 *
 * Only this exact form: a private marker (`ESC [ > 4 m` sets key modifiers, not colours) or any
 * other byte inside makes it unsafe.
 */
export function sgrLength(bytes: Uint8Array, index: number): number {
  if (bytes[index] !== ESC || bytes[index + 1] !== 0x5b) return 0;
  const limit = Math.min(bytes.length, index + MAX_SGR_BYTES);
  for (let at = index + 2; at < limit; at++) {
    const value = bytes[at]!;
    if (value === 0x6d) return at - index + 1;
    if (!isSgrParameterByte(value)) return 0;
  }
  return 0;
}

/**
 * Whether the bytes from `index` to the end are the start of what may still become an SGR
 * sequence (output arrives in chunks; the rest of the sequence is in the next one).
 */
export function sgrCutOff(bytes: Uint8Array, index: number): boolean {
  if (bytes[index] !== ESC || bytes.length - index >= MAX_SGR_BYTES) return false;
  if (index + 1 === bytes.length) return true;
  if (bytes[index + 1] !== 0x5b) return false;
  for (let at = index + 2; at < bytes.length; at++) {
    const value = bytes[at]!;
    if (!isSgrParameterByte(value)) return false;
  }
  return true;
}

/** Index of the first byte that may change terminal state other than by SGR, or `bytes.length`. */
export function firstUnsafeIndex(input: Uint8Array): number {
  const bytes = view(input);
  let first = bytes.length;
  for (const value of [SO, SI]) {
    const index = bytes.indexOf(value);
    if (index !== -1 && index < first) first = index;
  }
  for (let from = 0; ; ) {
    const index = bytes.indexOf(ESC, from);
    if (index === -1 || index >= first) break;
    const length = sgrLength(bytes, index);
    if (length === 0) {
      first = index;
      break;
    }
    from = index + length;
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
 * The SGR sequences of `bytes[0, end)` folded into a short replay with the same effect.
 *
 * 1. Only what follows the last full reset counts: SGR 0 (`ESC [ m`, `ESC [ 0 m`, `ESC [ 0 ; … m`)
 *    sets every attribute an SGR sequence can set (colours, flags, underline style and colour);
 *    what it does not touch (a hyperlink's id) only OSC sequences set, which are never dropped.
 * 2. From there, each distinct sequence once, at its last occurrence. Every SGR parameter *sets*
 *    fields of the current attributes to values that depend only on the parameter, never on what
 *    they were, so each field ends with the value the last sequence touching it gave, and an
 *    earlier copy of a sequence that occurs again later is overwritten by it.
 *
 * Coloured output resets after every span, so the replay is a sequence or two. A unit test checks
 * both rules against xterm's own attribute state on random streams.
 * Returns an empty array when there are none. `bytes[0, end)` must hold no unsafe byte.
 */
export function foldedSgr(input: Uint8Array, end: number): Uint8Array {
  const bytes = view(input);
  let from = 0;
  for (let at = end - 1; at >= 0; ) {
    const index = bytes.lastIndexOf(ESC, at);
    if (index === -1) break;
    if (startsWithReset(bytes, index)) {
      from = index;
      break;
    }
    at = index - 1;
  }
  const last = new Map<string, true>();
  for (;;) {
    const index = bytes.indexOf(ESC, from);
    if (index === -1 || index >= end) break;
    const length = sgrLength(bytes, index);
    if (length === 0) throw new Error('foldedSgr: an escape sequence other than SGR in a dropped prefix');
    const key = bytes.toString('latin1', index, index + length);
    last.delete(key);
    last.set(key, true);
    from = index + length;
  }
  if (last.size === 0) return EMPTY;
  return Buffer.from([...last.keys()].join(''), 'latin1');
}

/** Whether the SGR sequence at `index` starts with a full reset: `ESC [ m`, `ESC [ 0 m` or `ESC [ 0 ;`/`ESC [ ;`. */
function startsWithReset(bytes: Uint8Array, index: number): boolean {
  const first = bytes[index + 2];
  if (first === 0x6d || first === 0x3b) return true;
  if (first !== 0x30) return false;
  const second = bytes[index + 3];
  return second === 0x6d || second === 0x3b;
}

const EMPTY = new Uint8Array(0);

/**
 * How many leading bytes of `bytes` can be dropped unparsed (0 when none can).
 *
 * @param washoutLines `rows + scrollback` of the mirror.
 * @param safeEnd {@link firstUnsafeIndex} of `input`, when the caller knows it already.
 */
export function droppablePrefix(input: Uint8Array, washoutLines: number, safeEnd = firstUnsafeIndex(input)): number {
  const bytes = view(input);
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

/**
 * Index of the last byte that may change terminal state other than by SGR, or -1 if there is none.
 * An SGR sequence cut off at the end is not counted: it is most likely completed by the next chunk.
 */
export function lastUnsafeIndex(input: Uint8Array): number {
  const bytes = view(input);
  let last = Math.max(bytes.lastIndexOf(SO), bytes.lastIndexOf(SI));
  for (let from = bytes.length - 1; from > last; ) {
    const index = bytes.lastIndexOf(ESC, from);
    if (index <= last) break;
    if (sgrLength(bytes, index) === 0 && !sgrCutOff(bytes, index)) {
      last = index;
      break;
    }
    from = index - 1;
  }
  for (let from = bytes.length - 1; from > last; ) {
    const index = bytes.lastIndexOf(0xc2, from);
    if (index <= last) break;
    const next = bytes[index + 1];
    if (next === undefined || (next >= 0x80 && next <= 0x9f)) return index;
    from = index - 1;
  }
  return last;
}

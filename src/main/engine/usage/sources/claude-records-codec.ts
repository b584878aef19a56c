/**
 * The Claude dedupe records of one account as compact index data, decoded lazily.
 *
 * They are most of a heavy user's index (one per model request, kept for as long as the
 * transcripts exist, because resume and fork copies can repeat any old message). As objects they
 * cost ~470 bytes each in JSON, repeating the account, session id, working directory and model in
 * every record; here they are one flat array of numbers with a string table: a fifth of the size,
 * which is what a warm start loads, clones to the engine and saves.
 *
 * A warm start used to turn every saved record back into objects (tens of thousands, and the
 * garbage collections they cost) to then look up the few message ids the new rows carry. The
 * {@link ClaudeRecordStore} keeps the saved rows as they are, indexes them by message id in one
 * pass over numbers, and turns a message's records into objects only when a new row names it.
 * Saving copies the untouched rows as they are and encodes only what was touched.
 */
import type { UsageRecord } from '../types.ts';
import type { ClaudeEntry, ClaudeRaw, ClaudeRecords } from './claude-parser.ts';

/** Compact records: `strings` holds ids, sessions, cwds and models; `rows` refers to them by index. */
export interface ClaudeRecordsData {
  strings: string[];
  /**
   * Per message id: its string index, the entry count, then per entry 14 values: requestId (string
   * index or -1), sidechain (0/1), the six raw counts, costUSD (NaN = none), session, cwd (or -1),
   * model, ts, cost (NaN = unpriced). A typed array in memory and on disk (index-store.ts writes
   * its bytes); a plain array with nulls for NaN is accepted too (older JSON data, tests).
   */
  rows: Float64Array | (number | null)[];
}

/** Rows as a typed array (JSON gives a plain array with nulls). */
export function rowsAsTyped(rows: ClaudeRecordsData['rows']): Float64Array {
  if (rows instanceof Float64Array) return rows;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows[i] ?? NaN;
  return out;
}

const PER_ENTRY = 14;
const num = (value: number): number => (Number.isNaN(value) ? 0 : value);
const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);

/**
 * An account's records: the saved rows, read on demand, plus the messages decoded or added since.
 * Implements the parser's {@link ClaudeRecords}; a decoded message's entries are the live objects
 * the parser mutates, so they are kept and encoded again on save.
 */
export class ClaudeRecordStore implements ClaudeRecords {
  private readonly strings: string[];
  /** string → index in {@link strings}; built on the first save (a load never needs it). */
  private stringAt: Map<string, number> | null = null;
  private readonly base: Float64Array;
  /** message id → offset of its group in {@link base}, for ids not decoded yet. */
  private readonly saved = new Map<string, number>();
  private readonly live = new Map<string, ClaudeEntry[]>();

  private constructor(
    private readonly account: string,
    strings: string[],
    base: Float64Array,
  ) {
    this.strings = strings;
    this.base = base;
  }

  /** An empty store. */
  static empty(account: string): ClaudeRecordStore {
    return new ClaudeRecordStore(account, [], new Float64Array(0));
  }

  /**
   * A store over saved data; null when the data is malformed (the caller re-reads the logs). Every
   * group's bounds and string references are checked here, in one pass over numbers, so a later
   * lazy decode cannot fail halfway through a scan.
   */
  static load(data: ClaudeRecordsData, account: string): ClaudeRecordStore | null {
    const { strings } = data;
    if (!Array.isArray(strings) || !(data.rows instanceof Float64Array || Array.isArray(data.rows))) return null;
    const rows = rowsAsTyped(data.rows);
    const store = new ClaudeRecordStore(account, strings, rows);
    // A tight loop over numbers (it runs before the JIT has warmed up, on every warm start): a
    // string reference is an integer index into the table; NaN fails every comparison.
    const n = strings.length;
    const length = rows.length;
    const isRef = (at: number): boolean => at >= 0 && at < n && Math.floor(at) === at;
    let i = 0;
    while (i < length) {
      const id = rows[i]!;
      const count = rows[i + 1]!;
      if (!isRef(id) || !(count >= 0 && Math.floor(count) === count)) return null;
      const end = i + 2 + count * PER_ENTRY;
      if (end > length) return null;
      for (let e = i + 2; e < end; e += PER_ENTRY) {
        const requestId = rows[e]!;
        const cwd = rows[e + 10]!;
        // requestId and cwd may be absent (-1); session and model may not.
        if (!(requestId === -1 || isRef(requestId)) || !isRef(rows[e + 9]!) || !(cwd === -1 || isRef(cwd)) || !isRef(rows[e + 11]!)) return null;
      }
      store.saved.set(strings[id]!, i);
      i = end;
    }
    return store;
  }

  get(id: string): ClaudeEntry[] | undefined {
    const decoded = this.live.get(id);
    if (decoded) return decoded;
    const at = this.saved.get(id);
    if (at === undefined) return undefined;
    const entries = this.decodeGroup(at);
    this.saved.delete(id);
    this.live.set(id, entries);
    return entries;
  }

  set(id: string, entries: ClaudeEntry[]): this {
    this.saved.delete(id);
    this.live.set(id, entries);
    return this;
  }

  /** Message ids held. */
  get size(): number {
    return this.saved.size + this.live.size;
  }

  /** Messages turned into objects so far (saved ones read on demand, and new ones). */
  get decodedCount(): number {
    return this.live.size;
  }

  /** Every message's entries (decodes all; tests and diagnostics). */
  entries(): IterableIterator<[string, ClaudeEntry[]]> {
    for (const id of [...this.saved.keys()]) this.get(id);
    return this.live.entries();
  }

  private decodeGroup(at: number): ClaudeEntry[] {
    const rows = this.base;
    const str = (index: number): string => this.strings[index]!;
    const count = rows[at + 1]!;
    const entries: ClaudeEntry[] = [];
    for (let k = 0, i = at + 2; k < count; k++, i += PER_ENTRY) {
      const input = num(rows[i + 2]!);
      const cw5m = num(rows[i + 3]!);
      const cw1h = num(rows[i + 4]!);
      const cwOther = num(rows[i + 5]!);
      const cacheRead = num(rows[i + 6]!);
      const output = num(rows[i + 7]!);
      const raw: ClaudeRaw = [input, cw5m, cw1h, cwOther, cacheRead, output];
      const requestAt = rows[i]!;
      const cwdAt = rows[i + 10]!;
      const record: UsageRecord = {
        provider: 'claude',
        account: this.account,
        sessionId: str(rows[i + 9]!),
        cwd: cwdAt === -1 ? null : str(cwdAt),
        model: str(rows[i + 11]!),
        ts: num(rows[i + 12]!),
        // As the parser builds them (claude-parser.ts toRecord): the three inputs are disjoint.
        tokens: { input: input + cw5m + cw1h + cwOther + cacheRead, cachedInput: cacheRead, cacheWrite: cw5m + cw1h + cwOther, output, reasoning: 0 },
        cost: orNull(rows[i + 13]!),
      };
      entries.push({ requestId: requestAt === -1 ? null : str(requestAt), sidechain: rows[i + 1] === 1, raw, costUSD: orNull(rows[i + 8]!), record });
    }
    return entries;
  }

  /**
   * The compact data: saved groups nobody touched are copied as they are (their string indices
   * stay valid: the table only grows), decoded and new ones are encoded after them.
   */
  encode(): ClaudeRecordsData {
    let at = this.stringAt;
    if (!at) {
      at = new Map();
      for (let i = 0; i < this.strings.length; i++) if (!at.has(this.strings[i]!)) at.set(this.strings[i]!, i);
      this.stringAt = at;
    }
    const table = at;
    const ref = (value: string): number => {
      let index = table.get(value);
      if (index === undefined) {
        index = this.strings.length;
        this.strings.push(value);
        table.set(value, index);
      }
      return index;
    };
    let size = 0;
    for (const offset of this.saved.values()) size += 2 + this.base[offset + 1]! * PER_ENTRY;
    for (const entries of this.live.values()) size += 2 + entries.length * PER_ENTRY;
    const rows = new Float64Array(size);
    let i = 0;
    for (const offset of this.saved.values()) {
      const end = offset + 2 + this.base[offset + 1]! * PER_ENTRY;
      rows.set(this.base.subarray(offset, end), i);
      i += end - offset;
    }
    for (const [id, entries] of this.live) {
      rows[i++] = ref(id);
      rows[i++] = entries.length;
      for (const e of entries) {
        const r = e.record;
        const raw = e.raw;
        rows[i++] = e.requestId === null ? -1 : ref(e.requestId);
        rows[i++] = e.sidechain ? 1 : 0;
        for (let k = 0; k < 6; k++) rows[i++] = raw[k]!;
        rows[i++] = e.costUSD ?? NaN;
        rows[i++] = ref(r.sessionId);
        rows[i++] = r.cwd === null ? -1 : ref(r.cwd);
        rows[i++] = ref(r.model);
        rows[i++] = r.ts;
        rows[i++] = r.cost ?? NaN;
      }
    }
    // A copy of the table: the store keeps appending to its own.
    return { strings: [...this.strings], rows };
  }
}

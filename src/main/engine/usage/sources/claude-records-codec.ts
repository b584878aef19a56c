/**
 * The Claude dedupe records of one account as compact index data, and back.
 *
 * They are most of a heavy user's index (one per model request, kept for as long as the
 * transcripts exist, because resume and fork copies can repeat any old message). As objects they
 * cost ~470 bytes each in JSON, repeating the account, session id, working directory and model in
 * every record; here they are one flat array of numbers with a string table: a fifth of the size,
 * which is what a warm start parses, clones to the engine and saves.
 */
import type { UsageRecord } from '../types.ts';
import type { ClaudeEntry, ClaudeRaw, ClaudeRecords } from './claude-parser.ts';

/** Compact records: `strings` holds ids, sessions, cwds and models; `rows` refers to them by index. */
export interface ClaudeRecordsData {
  strings: string[];
  /**
   * Per message id: its string index, the entry count, then per entry 14 values: requestId (string
   * index or -1), sidechain (0/1), the six raw counts, costUSD (NaN = none), session, cwd (or -1),
   * model, ts, cost (NaN = unpriced). A typed array in memory (the hand-over from the worker is
   * then one copy, not a quarter of a million cloned numbers); a plain array in the JSON file,
   * where NaN is written as null.
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

/** Encode an account's records. */
export function encodeClaudeRecords(records: ClaudeRecords): ClaudeRecordsData {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (value: string): number => {
    let at = index.get(value);
    if (at === undefined) {
      at = strings.length;
      strings.push(value);
      index.set(value, at);
    }
    return at;
  };
  let size = 0;
  for (const entries of records.values()) size += 2 + entries.length * PER_ENTRY;
  const rows = new Float64Array(size);
  let i = 0;
  for (const [id, entries] of records) {
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
  return { strings, rows };
}

/** Decode an account's records; null when the data is malformed (the caller re-reads the logs). */
export function decodeClaudeRecords(data: ClaudeRecordsData, account: string): ClaudeRecords | null {
  const { strings } = data;
  if (!Array.isArray(strings) || !(data.rows instanceof Float64Array || Array.isArray(data.rows))) return null;
  const rows = rowsAsTyped(data.rows);
  const records: ClaudeRecords = new Map();
  const str = (at: number): string => {
    const value = strings[at];
    if (value === undefined) throw new Error('bad string index');
    return value;
  };
  const num = (value: number): number => (Number.isNaN(value) ? 0 : value);
  const orNull = (value: number): number | null => (Number.isNaN(value) ? null : value);
  try {
    let i = 0;
    while (i < rows.length) {
      const id = str(rows[i]!);
      const count = num(rows[i + 1]!);
      i += 2;
      const entries: ClaudeEntry[] = [];
      for (let k = 0; k < count; k++, i += PER_ENTRY) {
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
          account,
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
      records.set(id, entries);
    }
  } catch {
    return null;
  }
  return records;
}

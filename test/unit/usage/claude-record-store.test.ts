/**
 * The Claude dedupe records kept compact and decoded on demand (claude-records-codec.ts): a
 * loaded store turns no record into objects until a row names its message, saving keeps what was
 * never touched byte for byte, and the parser dedupes against it exactly as against a plain Map.
 */
import { describe, expect, it } from 'vitest';
import { ClaudeParser, type ClaudeEntry } from '../../../src/main/engine/usage/sources/claude-parser.ts';
import { ClaudeRecordStore, type ClaudeRecordsData } from '../../../src/main/engine/usage/sources/claude-records-codec.ts';
import type { ParseSink, UsageRecord } from '../../../src/main/engine/usage/types.ts';

const ACCOUNT = '/home/dev/.claude';

/** A sink that keeps the signed sum of records (what the ledger would hold). */
function sink() {
  const sum = { requests: 0, input: 0, output: 0 };
  const s: ParseSink = {
    record(next: UsageRecord, previous: UsageRecord | null) {
      if (previous) {
        sum.requests -= 1;
        sum.input -= previous.tokens.input;
        sum.output -= previous.tokens.output;
      }
      sum.requests += 1;
      sum.input += next.tokens.input;
      sum.output += next.tokens.output;
    },
    rateLimits: () => undefined,
    limitHit: () => undefined,
    context: () => undefined,
    session: () => undefined,
  };
  return { sum, sink: s };
}

const row = (id: string, requestId: string | null, output: number, ts = '2026-09-10T08:00:00.000Z', extra: Record<string, unknown> = {}) => ({
  type: 'assistant',
  timestamp: ts,
  sessionId: 'sess-1',
  cwd: '/w/repo',
  ...(requestId ? { requestId } : {}),
  ...extra,
  message: { id, model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: 5, cache_creation_input_tokens: 100, cache_read_input_tokens: 2000, output_tokens: output } },
});

const FIRST = [row('msg_a', 'req_a', 3), row('msg_a', 'req_a', 80), row('msg_b', null, 12), row('msg_c', 'req_c', 40, '2026-09-10T08:05:00.000Z', { isSidechain: true })];
const LATER = [row('msg_a', 'req_a', 80), row('msg_c', 'req_c2', 41), row('msg_d', 'req_d', 9), row('msg_a', 'req_a', 95)];

function feed(records: ClaudeRecordStore | Map<string, ClaudeEntry[]>, rows: unknown[], target = sink()) {
  const parser = new ClaudeParser(ACCOUNT, records, target.sink, 'UTC');
  for (const r of rows) parser.onValue(r, 'file-session');
  return target;
}

describe('ClaudeRecordStore', () => {
  it('decodes only the messages new rows name, and dedupes exactly like a plain map', () => {
    const store = ClaudeRecordStore.empty(ACCOUNT);
    const first = feed(store, FIRST);
    const saved = store.encode();

    const loaded = ClaudeRecordStore.load(saved, ACCOUNT)!;
    expect(loaded.size).toBe(3);
    expect(loaded.decodedCount).toBe(0);
    // After the restart: a repeat of msg_a (dropped), the parent row of msg_c's sidechain replay,
    // a new message, then msg_a grown. Only msg_a and msg_c are decoded; msg_b stays bytes.
    const after = feed(loaded, LATER, first);
    expect(loaded.decodedCount).toBe(3); // msg_a, msg_c (decoded), msg_d (new)
    expect(loaded.get('msg_b')).toBeDefined();
    expect(loaded.decodedCount).toBe(4);

    const reference = feed(new Map(), [...FIRST, ...LATER]);
    expect(after.sum).toEqual(reference.sum);
    // a (grown to 95, counted once), b, c (the parent row replaced its sidechain replay), d.
    expect(after.sum).toEqual({ requests: 4, input: 4 * 2105, output: 95 + 12 + 41 + 9 });
  });

  it('saves untouched messages as they were and touched ones as they are now', () => {
    const store = ClaudeRecordStore.empty(ACCOUNT);
    feed(store, FIRST);
    const loaded = ClaudeRecordStore.load(store.encode(), ACCOUNT)!;
    feed(loaded, LATER);
    const again = ClaudeRecordStore.load(loaded.encode(), ACCOUNT)!;
    const reference = new Map<string, ClaudeEntry[]>();
    feed(reference, [...FIRST, ...LATER]);
    const all = [...again.entries()];
    expect(all).toHaveLength(again.size); // each message once
    const decoded = new Map(all);
    expect(new Set(decoded.keys())).toEqual(new Set(reference.keys()));
    for (const [id, entries] of reference) expect(decoded.get(id), id).toEqual(entries);
    // The same data through JSON (plain array, NaN as null) loads to the same records.
    const viaJson = JSON.parse(JSON.stringify({ strings: again.encode().strings, rows: Array.from(again.encode().rows) })) as ClaudeRecordsData;
    expect(new Map([...ClaudeRecordStore.load(viaJson, ACCOUNT)!.entries()])).toEqual(decoded);
  });

  it('refuses malformed data up front instead of failing in the middle of a scan', () => {
    const store = ClaudeRecordStore.empty(ACCOUNT);
    feed(store, FIRST);
    const good = store.encode();
    const rows = Float64Array.from(good.rows as Float64Array);
    expect(ClaudeRecordStore.load({ strings: good.strings, rows: rows.subarray(0, rows.length - 3) }, ACCOUNT)).toBeNull();
    const badString = Float64Array.from(rows);
    badString[2 + 9] = good.strings.length + 5; // the first entry's session points past the table
    expect(ClaudeRecordStore.load({ strings: good.strings, rows: badString }, ACCOUNT)).toBeNull();
    expect(ClaudeRecordStore.load({ strings: 'nope' as unknown as string[], rows }, ACCOUNT)).toBeNull();
    expect(ClaudeRecordStore.load(good, ACCOUNT)).not.toBeNull();
  });
});

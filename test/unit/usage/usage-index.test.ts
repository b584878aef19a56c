/**
 * The index as a whole: snapshot round trip, resuming from saved offsets, truncation and
 * replacement (re-read with dedupe kept), deleted files (usage kept), accounts kept apart.
 */
import { appendFile, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageIndex } from '../../../src/main/engine/usage/scan/usage-index.ts';
import { expected, summarize, tempCopy } from './fixtures.ts';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

const MAIN = 'sessions/2026/09/10/rollout-2026-09-10T10-15-02-019a3f2e-7c41-7d20-9b1e-3f6a2c9d8e10.jsonl';
const tokenRow = (ts: string, total: number[], last: number[]) =>
  JSON.stringify({
    timestamp: ts,
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: {
        total_token_usage: { input_tokens: total[0], cached_input_tokens: total[1], output_tokens: total[2], reasoning_output_tokens: total[3], total_tokens: total[4] },
        last_token_usage: { input_tokens: last[0], cached_input_tokens: last[1], output_tokens: last[2], reasoning_output_tokens: last[3], total_tokens: last[4] },
        model_context_window: 258400,
      },
      rate_limits: null,
    },
  }) + '\n';

async function setup() {
  const { root, cleanup } = await tempCopy('codex/home-a');
  cleanups.push(cleanup);
  const want = await expected('codex/home-a');
  const total = (Object.values(want.sessions) as { inputTokens: number; requests: number }[]).reduce(
    (a, s) => ({ inputTokens: a.inputTokens + s.inputTokens, requests: a.requests + s.requests }),
    { inputTokens: 0, requests: 0 },
  );
  return { root, source: { provider: 'codex' as const, root }, total };
}
const totals = (index: UsageIndex) => {
  const t = summarize(index, Date.parse('2026-09-10T09:00:00Z')).totals;
  return { inputTokens: t.inputTokens, requests: t.requests };
};

describe('UsageIndex', () => {
  it('survives a JSON round trip and resumes from the saved offsets', async () => {
    const { root, source, total } = await setup();
    const index = new UsageIndex('UTC');
    await index.scanAll([source]);
    expect(totals(index)).toEqual(total);
    const restored = UsageIndex.fromSnapshot(JSON.parse(JSON.stringify(index.toSnapshot())), 'UTC')!;
    expect(summarize(restored, 0)).toEqual(summarize(index, 0));
    // Nothing new: nothing changes. Then one appended request counts exactly once.
    await restored.scanAll([source]);
    expect(totals(restored)).toEqual(total);
    await appendFile(path.join(root, MAIN), tokenRow('2026-09-10T08:20:00.000Z', [40102, 27648, 1503, 704, 41605], [1000, 0, 100, 0, 1100]));
    await restored.scanAll([source]);
    expect(totals(restored)).toEqual({ inputTokens: total.inputTokens + 1000, requests: total.requests + 1 });
  });

  it('refuses a snapshot made for another time zone or version', async () => {
    const index = new UsageIndex('UTC');
    expect(UsageIndex.fromSnapshot(index.toSnapshot(), 'Europe/Berlin')).toBeNull();
    expect(UsageIndex.fromSnapshot({ ...index.toSnapshot(), version: 999 }, 'UTC')).toBeNull();
  });

  it('re-reads a truncated or replaced file without counting anything twice', async () => {
    const { root, source, total } = await setup();
    const index = new UsageIndex('UTC');
    await index.scanAll([source]);
    const file = path.join(root, MAIN);
    const text = await readFile(file, 'utf8');
    // Replaced through temp + rename (new inode), same content plus one request.
    await writeFile(`${file}.tmp`, text + tokenRow('2026-09-10T08:20:00.000Z', [40102, 27648, 1503, 704, 41605], [1000, 0, 100, 0, 1100]));
    await rename(`${file}.tmp`, file);
    await index.scanAll([source]);
    expect(totals(index)).toEqual({ inputTokens: total.inputTokens + 1000, requests: total.requests + 1 });
    // Truncated to its first lines (size < offset): nothing is lost, nothing doubles.
    await writeFile(file, text.split('\n').slice(0, 5).join('\n') + '\n');
    await index.scanAll([source]);
    expect(totals(index)).toEqual({ inputTokens: total.inputTokens + 1000, requests: total.requests + 1 });
  });

  it('keeps the usage of deleted files (Claude cleans transcripts after 30 days)', async () => {
    const { root, source, total } = await setup();
    const index = new UsageIndex('UTC');
    await index.scanAll([source]);
    await rm(path.join(root, MAIN));
    await index.scanAll([source]);
    expect(totals(index)).toEqual(total);
    expect(index.files.get(path.join(root, MAIN))?.gone).toBe(true);
  });

  it('never merges two accounts, even with identical logs', async () => {
    const a = await setup();
    const b = await setup();
    const index = new UsageIndex('UTC');
    await index.scanAll([a.source, b.source]);
    expect(totals(index)).toEqual({ inputTokens: 2 * a.total.inputTokens, requests: 2 * a.total.requests });
    const accounts = new Set([...index.ledger.all()].map((bucket) => bucket.account));
    expect(accounts).toEqual(new Set([a.root, b.root]));
  });
});

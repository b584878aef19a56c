/**
 * Gemini chats (agent-logs.md §4, §5.4, §7): re-appended ids (last wins), tokens:null copies,
 * legacy `.json` rewritten whole, migration to `.jsonl` (no double count), `$rewindTo`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expected, scan, session, summarize, tempCopy } from './fixtures.ts';
import { UsageIndex } from '../../../src/main/engine/usage/scan/usage-index.ts';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});
const pick = (t: Record<string, unknown>) => ({
  inputTokens: t.inputTokens,
  cachedInputTokens: t.cachedInputTokens,
  outputTokens: t.outputTokens,
  reasoningTokens: t.reasoningTokens,
  requests: t.requests,
});

describe('Gemini chats', () => {
  it('counts each message once across copies, files and formats', async () => {
    const want = await expected('gemini/home');
    const { root, cleanup } = await tempCopy('gemini/home');
    cleanups.push(cleanup);
    const { summary } = await scan([{ provider: 'gemini', root }]);
    for (const [id, exp] of Object.entries<any>(want.sessions)) {
      const s = session(summary, id);
      expect(pick(s.totals), id).toEqual(pick(exp));
      expect(s.totals.costUsd, id).toBeCloseTo(exp.costUsd, 6);
      if (exp.cwd) expect(s.cwd).toBe(exp.cwd);
      if (exp.uncachedInput) expect(s.totals.inputTokens - s.totals.cachedInputTokens).toBe(exp.uncachedInput);
    }
    expect(summary.sessions).toHaveLength(2);
  });

  it('re-reads a rewritten legacy .json without counting old messages twice', async () => {
    const want = await expected('gemini/home');
    const { root, cleanup } = await tempCopy('gemini/home');
    cleanups.push(cleanup);
    const source = { provider: 'gemini' as const, root };
    const index = new UsageIndex('UTC');
    await index.scanAll([source]);
    const legacyId = '5e5e5e5e-0000-4000-8000-000000000001';
    const before = session(summarize(index, 0), legacyId).totals;
    expect(before.requests).toBe(want.sessions[legacyId].requests);
    // Gemini ≤ 0.38 rewrites the whole file with one more message.
    const dir = path.join(root, 'tmp', (await import('node:fs/promises').then((f) => f.readdir(path.join(root, 'tmp')))).find((d) => d.length === 64)!, 'chats');
    const file = path.join(dir, 'session-2025-08-01T10-00-5e5e5e5e.json');
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc.messages.push({ id: 'm-g9', timestamp: '2025-08-01T10:09:00.000Z', type: 'gemini', content: 'x', tokens: { input: 7, output: 3, cached: 0, thoughts: 0, tool: 0, total: 10 }, model: 'gemini-2.5-flash' });
    await writeFile(file, JSON.stringify(doc, null, 2) + '\n\n'); // larger: a different size and mtime
    await index.scanAll([source]);
    const after = session(summarize(index, 0), legacyId).totals;
    expect(after.requests).toBe(before.requests + 1);
    expect(after.inputTokens).toBe(before.inputTokens + 7);
    expect(after.outputTokens).toBe(before.outputTokens + 3);
  });
});

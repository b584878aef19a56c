/**
 * Codex rollouts against hand-computed expectations (agent-logs.md §2, §5.2, §7): re-emits,
 * second bucket, fork replay, copied history, archived duplicates, resume with counter restart,
 * legacy layouts G1/G2, info/rate_limits null, fill-to-window rows, non-enveloped rows.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, expected, scan, session } from './fixtures.ts';
import { normalizeCodexRateLimits } from '../../../src/main/engine/usage/sources/codex-rate-limits.ts';
import { resetFromCodexMessage } from '../../../src/main/engine/usage/sources/codex-parser.ts';

const codex = (dir: string) => ({ provider: 'codex' as const, root: path.join(FIXTURES, 'codex', dir) });
const pick = (t: Record<string, unknown>) => ({
  inputTokens: t.inputTokens,
  cachedInputTokens: t.cachedInputTokens,
  cacheWriteTokens: t.cacheWriteTokens,
  outputTokens: t.outputTokens,
  reasoningTokens: t.reasoningTokens,
  requests: t.requests,
});

describe('Codex rollouts', () => {
  it('counts each request once across re-emits, buckets, forks, copies and archives (home-a)', async () => {
    const want = await expected('codex/home-a');
    const { index, summary } = await scan([codex('home-a')]);
    expect(index.files.size).toBe(want.files.read);
    for (const [id, exp] of Object.entries<any>(want.sessions)) {
      const s = session(summary, id);
      expect(pick(s.totals), id).toEqual(pick(exp));
      expect(s.totals.costUsd, id).toBeCloseTo(exp.costUsd, 6);
      expect(s.model, id).toBe(exp.model);
      if (exp.cwd) expect(s.cwd).toBe(exp.cwd);
      if (exp.context) {
        expect(s.context?.usedTokens).toBe(exp.context.usedTokens);
        expect(s.context?.windowTokens).toBe(exp.context.windowTokens);
      }
    }
    expect(summary.sessions).toHaveLength(Object.keys(want.sessions).length);
    for (const [day, exp] of Object.entries<any>(want.byDayUTC)) {
      const row = summary.byDay.find((d) => d.day === day && d.provider === 'codex');
      expect({ requests: row?.totals.requests, inputTokens: row?.totals.inputTokens }, day).toEqual(exp);
    }
    const byCwd = new Map<string, { requests: number; inputTokens: number }>();
    for (const b of index.ledger.all()) {
      const e = byCwd.get(b.cwd!) ?? { requests: 0, inputTokens: 0 };
      byCwd.set(b.cwd!, { requests: e.requests + b.requests, inputTokens: e.inputTokens + b.input });
    }
    expect(Object.fromEntries(byCwd)).toEqual(want.byCwd);
  });

  it('keeps the result when the copy is read before its original', async () => {
    const want = await expected('codex/home-a');
    // Reading the archived copy first (as a separate account would not share state, use one index).
    const { UsageIndex } = await import('../../../src/main/engine/usage/scan/usage-index.ts');
    const { summarize } = await import('./fixtures.ts');
    const index = new UsageIndex('UTC');
    const root = path.join(FIXTURES, 'codex/home-a');
    const source = codex('home-a');
    const files = [
      'archived_sessions/rollout-2026-09-10T12-00-00-019a0c0c-2222-7333-8444-000000000004.jsonl',
      'sessions/2026/09/10/rollout-2026-09-10T10-15-02-019a3f2e-7c41-7d20-9b1e-3f6a2c9d8e10.jsonl',
    ];
    for (const f of files) await index.processFile({ path: path.join(root, f), kind: 'codex', source });
    const summary = summarize(index, Date.now());
    expect(pick(session(summary, '019a3f2e-7c41-7d20-9b1e-3f6a2c9d8e10').totals)).toEqual(pick(want.sessions['019a3f2e-7c41-7d20-9b1e-3f6a2c9d8e10']));
    expect(pick(session(summary, '019a0c0c-2222-7333-8444-000000000004').totals)).toEqual(pick(want.sessions['019a0c0c-2222-7333-8444-000000000004']));
  });

  it('tracks windows per bucket, classified by length (home-a, weekly-only)', async () => {
    const times: Record<string, string> = { 'home-a': '2026-09-10T09:00:00Z', 'weekly-only': '2026-09-11T07:00:00Z' };
    for (const dir of ['home-a', 'weekly-only']) {
      const want = await expected(`codex/${dir}`);
      const now = Date.parse(times[dir]!);
      const { index } = await scan([codex(dir)], { now });
      const got = index.windows
        .states(now)
        .map((w) => ({ bucket: w.bucket, kind: w.kind, usedPercent: w.usedPercent, resetsAt: w.resetsAt, windowMinutes: w.windowMinutes }))
        .sort((a, b) => `${a.bucket}${a.kind}`.localeCompare(`${b.bucket}${b.kind}`));
      expect(got, dir).toEqual([...want.windows].sort((a: any, b: any) => `${a.bucket}${a.kind}`.localeCompare(`${b.bucket}${b.kind}`)));
      expect(index.windows.planType('codex', codex(dir).root)).toBe(want.planType);
    }
  });

  it('prices gpt-5.3-codex like gpt-5.2-codex and counts a second bucket re-emit once (weekly-only)', async () => {
    const want = await expected('codex/weekly-only');
    const { summary } = await scan([codex('weekly-only')]);
    const [id, exp] = Object.entries<any>(want.sessions)[0]!;
    expect(pick(session(summary, id).totals)).toEqual(pick(exp));
    expect(session(summary, id).totals.costUsd).toBeCloseTo(exp.costUsd, 6);
  });

  it('reads legacy layouts and skips what carries no tokens (legacy)', async () => {
    const want = await expected('codex/legacy');
    const { index, summary } = await scan([codex('legacy')]);
    expect(index.corruptLines).toBe(want.corruptLines);
    for (const [id, exp] of Object.entries<any>(want.sessions)) {
      const s = session(summary, id);
      expect(pick(s.totals), id).toEqual(pick(exp));
      expect(s.totals.costUsd, id).toBeCloseTo(exp.costUsd, 6);
      expect(s.model).toBe(exp.model);
    }
    const now = Date.parse(want.windowsAt);
    const windows = index.windows
      .states(now)
      .map((w) => ({ bucket: w.bucket, kind: w.kind, usedPercent: w.usedPercent, resetsAt: w.resetsAt, windowMinutes: w.windowMinutes }));
    expect(windows.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual(want.windows);
    const hit = index.limitHits.find((h) => h.sessionId === want.limitHit.sessionId)!;
    expect(new Date(hit.ts).toISOString()).toBe(want.limitHit.at);
    expect(new Date(hit.resetAt!).toISOString()).toBe(want.limitHit.resetsAt);
  });

  it('normalises G1 flat rate limits without a reset time', async () => {
    const want = await expected('codex/legacy');
    const obs = normalizeCodexRateLimits(
      { primary_used_percent: 12, secondary_used_percent: 30, primary_window_minutes: 300, secondary_window_minutes: 10080 },
      'acct',
      Date.parse('2025-09-20T10:00:00Z'),
    )!;
    expect(obs.windows.map((w) => ({ minutes: w.minutes, usedPct: w.usedPct, resetAt: w.resetAt }))).toEqual([
      { minutes: 300, usedPct: want.g1Windows[0].usedPercent, resetAt: null },
      { minutes: 10080, usedPct: want.g1Windows[1].usedPercent, resetAt: null },
    ]);
    expect(normalizeCodexRateLimits({ primary: null, secondary: null, credits: { has_credits: true } }, 'a', 0)).toBeNull();
    expect(normalizeCodexRateLimits(null, 'a', 0)).toBeNull();
    // G1 later builds: reset after seconds, anchored to the line time.
    const g1b = normalizeCodexRateLimits({ primary_used_percent: 1, primary_reset_after_seconds: 60 }, 'a', 1_000_000)!;
    expect(g1b.windows[0]!.resetAt).toBe(1_060_000);
    // App-server camelCase.
    const v2 = normalizeCodexRateLimits({ limitId: 'codex', primary: { usedPercent: 7, windowDurationMins: 300, resetsAt: 1789044000 } }, 'a', 0, 'codex-appserver')!;
    expect(v2.windows[0]).toEqual({ minutes: 300, usedPct: 7, resetAt: 1789044000_000 });
  });

  it('reads relative reset times from usage-limit messages', () => {
    const t = Date.parse('2026-01-01T00:00:00Z');
    expect(resetFromCodexMessage('or try again in 4 days 22 hours 40 minutes.', t)).toBe(t + ((4 * 24 + 22) * 60 + 40) * 60_000);
    expect(resetFromCodexMessage('try again in 2 hours 13 minutes', t)).toBe(t + (2 * 60 + 13) * 60_000);
    expect(resetFromCodexMessage('no time here', t)).toBeNull();
  });
});

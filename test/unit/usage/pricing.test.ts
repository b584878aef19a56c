/**
 * Pricing lookup and per-provider formulas (agent-logs.md §5.6), with prices typed in here from
 * the snapshot's published values, not read back from the table.
 */
import { describe, expect, it } from 'vitest';
import { lookupModel, contextWindowOf, PRICING_TAKEN_AT } from '../../../src/main/engine/usage/pricing/pricing-table.ts';
import { claudeCost, codexCost, geminiCost } from '../../../src/main/engine/usage/pricing/cost.ts';

describe('model lookup', () => {
  it('matches prefixes, dates, aliases and suffixes', () => {
    expect(lookupModel('openai/gpt-5')?.key).toBe('gpt-5');
    expect(lookupModel('gpt-5-codex')?.key).toBe('gpt-5-codex');
    expect(lookupModel('gpt-5.3-codex')?.key).toBe('gpt-5.2-codex');
    expect(lookupModel('claude-sonnet-4-5-20250929')?.key).toBe('claude-sonnet-4-5-20250929');
    expect(lookupModel('anthropic/claude-opus-4-6[1m]')?.key).toBe('claude-opus-4-6');
    expect(lookupModel('claude-opus-4-6-fast')).toMatchObject({ key: 'claude-opus-4-6', fast: true });
    expect(lookupModel('us.anthropic.claude-haiku-4-5-20251001-v1:0')?.key).toBe('claude-haiku-4-5-20251001');
  });

  it('leaves unknown models unpriced instead of guessing', () => {
    expect(lookupModel('gpt-5.3-codex-spark')).toBeNull();
    expect(lookupModel('<synthetic>')).toBeNull();
    expect(lookupModel('totally-new-model')).toBeNull();
    expect(codexCost('totally-new-model', { input: 1, cached: 0, output: 1 })).toBeNull();
  });

  it('knows context windows and the snapshot date', () => {
    expect(contextWindowOf('gpt-5.2-codex')).toBe(272000);
    expect(contextWindowOf('claude-sonnet-4-5[1m]')).toBe(1_000_000);
    expect(PRICING_TAKEN_AT).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('cost formulas', () => {
  it('Codex: cached input at the cache-read price, priority tier ×2', () => {
    // gpt-5: 1.25 / 10 / 0.125 USD per 1M.
    const base = (1000 * 1.25 + 4000 * 0.125 + 500 * 10) / 1e6;
    expect(codexCost('gpt-5', { input: 5000, cached: 4000, output: 500 })).toBeCloseTo(base, 12);
    expect(codexCost('gpt-5', { input: 5000, cached: 4000, output: 500 }, true)).toBeCloseTo(2 * base, 12);
  });

  it('Claude: 5m writes at cache-creation price, 1h writes at 2× input, reads at cache-read', () => {
    // sonnet 4.5: 3 / 15 / 0.3 read / 3.75 write.
    const want = (10 * 3 + 100 * 3.75 + 200 * 6 + 300 * 3.75 + 1000 * 0.3 + 50 * 15) / 1e6;
    expect(claudeCost('claude-sonnet-4-5', { input: 10, cacheWrite5m: 100, cacheWrite1h: 200, cacheWriteOther: 300, cacheRead: 1000, output: 50 })).toBeCloseTo(want, 12);
  });

  it('Claude: a prompt over 200k tokens pays the higher tier on all its tokens', () => {
    const want = (1000 * 6 + 250_000 * 0.6 + 100 * 22.5) / 1e6;
    expect(claudeCost('claude-sonnet-4-5', { input: 1000, cacheWrite5m: 0, cacheWrite1h: 0, cacheWriteOther: 0, cacheRead: 250_000, output: 100 })).toBeCloseTo(want, 12);
  });

  it('Gemini: thoughts priced as output, tool tokens as input', () => {
    // gemini-2.5-pro: 1.25 / 10 / 0.125.
    const want = (4648 * 1.25 + 8192 * 0.125 + (311 + 512) * 10 + 40 * 1.25) / 1e6;
    expect(geminiCost('gemini-2.5-pro', { input: 12840, cached: 8192, output: 311, thoughts: 512, tool: 40 })).toBeCloseTo(want, 12);
  });
});

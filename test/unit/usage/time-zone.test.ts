/**
 * Day bucketing in the user's zone (agent-logs.md §7.7): the same requests land on different
 * days under two zones, DST transitions, half-hour offsets.
 */
import { describe, expect, it } from 'vitest';
import { dayKey, zonedTimeToUtc, zoneOffsetMs, daysBetween } from '../../../src/main/engine/usage/model/time-zone.ts';
import { UsageLedger } from '../../../src/main/engine/usage/model/usage-ledger.ts';

const rec = (iso: string) => ({
  provider: 'codex' as const,
  account: 'a',
  sessionId: 's',
  cwd: null,
  model: 'gpt-5',
  ts: Date.parse(iso),
  tokens: { input: 100, cachedInput: 0, cacheWrite: 0, output: 1, reasoning: 0 },
  cost: 0.001,
});

function days(zone: string, isos: string[]): Record<string, number> {
  const ledger = new UsageLedger(zone);
  for (const iso of isos) ledger.apply(rec(iso), 1);
  const out: Record<string, number> = {};
  for (const b of ledger.all()) out[b.day] = (out[b.day] ?? 0) + b.requests;
  return out;
}

describe('day bucketing', () => {
  const requests = ['2026-09-10T22:30:00Z', '2026-09-11T01:00:00Z', '2026-09-11T12:00:00Z'];
  it('buckets by the local day of each zone', () => {
    expect(days('UTC', requests)).toEqual({ '2026-09-10': 1, '2026-09-11': 2 });
    expect(days('Europe/Berlin', requests)).toEqual({ '2026-09-11': 3 });
    expect(days('America/Los_Angeles', requests)).toEqual({ '2026-09-10': 2, '2026-09-11': 1 });
    expect(days('Asia/Kolkata', ['2026-09-10T18:29:00Z', '2026-09-10T18:31:00Z'])).toEqual({ '2026-09-10': 1, '2026-09-11': 1 });
  });

  it('follows DST changes', () => {
    // Berlin: UTC+2 until 2026-10-25 01:00Z, then UTC+1.
    expect(zoneOffsetMs(Date.parse('2026-10-25T00:59:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    expect(zoneOffsetMs(Date.parse('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(dayKey(Date.parse('2026-10-24T22:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
    expect(dayKey(Date.parse('2026-10-25T23:30:00Z'), 'Europe/Berlin')).toBe('2026-10-26');
    expect(zonedTimeToUtc(2026, 3, 29, 3, 30, 'Europe/Berlin')).toBe(Date.parse('2026-03-29T01:30:00Z'));
  });

  it('removing a record removes its bucket', () => {
    const ledger = new UsageLedger('UTC');
    ledger.apply(rec('2026-09-10T10:00:00Z'), 1);
    ledger.apply(rec('2026-09-10T10:00:00Z'), -1);
    expect(ledger.size).toBe(0);
  });

  it('lists calendar days inclusive', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});

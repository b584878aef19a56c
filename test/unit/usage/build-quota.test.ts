/**
 * The quota snapshot says, per account, the last day its logs show a request, so the header can
 * leave out providers never used here instead of showing "unknown" to a new user.
 */
import { describe, expect, it } from 'vitest';
import { buildQuota } from '../../../src/main/engine/usage/report/build-quota.ts';
import type { LedgerBucket } from '../../../src/main/engine/usage/model/usage-ledger.ts';

const NOW = Date.parse('2026-09-10T10:00:00Z');

function bucket(partial: Partial<LedgerBucket>): LedgerBucket {
  return {
    provider: 'codex',
    account: '/h/.codex',
    sessionId: 's1',
    cwd: null,
    projectKey: null,
    day: '2026-09-08',
    model: 'gpt-5.2-codex',
    input: 0,
    cachedInput: 0,
    cacheWrite: 0,
    output: 0,
    reasoning: 0,
    requests: 0,
    cost: 0,
    unpriced: 0,
    ...partial,
  };
}

function snapshot(buckets: LedgerBucket[]) {
  return buildQuota({
    sources: [
      { provider: 'codex', root: '/h/.codex' },
      { provider: 'codex', root: '/h/.codex-work' },
      { provider: 'claude', root: '/h/.claude' },
      { provider: 'gemini', root: '/h/.gemini' },
    ],
    windows: [],
    planType: () => null,
    buckets,
    stalls: [],
    thresholds: [80, 95],
    timeZone: 'UTC',
    now: NOW,
  });
}

describe('buildQuota: last day used', () => {
  it('is the latest day with a request, per provider and account; null when the logs show none', () => {
    const quota = snapshot([
      bucket({ day: '2026-09-08', requests: 2, input: 100 }),
      bucket({ day: '2026-09-09', requests: 1, input: 50, sessionId: 's2' }),
      bucket({ day: '2026-09-07', requests: 1, input: 50, provider: 'gemini', account: '/h/.gemini' }),
      // A bucket whose records were all retracted (signed sums back to zero) is no use.
      bucket({ day: '2026-09-10', account: '/h/.codex-work' }),
    ]);
    const byAccount = Object.fromEntries(quota.providers.map((p) => [`${p.provider}:${p.account}`, p.lastUsedDay]));
    expect(byAccount).toEqual({
      'codex:/h/.codex': '2026-09-09',
      'codex:/h/.codex-work': null,
      'claude:/h/.claude': null,
      'gemini:/h/.gemini': '2026-09-07',
    });
    // Without windows each still says why there is no gauge data.
    expect(quota.providers.every((p) => p.status === 'unknown' && p.note !== null)).toBe(true);
  });
});

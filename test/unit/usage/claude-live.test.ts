/**
 * Claude window data from status-line stdin and stream-json (agent-logs.md §3.4): scales per
 * source, missing rate_limits, rejected events.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatusLine, readStreamEvent } from '../../../src/main/engine/usage/sources/claude-live.ts';
import { WindowTracker } from '../../../src/main/engine/usage/windows/window-tracker.ts';
import { FIXTURES, expected } from './fixtures.ts';

const NOW = Date.parse('2026-09-10T09:00:00Z');

describe('Claude live sources', () => {
  it('reads windows and context from status-line payloads', async () => {
    const want = await expected('claude/statusline');
    for (const name of ['with-rate-limits.json', 'without-rate-limits.json']) {
      const payload = JSON.parse(await readFile(path.join(FIXTURES, 'claude/statusline', name), 'utf8'));
      const facts = readStatusLine(payload, 'cfg', NOW)!;
      const tracker = new WindowTracker();
      if (facts.observation) tracker.observe(facts.observation, NOW);
      const windows = tracker.states(NOW).map((w) => ({ kind: w.kind, usedPercent: w.usedPercent, resetsAt: w.resetsAt }));
      expect(windows.sort((a, b) => a.kind.localeCompare(b.kind)), name).toEqual(want[name].windows);
      expect({ usedTokens: facts.context?.used, windowTokens: facts.context?.window }).toEqual(want[name].context);
      expect(facts.sessionId).toBe('3f2a9c1e-5b7d-4e21-9a0c-1d2e3f4a5b6c');
    }
    expect(readStatusLine('not json', 'cfg', NOW)).toBeNull();
  });

  it('reads stream-json rate-limit events (utilization 0–1) and rejections', async () => {
    const want = await expected('claude/stream-json');
    const lines = (await readFile(path.join(FIXTURES, 'claude/stream-json/events.jsonl'), 'utf8')).trim().split('\n');
    const tracker = new WindowTracker();
    let observations = 0;
    let rejected: number | null = null;
    lines.forEach((line, i) => {
      const facts = readStreamEvent(JSON.parse(line), 'cfg', NOW + i * 1000);
      if (!facts) return;
      if (facts.observation) {
        observations += 1;
        tracker.observe(facts.observation, NOW + i * 1000);
      }
      if (facts.rejected) rejected = facts.rejected.resetAt;
    });
    expect(observations).toBe(want.observations);
    const windows = tracker.states(NOW + 10_000).map((w) => ({ kind: w.kind, usedPercent: Math.round(w.usedPercent), resetsAt: w.resetsAt }));
    expect(windows.sort((a, b) => a.kind.localeCompare(b.kind))).toEqual(want.windows);
    expect(new Date(rejected!).toISOString()).toBe(want.rejectedResetsAt);
  });
});

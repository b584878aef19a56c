/**
 * Rate-limit window state (agent-logs.md §5.5, §7.8): out-of-order observations, rollover, past
 * reset = awaiting data, stale, future observations rejected, pace, burn projection, binding.
 */
import { describe, expect, it } from 'vitest';
import { WindowTracker, windowKind, burnRate } from '../../../src/main/engine/usage/windows/window-tracker.ts';
import type { RateLimitObservation } from '../../../src/main/engine/usage/types.ts';

const T0 = Date.parse('2026-09-10T10:00:00Z');
const MIN = 60_000;
const RESET = T0 + 3 * 60 * MIN; // 5h window started 2h before T0

function obs(at: number, primary: number, secondary: number | null = null, reset = RESET, bucket = 'codex'): RateLimitObservation {
  return {
    provider: 'codex',
    source: 'codex-rollout',
    account: 'home',
    bucket,
    bucketName: null,
    observedAt: at,
    planType: 'plus',
    windows: [
      { minutes: 300, usedPct: primary, resetAt: reset },
      ...(secondary === null ? [] : [{ minutes: 10080, usedPct: secondary, resetAt: T0 + 4 * 86_400_000 }]),
    ],
  };
}

describe('WindowTracker', () => {
  it('classifies windows by length', () => {
    expect([windowKind(300), windowKind(360), windowKind(10080), windowKind(1440)]).toEqual(['5h', '5h', 'weekly', '24h']);
  });

  it('keeps the newest observation whatever order they arrive in', () => {
    const t = new WindowTracker();
    t.observe(obs(T0, 30), T0);
    t.observe(obs(T0 - 10 * MIN, 20), T0);
    expect(t.states(T0)[0]!.usedPercent).toBe(30);
    // Same instant: the higher percentage wins.
    t.observe(obs(T0, 31), T0);
    expect(t.states(T0)[0]!.usedPercent).toBe(31);
  });

  it('rolls over to a later reset and ignores late data of the old instance', () => {
    const t = new WindowTracker();
    t.observe(obs(T0, 90), T0);
    const next = RESET + 5 * 60 * MIN;
    t.observe(obs(RESET + MIN, 2, null, next), RESET + MIN);
    t.observe(obs(T0 + MIN, 95), RESET + MIN); // late row from the old window
    const [w] = t.states(RESET + 2 * MIN);
    expect(w!.usedPercent).toBe(2);
    expect(w!.resetsAt).toBe(new Date(next).toISOString());
  });

  it('shows 0 % awaiting data after the reset, stale after 15 minutes without data', () => {
    const t = new WindowTracker();
    t.observe(obs(T0, 50), T0);
    expect(t.states(T0 + 14 * MIN)[0]!.stale).toBe(false);
    expect(t.states(T0 + 16 * MIN)[0]!.stale).toBe(true);
    const after = t.states(RESET + MIN)[0]!;
    expect(after).toMatchObject({ usedPercent: 0, awaitingData: true, stale: false, projectedFullAt: null });
  });

  it('rejects observations more than a minute in the future', () => {
    const t = new WindowTracker();
    expect(t.observe(obs(T0 + 2 * MIN, 50), T0)).toBe(false);
    expect(t.states(T0)).toEqual([]);
  });

  it('computes pace against elapsed time and flags over-pace', () => {
    const t = new WindowTracker();
    // 2 of 5 hours elapsed = 40 %; 55 % used → +15.
    t.observe(obs(T0, 55), T0);
    const w = t.states(T0)[0]!;
    expect(w.elapsedPercent).toBe(40);
    expect(w.pacePercent).toBe(15);
    expect(w.overPace).toBe(true);
  });

  it('projects 100 % from the recent burn, only if before the reset', () => {
    const t = new WindowTracker();
    // 10 % per 30 min = 20 %/h; at 60 % → 100 % in 2 h, before the reset in 3 h.
    t.observe(obs(T0 - 30 * MIN, 50), T0);
    t.observe(obs(T0, 60), T0);
    const w = t.states(T0)[0]!;
    expect(w.burnPerHour).toBeCloseTo(20, 5);
    expect(w.projectedFullAt).toBe(new Date(T0 + 120 * MIN).toISOString());
    // Slower burn: not before the reset.
    const slow = new WindowTracker();
    slow.observe(obs(T0 - 30 * MIN, 58), T0);
    slow.observe(obs(T0, 60), T0);
    expect(slow.states(T0)[0]!.projectedFullAt).toBeNull();
  });

  it('least-squares slope over several points', () => {
    const points: [number, number][] = [[0, 10], [10 * MIN, 12], [20 * MIN, 14], [30 * MIN, 16]];
    expect(burnRate(points, 30 * MIN, 60 * MIN)! * 60 * MIN).toBeCloseTo(12, 9);
    expect(burnRate([[0, 1]], 0, 60 * MIN)).toBeNull();
  });

  it('marks the window with the least headroom as binding and lists it first', () => {
    const t = new WindowTracker();
    t.observe(obs(T0, 40, 91), T0);
    t.observe(obs(T0, 10, null, RESET, 'codex_bengalfox'), T0);
    const states = t.states(T0);
    expect(states[0]).toMatchObject({ kind: 'weekly', usedPercent: 91, binding: true });
    expect(states.filter((w) => w.binding)).toHaveLength(1);
  });

  it('flags exhaustion at 98 %', () => {
    const t = new WindowTracker();
    t.observe(obs(T0, 98), T0);
    expect(t.states(T0)[0]!.exhausted).toBe(true);
  });

  it('survives a JSON round trip', () => {
    const t = new WindowTracker();
    t.observe(obs(T0 - 30 * MIN, 50, 20), T0);
    t.observe(obs(T0, 60, 21), T0);
    const copy = new WindowTracker();
    copy.restore(JSON.parse(JSON.stringify(t.toJSON())));
    expect(copy.states(T0)).toEqual(t.states(T0));
  });
});

import { describe, expect, it } from 'vitest';
import { reconnectDelay, RECONNECT_BASE_MS, RECONNECT_MAX_MS } from '../../../src/shared/protocol/backoff.ts';

describe('reconnectDelay', () => {
  it('doubles from the base delay up to the cap (no jitter)', () => {
    const delays = [0, 1, 2, 3, 4, 5, 10, 100].map((attempt) => reconnectDelay(attempt, () => 0));
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
    expect(delays[0]).toBe(RECONNECT_BASE_MS);
    expect(Math.max(...delays)).toBe(RECONNECT_MAX_MS);
  });

  it('shortens by at most 20 % jitter and never exceeds the cap', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const plain = reconnectDelay(attempt, () => 0);
      const jittered = reconnectDelay(attempt, () => 0.999);
      expect(jittered).toBeLessThanOrEqual(plain);
      expect(jittered).toBeGreaterThanOrEqual(Math.floor(plain * 0.8));
    }
  });
});

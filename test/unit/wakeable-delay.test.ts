import { describe, expect, it } from 'vitest';
import { WakeableDelay } from '../../src/shared/wakeable-delay.ts';

describe('WakeableDelay', () => {
  it('waits, and wake() ends a wait at once', async () => {
    const delay = new WakeableDelay();
    const started = Date.now();
    const waiting = delay.wait(60_000);
    expect(delay.wake()).toBe(true);
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(delay.wake()).toBe(false);
  });

  it('wakeOrSkipNext makes the next wait return at once when nobody waits', async () => {
    const delay = new WakeableDelay();
    delay.wakeOrSkipNext();
    const started = Date.now();
    await delay.wait(60_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    const normal = Date.now();
    await delay.wait(30);
    expect(Date.now() - normal).toBeGreaterThanOrEqual(25);
  });
});

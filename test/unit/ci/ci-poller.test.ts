import { describe, expect, it } from 'vitest';
import { CiPoller, type PollOutcome, type PollerTimers } from '../../../src/main/engine/ci/ci-poller.ts';

/** Timers on a hand-driven clock: `fire()` runs the next one and says after how long. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers: PollerTimers = {
    setTimeout: (fn, ms) => {
      pending.set(++next, { fn, ms });
      return next;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    get count() {
      return pending.size;
    },
    fire(): number {
      const [id, timer] = [...pending.entries()][0]!;
      pending.delete(id);
      timer.fn();
      return timer.ms;
    },
  };
}

function poller(outcomes: PollOutcome[], now = () => 0) {
  const clock = manualTimers();
  const seen: PollOutcome[] = [];
  let cycle: () => void = () => undefined;
  const p = new CiPoller({
    intervalMs: 30_000,
    maxIntervalMs: 300_000,
    now,
    timers: clock.timers,
    run: async () => outcomes.shift() ?? { kind: 'ok' },
    onCycle: (outcome) => {
      seen.push(outcome);
      cycle();
    },
  });
  const cycled = (): Promise<void> => new Promise((resolve) => (cycle = resolve));
  return { p, clock, seen, cycled };
}

describe('CI poller', () => {
  it('polls every interval, doubles after failures up to the cap, and resets after a success', async () => {
    const { p, clock, cycled } = poller([{ kind: 'error' }, { kind: 'error' }, { kind: 'error' }, { kind: 'error' }, { kind: 'error' }, { kind: 'ok' }]);
    p.start();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const done = cycled();
      waits.push(clock.fire());
      await done;
    }
    expect(waits).toEqual([0, 60_000, 120_000, 240_000, 300_000, 300_000, 30_000]);
    await p.stop();
    expect(clock.count).toBe(0);
  });

  it('waits out a rate limit, and reports itself asleep while nothing is watched', async () => {
    const { p, clock, cycled } = poller([{ kind: 'limited', untilMs: 500_000 }, { kind: 'idle' }], () => 100_000);
    p.start();
    let done = cycled();
    clock.fire();
    await done;
    expect(p.intervalMs).toBe(400_000);
    done = cycled();
    expect(clock.fire()).toBe(400_000);
    await done;
    expect(p.active).toBe(false);
    // A wake runs a cycle at once.
    p.wake();
    done = cycled();
    expect(clock.fire()).toBe(0);
    await done;
    expect(p.active).toBe(true);
    await p.stop();
  });
});

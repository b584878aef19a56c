/**
 * The footprint benchmarks' clock: a sample every `intervalMs` for `seconds`, on a fixed grid
 * (a slow sample does not push the later ones back), with one disturbance (a reload, a
 * re-attach of every pane) half way through.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface SampleLoop {
  seconds: number;
  intervalMs: number;
  /** Once, at the first tick past half the run; `elapsed` in seconds since the start. */
  halfway(elapsed: number): Promise<void> | void;
  /** Every tick; `afterHalfway` once {@link halfway} ran. */
  sample(elapsed: number, afterHalfway: boolean): Promise<void> | void;
}

/** Run the loop; resolves with the start time (`performance.now()`) for the caller's totals. */
export async function runSampleLoop(loop: SampleLoop): Promise<number> {
  const started = performance.now();
  let pastHalf = false;
  for (let tick = 1; ; tick++) {
    const due = started + tick * loop.intervalMs;
    if (due - started > loop.seconds * 1000) break;
    await sleep(Math.max(0, due - performance.now()));
    if (!pastHalf && (performance.now() - started) / 1000 >= loop.seconds / 2) {
      await loop.halfway((performance.now() - started) / 1000);
      pastHalf = true;
    }
    await loop.sample((performance.now() - started) / 1000, pastHalf);
  }
  return started;
}

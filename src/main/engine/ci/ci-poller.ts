/**
 * The CI poll loop: one cycle at a time, every `intervalMs` (30 s), doubling after a failure up
 * to `maxIntervalMs`, waiting out a rate limit. While nothing is watched a cycle makes no network
 * call (the service only scans git) and the loop reports itself asleep; `wake()` (a push, a new
 * repository, a toggle) runs a cycle at once. Timers are injectable so tests run the loop on
 * their own clock.
 */

/** What a cycle found. */
export type PollOutcome =
  /** Nothing has a PR or upstream: sleep until woken. */
  | { readonly kind: 'idle' }
  | { readonly kind: 'ok' }
  /** A failure: back off. */
  | { readonly kind: 'error' }
  /** GitHub said to wait until this time (epoch ms). */
  | { readonly kind: 'limited'; readonly untilMs: number };

export interface PollerTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PollerOptions {
  readonly intervalMs: number;
  readonly maxIntervalMs: number;
  readonly run: () => Promise<PollOutcome>;
  readonly now?: () => number;
  readonly timers?: PollerTimers;
  /** After every cycle (tests wait on this rather than on time). */
  readonly onCycle?: (outcome: PollOutcome) => void;
}

const NODE_TIMERS: PollerTimers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class CiPoller {
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private sleeping = false;
  private interval: number;
  private readonly timers: PollerTimers;
  private readonly now: () => number;

  constructor(private readonly options: PollerOptions) {
    this.interval = options.intervalMs;
    this.timers = options.timers ?? NODE_TIMERS;
    this.now = options.now ?? Date.now;
  }

  /** The current wait between cycles (longer while backing off). */
  get intervalMs(): number {
    return this.interval;
  }

  /** Polling GitHub: started, and the last cycle had something to watch. */
  get active(): boolean {
    return this.started && !this.sleeping;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Run a cycle soon (now, or right after the one in progress). */
  wake(): void {
    if (!this.started) return;
    this.sleeping = false;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.running = this.cycle().finally(() => {
        this.running = null;
        if (this.again && this.started) {
          this.again = false;
          this.schedule(0);
        }
      });
    }, ms);
  }

  private async cycle(): Promise<void> {
    let outcome: PollOutcome;
    try {
      outcome = await this.options.run();
    } catch (error) {
      console.error(`[ci] poll failed: ${(error as Error).message}`);
      outcome = { kind: 'error' };
    }
    this.options.onCycle?.(outcome);
    if (!this.started) return;
    switch (outcome.kind) {
      case 'idle':
        // Nothing to ask GitHub about; the next cycle is a git scan only (a few local calls),
        // which notices a branch pushed from a terminal.
        this.interval = this.options.intervalMs;
        this.sleeping = true;
        this.schedule(this.interval);
        return;
      case 'ok':
        this.sleeping = false;
        this.interval = this.options.intervalMs;
        this.schedule(this.interval);
        return;
      case 'error':
        this.interval = Math.min(this.interval * 2, this.options.maxIntervalMs);
        this.schedule(this.interval);
        return;
      case 'limited': {
        const wait = Math.max(outcome.untilMs - this.now(), this.options.intervalMs);
        this.interval = wait;
        this.schedule(wait);
        return;
      }
    }
  }
}

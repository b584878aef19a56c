/**
 * A delay that can be cut short: the reconnect loops' backoff, which "Retry now", a new endpoint
 * or disposal must be able to end at once.
 */
export class WakeableDelay {
  private wakeCurrent: (() => void) | null = null;
  private skipNext = false;

  /** Resolve after `ms`, or as soon as `wake()` is called. */
  wait(ms: number): Promise<void> {
    if (this.skipNext) {
      this.skipNext = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeCurrent = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeCurrent = done;
    });
  }

  /** End the current wait; returns false when nobody was waiting. */
  wake(): boolean {
    if (!this.wakeCurrent) return false;
    this.wakeCurrent();
    return true;
  }

  /** End the current wait, or make the next one return at once if none is running. */
  wakeOrSkipNext(): void {
    if (!this.wake()) this.skipNext = true;
  }
}

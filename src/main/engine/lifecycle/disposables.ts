/**
 * One place that remembers what a service must undo when it stops: listeners it subscribed,
 * watchers and pollers it started, timers it armed.
 *
 * Services used to keep a `disposers` array, a `timers` set and a `stop…` variable per watcher,
 * each cleared by hand in `dispose()`; a forgotten one kept a process alive or fired into a
 * disposed service. Here everything is undone in reverse order of registration (a subscription
 * made after a watcher is dropped before it), each step isolated (one failure does not skip the
 * rest), at most once; anything added after disposal is undone at once.
 */
export type Disposer = () => void | Promise<void>;

/** Something with a `dispose()` (services, watchers) or a bare undo function. */
export type DisposableLike = Disposer | { dispose(): void | Promise<void> };

export class Disposables {
  private readonly stack: Disposer[] = [];
  private disposed = false;

  constructor(private readonly onError: (error: unknown) => void = (error) => console.error('dispose failed:', error)) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Remember `item` to undo on dispose (undone at once when already disposed). Returns it. */
  add<T extends DisposableLike>(item: T): T {
    const undo: Disposer = typeof item === 'function' ? item : () => item.dispose();
    if (this.disposed) void this.run(undo);
    else this.stack.push(undo);
    return item;
  }

  /**
   * A timer that never outlives the owner and never keeps the process alive. Returns a cancel
   * function (also safe after it fired).
   */
  timeout(callback: () => void, ms: number): () => void {
    if (this.disposed) return () => undefined;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      this.remove(cancel);
      callback();
    }, ms);
    timer.unref?.();
    const cancel = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.remove(cancel);
    };
    this.stack.push(cancel);
    return cancel;
  }

  /** A repeating timer (a poller) with the same guarantees as {@link timeout}. */
  interval(callback: () => void, ms: number): () => void {
    if (this.disposed) return () => undefined;
    const timer = setInterval(callback, ms);
    timer.unref?.();
    let done = false;
    const cancel = (): void => {
      if (done) return;
      done = true;
      clearInterval(timer);
      this.remove(cancel);
    };
    this.stack.push(cancel);
    return cancel;
  }

  /** Undo everything, newest first; waits for asynchronous undos; a second call does nothing. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (let undo = this.stack.pop(); undo; undo = this.stack.pop()) await this.run(undo);
  }

  private async run(undo: Disposer): Promise<void> {
    try {
      await undo();
    } catch (error) {
      this.onError(error);
    }
  }

  private remove(undo: Disposer): void {
    const index = this.stack.lastIndexOf(undo);
    if (index >= 0) this.stack.splice(index, 1);
  }
}

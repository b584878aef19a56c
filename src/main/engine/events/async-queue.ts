/**
 * An async queue that an async generator can drain.
 *
 * Lets a stream subscribe to changes *before* it reads the snapshot, so nothing that happens in
 * between is lost: changes are queued and yielded after the snapshot. A consumer that stops
 * draining (a client that does not read) must not grow it forever: an item with the same
 * `coalesceKey` as one still waiting replaces it (events that carry a whole state — the settings,
 * the session list — make older ones of their kind worthless), and past `limit` items the queue
 * closes itself, the stream ends, and a client that is still alive subscribes again.
 */
export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private waiter: ((value: IteratorResult<T>) => void) | null = null;
  private closed = false;
  /** True once the queue closed because it overflowed. */
  overflowed = false;

  constructor(
    private readonly limit = Number.POSITIVE_INFINITY,
    private readonly coalesceKey: (item: T) => string | null = () => null,
  ) {}

  push(item: T): void {
    if (this.closed) return;
    const key = this.items.length > 0 ? this.coalesceKey(item) : null;
    if (key !== null) {
      const index = this.items.findIndex((queued) => this.coalesceKey(queued) === key);
      if (index !== -1) this.items.splice(index, 1);
    }
    if (this.items.length >= this.limit) {
      this.overflowed = true;
      this.items.length = 0;
      this.close();
      return;
    }
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  close(): void {
    this.closed = true;
    if (this.waiter) {
      const resolve = this.waiter;
      this.waiter = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiter = resolve));
  }
}

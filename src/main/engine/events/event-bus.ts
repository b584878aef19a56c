/**
 * A tiny typed event bus for engine-internal change notifications.
 *
 * Services publish what changed; the router turns it into the `events.subscribe` stream.
 */
export type Listener<T> = (event: T) => void;

export class EventBus<T> {
  private readonly listeners = new Set<Listener<T>>();

  /** Subscribe; returns the disposer. */
  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Call every listener. One that throws must not starve the others or fail the operation that
   * emitted (which has already happened), so its error is reported and the loop goes on.
   */
  emit(event: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error('event listener failed:', error);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}

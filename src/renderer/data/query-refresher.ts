/**
 * Invalidation of named queries when an engine event says their data changed, coalesced so a
 * burst of events costs few reads and the newest answer always wins:
 *
 * - while a read of the named queries is out, further changes only mark them: exactly one more
 *   read follows when it returns (the change may have landed after the engine answered);
 * - with `minGapMs`, two reads of the same name start at least that far apart (an agent appends
 *   to its usage log on every request: fifty appends should cost one read, not fifty);
 * - a query nobody shows is only marked stale; it is read when it is next shown
 *   (`refetchOnMount` reads stale queries, and nothing else is ever stale: `staleTime` is
 *   infinite).
 *
 * Keys are prefixes (`orpc.usage.summary.key()` names every summary query).
 */
import { hashKey, partialMatchKey, type QueryClient, type QueryKey } from '@tanstack/react-query';

interface Entry {
  readonly key: QueryKey;
  /** A change arrived while a read was out: read once more when it returns. */
  again: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  lastRun: number;
}

export interface QueryRefresherOptions {
  /** Shortest gap between two reads of the same name (ms); 0 by default. */
  readonly minGapMs?: number;
  readonly now?: () => number;
}

export class QueryRefresher {
  private readonly entries = new Map<string, Entry>();
  private readonly stopWatching: () => void;
  private readonly minGapMs: number;
  private readonly now: () => number;
  private disposed = false;

  constructor(
    private readonly queryClient: QueryClient,
    options: QueryRefresherOptions = {},
  ) {
    this.minGapMs = options.minGapMs ?? 0;
    this.now = options.now ?? Date.now;
    // A read finished: names that changed meanwhile are read once more.
    this.stopWatching = queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.query.state.fetchStatus !== 'idle') return;
      for (const entry of this.entries.values()) {
        if (!entry.again || !partialMatchKey(event.query.queryKey, entry.key)) continue;
        if (this.fetching(entry)) continue;
        entry.again = false;
        this.refresh(entry.key);
      }
    });
  }

  /** The data behind `key` (a prefix) changed: read what is shown, soon and once. */
  refresh(key: QueryKey): void {
    if (this.disposed) return;
    const id = hashKey(key);
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { key, again: false, timer: null, lastRun: Number.NEGATIVE_INFINITY };
      this.entries.set(id, entry);
    }
    if (entry.timer !== null) return;
    if (this.fetching(entry)) {
      entry.again = true;
      return;
    }
    const wait = entry.lastRun + this.minGapMs - this.now();
    if (wait <= 0) return this.run(entry);
    const scheduled = entry;
    entry.timer = setTimeout(() => {
      scheduled.timer = null;
      if (this.fetching(scheduled)) scheduled.again = true;
      else this.run(scheduled);
    }, wait);
  }

  /** Forget pending marks (a snapshot re-reads everything anyway). */
  reset(): void {
    for (const entry of this.entries.values()) {
      entry.again = false;
      if (entry.timer !== null) clearTimeout(entry.timer);
      entry.timer = null;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.reset();
    this.stopWatching();
  }

  private fetching(entry: Entry): boolean {
    return this.queryClient.isFetching({ queryKey: entry.key }) > 0;
  }

  private run(entry: Entry): void {
    entry.lastRun = this.now();
    // `cancelRefetch: false`: a read already out is joined, never cancelled and restarted.
    void this.queryClient.invalidateQueries({ queryKey: entry.key }, { cancelRefetch: false });
  }
}

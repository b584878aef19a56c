/**
 * Content-addressed caches of the status map: answers keyed by commit ids never go stale, so
 * they survive every ref change and are shared by all clients of one engine.
 */
import type { PairStatus } from '../../../shared/protocol/git-map.ts';

/** Entries kept per cache before the oldest are dropped (a long-running engine must not grow forever). */
const MAX_ENTRIES = 20_000;

/** A Map that forgets its oldest entries past a size (insertion order = age; a hit refreshes). */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly max = MAX_ENTRIES) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The caches one engine keeps for all repositories (shas are unique across repositories in practice). */
export interface StatusCaches {
  /** `${branchSha}:${targetSha}` → the pair's status. */
  readonly pairs: BoundedCache<PairStatus>;
  /** commit sha → stable patch-id of its change (null: no change, e.g. a merge); `base:tip` → the combined change's. */
  readonly patchIds: BoundedCache<string | null>;
  /**
   * Patch-id computations run one at a time: pairs in the pool share the target's few hundred
   * commits, and without this the first four would each compute all of them at once.
   */
  patchIdQueue: Promise<unknown>;
  /** Pairs computed (not answered from a cache) since creation: tests check what a moved tip costs. */
  computedPairs: number;
}

export function createStatusCaches(): StatusCaches {
  return { pairs: new BoundedCache(), patchIds: new BoundedCache(200_000), patchIdQueue: Promise.resolve(), computedPairs: 0 };
}

export function pairKey(branchSha: string, targetSha: string): string {
  return `${branchSha}:${targetSha}`;
}

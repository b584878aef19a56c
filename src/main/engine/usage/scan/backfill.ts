/**
 * One backfill: load the saved index, read what is new, save, return the snapshot.
 *
 * Runs inside the worker thread, or inline as a fallback where no worker entry exists (a bundle
 * built without it); both paths produce the same snapshot.
 */
import { UsageIndex, type IndexSnapshot } from './usage-index.ts';
import { indexStore } from './index-store.ts';
import type { BackfillRequest } from './worker-messages.ts';

/** Progress callback: files done out of total. */
export type BackfillProgress = (filesDone: number, filesTotal: number) => void;

/** Run a backfill request. */
export async function runBackfill(
  request: BackfillRequest,
  onProgress?: BackfillProgress,
): Promise<{ snapshot: IndexSnapshot; elapsedMs: number; resumed: boolean }> {
  const started = performance.now();
  const store = indexStore(request.indexFile);
  const saved = await store.load();
  const restored = saved ? UsageIndex.fromSnapshot(saved, request.timeZone) : null;
  const index = restored ?? new UsageIndex(request.timeZone);
  let lastReport = 0;
  await index.scanAll(request.sources, {
    ...(request.sinceMs !== undefined ? { sinceMs: request.sinceMs } : {}),
    onProgress: (done, total) => {
      const t = performance.now();
      if (done === total || t - lastReport > 250) {
        lastReport = t;
        onProgress?.(done, total);
      }
    },
  });
  const snapshot = index.toSnapshot();
  await store.save(snapshot);
  return { snapshot, elapsedMs: performance.now() - started, resumed: restored !== null };
}

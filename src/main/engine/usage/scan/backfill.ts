/**
 * One backfill of a share of the sources: load their saved index parts, read what is new, hand the
 * snapshot over, then save.
 *
 * Runs inside a worker thread (one per share, see start-backfill.ts), or inline as a fallback
 * where no worker entry exists (a bundle built without it); both paths produce the same snapshot.
 * The snapshot is handed over before it is saved: the engine can answer from it at once, and a
 * save that fails only means the next start reads a little more.
 */
import { UsageIndex, type IndexSnapshot } from './usage-index.ts';
import { loadIndexPart, saveIndexParts } from './index-store.ts';
import { mergeSnapshots } from './snapshot-parts.ts';
import type { BackfillRequest } from './worker-messages.ts';

/** Progress callback: files done out of total. */
export type BackfillProgress = (filesDone: number, filesTotal: number) => void;

/** What a backfill found; call `save` once the snapshot has been handed over. */
export interface BackfillResult {
  snapshot: IndexSnapshot;
  elapsedMs: number;
  resumed: boolean;
  save: () => Promise<void>;
}

/** Run a backfill request over its sources. */
export async function runBackfill(request: BackfillRequest, onProgress?: BackfillProgress): Promise<BackfillResult> {
  const started = performance.now();
  const parts = (await Promise.all(request.sources.map((source) => loadIndexPart(request.indexDir, source)))).filter(
    (part): part is IndexSnapshot => part !== null && part.timeZone === request.timeZone,
  );
  const restored = parts.length > 0 ? UsageIndex.fromSnapshot(mergeSnapshots(parts, request.timeZone), request.timeZone) : null;
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
  const elapsedMs = performance.now() - started;
  return { snapshot, elapsedMs, resumed: restored !== null, save: () => saveIndexParts(request.indexDir, snapshot, request.sources) };
}

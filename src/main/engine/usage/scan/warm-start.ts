/**
 * Warm start on the engine's own thread: the saved index is present and little is new.
 *
 * A backfill worker costs a new thread's start-up (Node compiles its internals for every worker),
 * loading the index parts, then cloning the whole index back to the engine and decoding it again:
 * hundreds of milliseconds to learn that a few files grew. When every source has a saved part, the
 * parts are small and the logs grew by little, the engine loads the parts itself (the same decode
 * it would do on the hand-over) and reads the new bytes with the asynchronous reader, a chunk at a
 * time. Otherwise — first start, a big index, much new data — it returns null and the caller
 * starts the workers, so a heavy read never lands on the engine's event loop.
 */
import { stat } from 'node:fs/promises';
import { discoverFiles, type DiscoveredFile } from '../sources/discover-files.ts';
import { decideCursor, statFiles, type CursorDecision } from '../tail/file-cursor.ts';
import type { UsageSource } from '../types.ts';
import { indexPartFile, loadIndexPart } from './index-store.ts';
import { mergeSnapshots } from './snapshot-parts.ts';
import { UsageIndex } from './usage-index.ts';

/** Index parts larger than this together are loaded by the workers (one parse would block too long). */
export const WARM_MAX_INDEX_BYTES = 16 * 1024 * 1024;
/** New log bytes above this are read by the workers. */
export const WARM_MAX_NEW_BYTES = 32 * 1024 * 1024;

/** Load the saved index and read what is new, here; null when the workers should do it. */
export async function warmStartInline(options: {
  sources: readonly UsageSource[];
  indexDir: string;
  timeZone: string;
  now: () => number;
  sinceMs?: number;
}): Promise<{ index: UsageIndex; elapsedMs: number; newBytes: number } | null> {
  const started = performance.now();
  const { sources, indexDir, timeZone } = options;
  const sizes = await Promise.all(sources.map((source) => stat(indexPartFile(indexDir, source)).then((s) => s.size, () => -1)));
  if (sources.length === 0 || sizes.some((size) => size < 0) || sizes.reduce((a, b) => a + b, 0) > WARM_MAX_INDEX_BYTES) return null;
  // The folders are walked and the files stat'ed while the parts load and decode: the walk and
  // the stats are the thread pool's work, the decode is this thread's, so on two cores they
  // overlap. A stat needs no cursor; the decisions are made once the index is here.
  const discovering = Promise.all(sources.map((source) => discoverFiles(source))).then((found) => found.flat());
  const statting = discovering.then((files) => statFiles(files.map((file) => file.path)));
  const parts = await Promise.all(sources.map((source) => loadIndexPart(indexDir, source)));
  if (parts.some((part) => part === null || part.timeZone !== timeZone)) return null;
  const index = UsageIndex.fromSnapshot(mergeSnapshots(parts as NonNullable<(typeof parts)[number]>[], timeZone), timeZone, options.now);
  if (!index) return null;

  // How much is new: every file's size against its cursor.
  const files: DiscoveredFile[] = await discovering;
  const stats = await statting;
  const found = files.map((file, i) => decideCursor(index.files.get(file.path)?.cursor ?? null, stats[i]!));
  const decisions = new Map<string, CursorDecision>();
  const pending: number[] = [];
  files.forEach((file, i) => {
    const decision = found[i]!;
    decisions.set(file.path, decision);
    const cursor = index.files.get(file.path)?.cursor ?? null;
    if (decision.action === 'append') {
      if (!cursor && options.sinceMs !== undefined && decision.mtimeMs < options.sinceMs) return;
      pending.push(decision.size - (cursor?.offset ?? 0));
    } else if (decision.action === 'rewrite') pending.push(decision.size);
  });
  const newBytes = pending.reduce((a, b) => a + b, 0);
  if (newBytes > WARM_MAX_NEW_BYTES) return null;
  // The stats just made decide the reads: no second pass over thousands of unchanged files.
  await index.scanAll(sources, { files, decisions, ...(options.sinceMs !== undefined ? { sinceMs: options.sinceMs } : {}) });
  return { index, elapsedMs: performance.now() - started, newBytes };
}

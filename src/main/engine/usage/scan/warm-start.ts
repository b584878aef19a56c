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
import { statSync } from 'node:fs';
import { discoverFiles, type DiscoveredFile } from '../sources/discover-files.ts';
import { STAT_BATCH, statCursorSync, type CursorDecision } from '../tail/file-cursor.ts';
import type { UsageSource } from '../types.ts';
import { indexPartFile, loadIndexPart } from './index-store.ts';
import { mergeSnapshots } from './snapshot-parts.ts';
import { UsageIndex } from './usage-index.ts';

/** Index parts larger than this together are loaded by the workers (one parse would block too long). */
export const WARM_MAX_INDEX_BYTES = 16 * 1024 * 1024;
/** New log bytes above this are read by the workers. */
export const WARM_MAX_NEW_BYTES = 32 * 1024 * 1024;

/** A file's size, -1 when it cannot be stat'ed. */
function sizeOf(file: string): number {
  try {
    return statSync(file, { throwIfNoEntry: false })?.size ?? -1;
  } catch {
    return -1;
  }
}

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
  // A few stats: synchronous (the first asynchronous one would also start the thread pool).
  const sizes = sources.map((source) => sizeOf(indexPartFile(indexDir, source)));
  if (sources.length === 0 || sizes.some((size) => size < 0) || sizes.reduce((a, b) => a + b, 0) > WARM_MAX_INDEX_BYTES) return null;
  // The folders are walked while the parts load (both mostly wait on the disk).
  const discovering = Promise.all(sources.map((source) => discoverFiles(source)));
  const parts = await Promise.all(sources.map((source) => loadIndexPart(indexDir, source)));
  if (parts.some((part) => part === null || part.timeZone !== timeZone)) return null;
  const index = UsageIndex.fromSnapshot(mergeSnapshots(parts as NonNullable<(typeof parts)[number]>[], timeZone), timeZone, options.now);
  if (!index) return null;

  // How much is new: every file's size against its cursor. Synchronous stats in batches: the
  // files are known and cached by the kernel, and thousands of thread-pool round trips cost more
  // than the stats themselves (file-cursor.ts).
  const files: DiscoveredFile[] = (await discovering).flat();
  const decisions = new Map<string, CursorDecision>();
  const pending: number[] = [];
  for (let i = 0; i < files.length; i++) {
    if (i > 0 && i % STAT_BATCH === 0) await new Promise((resolve) => setImmediate(resolve));
    const file = files[i]!;
    const cursor = index.files.get(file.path)?.cursor ?? null;
    const decision = statCursorSync(file.path, cursor);
    decisions.set(file.path, decision);
    if (decision.action === 'append') {
      if (!cursor && options.sinceMs !== undefined && decision.mtimeMs < options.sinceMs) continue;
      pending.push(decision.size - (cursor?.offset ?? 0));
    } else if (decision.action === 'rewrite') pending.push(decision.size);
  }
  const newBytes = pending.reduce((a, b) => a + b, 0);
  if (newBytes > WARM_MAX_NEW_BYTES) return null;
  // The stats just made decide the reads: no second pass over thousands of unchanged files.
  await index.scanAll(sources, { files, decisions, ...(options.sinceMs !== undefined ? { sinceMs: options.sinceMs } : {}) });
  return { index, elapsedMs: performance.now() - started, newBytes };
}

/**
 * Where reading a log file stopped, and whether it changed since.
 *
 * A cursor is what survives an engine restart per file: identity (dev + inode), the size and
 * mtime seen last, and the byte offset after the last complete line consumed.
 */
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Persisted reading position of one file. */
export interface FileCursor {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  offset: number;
}

/** What to do with a file after a `stat`. */
export type CursorDecision =
  | { readonly action: 'unchanged' }
  | { readonly action: 'gone' }
  /** Read on from the cursor's offset. */
  | { readonly action: 'append'; readonly size: number; readonly mtimeMs: number; readonly dev: number; readonly ino: number }
  /** Replaced (new inode) or truncated (size < offset): read again from 0, dedupe state kept. */
  | { readonly action: 'rewrite'; readonly size: number; readonly mtimeMs: number; readonly dev: number; readonly ino: number };

/**
 * Compare a file's current `stat` with its cursor (pure; see {@link statCursor}).
 *
 * An unchanged size and mtime is "unchanged" even when the offset lags behind (a trailing partial
 * line): nothing new can complete it until the file grows.
 */
export function decideCursor(
  cursor: FileCursor | null,
  now: { size: number; mtimeMs: number; dev: number; ino: number } | null,
): CursorDecision {
  if (!now) return { action: 'gone' };
  if (!cursor) return { action: 'append', ...now };
  if (cursor.ino !== now.ino || cursor.dev !== now.dev || now.size < cursor.offset) return { action: 'rewrite', ...now };
  if (now.size === cursor.size && now.mtimeMs === cursor.mtimeMs) return { action: 'unchanged' };
  return { action: 'append', ...now };
}

/** `stat` a file and decide; a vanished file is "gone", never an error. */
export async function statCursor(file: string, cursor: FileCursor | null): Promise<CursorDecision> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return { action: 'gone' };
    return decideCursor(cursor, { size: s.size, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino });
  } catch {
    return { action: 'gone' };
  }
}

/** Files to stat synchronously between two turns of the event loop (a few milliseconds). */
export const STAT_BATCH = 512;

/**
 * The same, synchronously. For checking thousands of known files at once (a warm start): each
 * asynchronous `stat` is a round trip through the thread pool and a promise, ~50 µs on a busy
 * machine, where a file in the kernel's cache stats in a few microseconds. Callers batch it and
 * yield between batches, so the event loop is never held for long.
 */
export function statCursorSync(file: string, cursor: FileCursor | null): CursorDecision {
  try {
    const s = statSync(file, { throwIfNoEntry: false });
    if (!s?.isFile()) return { action: 'gone' };
    return decideCursor(cursor, { size: s.size, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino });
  } catch {
    return { action: 'gone' };
  }
}

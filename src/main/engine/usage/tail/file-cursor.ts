/**
 * Where reading a log file stopped, and whether it changed since.
 *
 * A cursor is what survives an engine restart per file: identity (dev + inode), the size and
 * mtime seen last, and the byte offset after the last complete line consumed.
 */
import { stat as statCallback } from 'node:fs';
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

/** What a cursor decision needs of a `stat`. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  dev: number;
  ino: number;
}

/** Stats in flight at once in {@link statFiles} by default: the thread pool stays busy, never flooded. */
const STATS_IN_FLIGHT = 256;

/**
 * `stat` many files at once, results in input order (null: gone or not a regular file). The
 * callback API with many stats in flight costs about half of one awaited `fs/promises` stat per
 * file (a promise, a microtask and a turn each), and never blocks the event loop the way
 * `statSync` would (the no-blocking-calls ratchet). The results need no cursor, so a warm start
 * runs them while it decodes the index (warm-start.ts).
 */
export function statFiles(paths: readonly string[], inFlight = STATS_IN_FLIGHT): Promise<(FileStat | null)[]> {
  const out: (FileStat | null)[] = new Array(paths.length);
  if (paths.length === 0) return Promise.resolve(out);
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    const start = (): void => {
      const i = next++;
      statCallback(paths[i]!, (error, s) => {
        out[i] = error || !s.isFile() ? null : { size: s.size, mtimeMs: s.mtimeMs, dev: s.dev, ino: s.ino };
        done += 1;
        if (done === paths.length) resolve(out);
        else if (next < paths.length) start();
      });
    };
    for (let k = 0; k < inFlight && next < paths.length; k++) start();
  });
}

/** {@link statCursor} for many files at once (thousands of known files: a warm start, a poll), decisions in input order. */
export async function statCursors(files: readonly { readonly path: string; readonly cursor: FileCursor | null }[]): Promise<CursorDecision[]> {
  const stats = await statFiles(files.map((file) => file.path));
  return stats.map((s, i) => decideCursor(files[i]!.cursor, s));
}

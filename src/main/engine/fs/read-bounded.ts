/**
 * Reading small files that someone else controls (a repository's `agent-orchestrator.json`,
 * state files another process wrote) without trusting their size or kind.
 *
 * A committed config may be a symlink to `/dev/zero`, a FIFO that blocks forever, or a 2 GB
 * file: `readFile` would read all of it (or hang). These reads accept regular files only and stop
 * at a size limit, so the worst a hostile file costs is one typed error.
 */
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** Why a bounded read failed; `missing` is the normal "no such file". */
export type BoundedReadFailure =
  | { reason: 'missing' }
  | { reason: 'not-a-file' }
  | { reason: 'too-large'; limit: number }
  | { reason: 'unreadable'; code: string };

export type BoundedRead = { ok: true; bytes: Buffer } | ({ ok: false } & BoundedReadFailure);

/** Largest configuration file the engine reads (real ones are a few KB). */
export const MAX_CONFIG_BYTES = 1024 * 1024;

// O_NONBLOCK keeps `open` from waiting on a FIFO that nobody writes (not defined on Windows).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Read at most `limit` bytes of a regular file (following symlinks, but only to a regular file). */
export async function readBoundedFile(file: string, limit: number = MAX_CONFIG_BYTES): Promise<BoundedRead> {
  try {
    // stat first: a FIFO or device is refused before anything is opened.
    const info = await stat(file);
    if (!info.isFile()) return { ok: false, reason: 'not-a-file' };
    if (info.size > limit) return { ok: false, reason: 'too-large', limit };
  } catch (error) {
    return failure(error);
  }
  let handle;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (error) {
    return failure(error);
  }
  try {
    // The file may have been swapped between stat and open: check the opened one again.
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: 'not-a-file' };
    // Read one byte past the limit to notice a file that grew since the stat.
    const buffer = Buffer.alloc(Math.min(limit + 1, Math.max(info.size, 0) + 1));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > limit) return { ok: false, reason: 'too-large', limit };
    return { ok: true, bytes: buffer.subarray(0, filled) };
  } catch (error) {
    return failure(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Text of a bounded read, without a UTF-8 byte order mark (editors on Windows add one). */
export function textOf(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A sentence for an error message ("is not a regular file", …). */
export function describeReadFailure(failure: BoundedReadFailure): string {
  switch (failure.reason) {
    case 'missing':
      return 'does not exist';
    case 'not-a-file':
      return 'is not a regular file';
    case 'too-large':
      return `is larger than ${Math.round(failure.limit / 1024)} KB`;
    case 'unreadable':
      return `cannot be read (${failure.code})`;
  }
}

function failure(error: unknown): BoundedRead {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
  return { ok: false, reason: 'unreadable', code };
}

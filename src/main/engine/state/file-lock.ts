/**
 * A cross-process lock around read-modify-write of a shared state file (repos.json, ports.json,
 * trust.json): the app's engine and any number of CLI processes may change them at once.
 *
 * proper-lockfile (an atomic `mkdir` of `<file>.lock` whose mtime the holder refreshes while it
 * holds it) rather than our own: a holder that is alive keeps its lock fresh, so only a lock left
 * by a killed process goes stale and is taken over — the case a fixed timeout gets wrong both
 * ways (stealing from a slow live holder, or waiting forever on a dead one).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** A lock untouched this long belongs to a dead process (holders refresh it every stale / 2). */
const STALE_MS = 20_000;

/**
 * Run `task` while holding the lock of `file`. Waits (with jittered backoff, up to about a
 * minute: a dead holder's lock goes stale after `staleMs`, 20 s by default) and throws only if
 * it never gets it. A shorter `staleMs` suits locks whose holders never block their event loop
 * for long (they refresh the lock every `staleMs / 2`): a crashed holder delays others less.
 */
export async function withFileLock<T>(file: string, task: () => Promise<T>, staleMs: number = STALE_MS): Promise<T> {
  await mkdir(path.dirname(file), { recursive: true });
  let compromised: Error | null = null;
  // Imported on the first lock: proper-lockfile and graceful-fs take 10-20 ms to load and patch,
  // which commands that only read (a one-shot `worktree list`) should not pay (issue 14).
  const { default: lockfile } = await import('proper-lockfile');
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: staleMs,
    retries: { retries: 200, factor: 1.3, minTimeout: 10, maxTimeout: 400, randomize: true },
    // The default throws from a timer, which would crash the engine; the task's write is atomic
    // anyway, so a lost lock is logged and the write still lands whole.
    onCompromised: (error) => {
      compromised = error;
    },
  });
  try {
    return await task();
  } finally {
    await release().catch(() => undefined);
    if (compromised) console.error(`lock of ${file} was lost while held: ${(compromised as Error).message}`);
  }
}

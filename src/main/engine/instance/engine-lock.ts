/**
 * The data folder's engine lock: at most one serving engine per data folder.
 *
 * Two engines on one folder would both restore the same agents, both own `sessions.json` and
 * `layout.json`, and fight over ports. The lock is `proper-lockfile` (an atomic `mkdir` of
 * `engine.lock`, its mtime refreshed while held), so it works across processes on every OS and
 * a crashed holder's lock goes stale by itself instead of blocking the folder forever.
 *
 * One-shot engines (a CLI command run in-process when no engine serves the folder) do not take
 * it: they restore nothing and touch only files that have their own locks, and a desktop app
 * must never wait minutes for a `worktree create` to finish its setup before it can start.
 */
import { readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type ProperLockfile from 'proper-lockfile';
import { processAlive } from './engine-file.ts';

export const ENGINE_LOCK = 'engine.lock';
/** The holder's pid, beside the lock: a crashed holder is recognised at once, not after STALE_MS. */
const ENGINE_LOCK_PID = 'engine.lock.pid';

/** How long an unrefreshed lock counts as held; proper-lockfile refreshes it every half of this. */
const STALE_MS = 10_000;

export type LockResult = { ok: true; release: () => Promise<void> } | { ok: false; reason: 'held' };

/**
 * Take the lock, or report that another live process holds it. `onLost` runs if the lock is
 * compromised while held (its file removed or taken over, e.g. after the machine slept past the
 * stale time): the engine keeps running but logs it, since stopping agents would lose work.
 */
export async function acquireEngineLock(home: string, onLost: (error: Error) => void = defaultOnLost): Promise<LockResult> {
  const first = await tryLock(home, onLost);
  if (first.ok) return first;
  // Held by a process that no longer exists (killed, crashed): take it over now instead of making
  // the user wait for the lock to go stale. Re-read the pid just before removing, so a lock a
  // newer engine took meanwhile (with its own live pid) is left alone.
  const holder = await lockHolder(home);
  if (holder === null || processAlive(holder)) return first;
  if ((await lockHolder(home)) !== holder) return first;
  await rmdir(path.join(home, ENGINE_LOCK)).catch(() => undefined);
  return tryLock(home, onLost);
}

async function lockHolder(home: string): Promise<number | null> {
  const text = await readFile(path.join(home, ENGINE_LOCK_PID), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

async function tryLock(home: string, onLost: (error: Error) => void): Promise<LockResult> {
  const lockfile = await properLockfile();
  try {
    const release = await lockfile.lock(home, {
      lockfilePath: path.join(home, ENGINE_LOCK),
      stale: STALE_MS,
      update: STALE_MS / 2,
      retries: 0,
      realpath: false,
      onCompromised: onLost,
    });
    await writeFile(path.join(home, ENGINE_LOCK_PID), `${process.pid}\n`, { mode: 0o600 });
    let released = false;
    return {
      ok: true,
      release: async () => {
        if (released) return;
        released = true;
        await rm(path.join(home, ENGINE_LOCK_PID), { force: true });
        await release().catch(() => undefined);
      },
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') return { ok: false, reason: 'held' };
    throw error;
  }
}

/** Whether a live (not stale) lock is held on the folder by anyone. */
export async function engineLockHeld(home: string): Promise<boolean> {
  const lockfile = await properLockfile();
  return lockfile
    .check(home, { lockfilePath: path.join(home, ENGINE_LOCK), stale: STALE_MS, realpath: false })
    .catch(() => false);
}

/**
 * proper-lockfile, imported on first use: it and graceful-fs take 10-20 ms to load and patch, and
 * a CLI command with no engine.json to check never needs them (issue 14, CLI start).
 */
async function properLockfile(): Promise<typeof ProperLockfile> {
  return (await import('proper-lockfile')).default;
}

function defaultOnLost(error: Error): void {
  console.error(`agent-orchestrator: the data folder lock was lost (${error.message}); another engine may start on it`);
}

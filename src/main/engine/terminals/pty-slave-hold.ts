/**
 * Keep a PTY's slave side open in the engine so the last output of an exiting process survives.
 *
 * Measured here (Linux 6.x, node-pty 1.1, Node 20): a process that prints ~19 KB and exits loses
 * the tail of its output in more than half of the runs. When the last slave descriptor closes,
 * the master polls POLLHUP; libuv treats "POLLHUP after a short read" as end of file, but a PTY
 * read returns at most ~4 KB (the line discipline's buffer), so the rest, still in the kernel,
 * is never read. A blocking reader (Python's `pty`) loses nothing.
 *
 * Holding one slave descriptor ourselves means the process's exit no longer hangs up the
 * master: node-pty keeps reading until it closes the master itself, 200 ms after the exit,
 * by which time the kernel buffer (a few tens of KB) has long been read. The descriptor is
 * opened write-only (we never read the child's input) and without becoming our controlling
 * terminal, and is closed once the session's exit has been drained.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { IPty } from 'node-pty';

/**
 * Open the slave side of `pty`, or null where there is none (Windows ConPTY) or it is gone.
 *
 * The process already runs when this resolves; a process that exits within that fraction of a
 * millisecond with more than one kernel read of output can still lose its tail.
 */
export async function holdPtySlave(pty: IPty): Promise<FileHandle | null> {
  const ptsName = (pty as IPty & { ptsName?: unknown }).ptsName;
  if (process.platform === 'win32' || typeof ptsName !== 'string' || ptsName === '') return null;
  try {
    return await open(ptsName, constants.O_WRONLY | constants.O_NOCTTY);
  } catch {
    return null;
  }
}

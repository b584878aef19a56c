/**
 * The program a bootstrap pane runs (a process of its own): `follow-log <log file> <state file>`
 * prints a worktree's bootstrap log, follows it while the bootstrap runs, then exits with 0
 * (ready) or 1 (failed). Its only inputs are the two paths; `log-follower.ts` starts it.
 */
import { open, readFile } from 'node:fs/promises';
import { FOLLOW_POLL_MS } from './log-follower-timing.ts';

interface StoredState {
  pid?: number;
  state?: { status?: string; error?: string | null };
}

async function drain(logFile: string, offset: number): Promise<number> {
  const handle = await open(logFile, 'r').catch(() => null);
  if (!handle) return offset;
  try {
    const buffer = Buffer.alloc(65536);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) return offset;
      offset += bytesRead;
      process.stdout.write(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
}

/** The stored state; a run whose engine process died is reported as interrupted. */
async function readState(stateFile: string): Promise<{ status: string; error: string | null } | null> {
  let stored: StoredState;
  try {
    stored = JSON.parse(await readFile(stateFile, 'utf8')) as StoredState;
  } catch {
    return null;
  }
  const state = stored.state;
  if (!state || typeof state.status !== 'string') return null;
  if ((state.status === 'running' || state.status === 'pending') && typeof stored.pid === 'number') {
    try {
      process.kill(stored.pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') return { status: 'failed', error: 'interrupted' };
    }
  }
  return { status: state.status, error: state.error ?? null };
}

async function main(logFile: string | undefined, stateFile: string | undefined): Promise<number> {
  if (!logFile || !stateFile) {
    process.stderr.write('usage: follow-log <log file> <state file>\n');
    return 2;
  }
  let offset = 0;
  for (;;) {
    offset = await drain(logFile, offset);
    const state = await readState(stateFile);
    if (!state) {
      process.stdout.write('No setup has run for this worktree.\n');
      return 1;
    }
    if (state.status === 'ready' || state.status === 'failed') {
      await drain(logFile, offset);
      const ready = state.status === 'ready';
      process.stdout.write(
        ready ? '\n\x1b[32m✔ Worktree ready\x1b[0m\n' : `\n\x1b[31m✘ Setup failed${state.error ? `: ${state.error}` : ''}\x1b[0m\n`,
      );
      return ready ? 0 : 1;
    }
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
  }
}

const [logFile, stateFile] = process.argv.slice(2);
main(logFile, stateFile).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`follow-log: ${String(error)}\n`);
    process.exit(1);
  },
);

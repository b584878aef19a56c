/**
 * Bootstrap state and logs on disk: `<home>/bootstrap/<key>.json` and `<key>.log` per worktree.
 *
 * One small file per worktree, read on every question instead of cached, so the app's engine
 * sees a bootstrap the CLI ran (and the other way round) without any coordination beyond atomic
 * renames. A `running` state whose process is gone (crash, kill) reads as `failed`.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { BootstrapStateSchema, type BootstrapState } from '../../../shared/protocol/worktrees.ts';

const StoredSchema = z.object({ version: z.literal(1), pid: z.number().int(), state: BootstrapStateSchema });

/** Files of one worktree's bootstrap. */
export interface BootstrapFiles {
  state: string;
  log: string;
}

export class BootstrapStore {
  readonly dir: string;
  private counter = 0;

  constructor(home: string) {
    this.dir = path.join(home, 'bootstrap');
  }

  /** Where a worktree's state and log live (a hash of its path: paths may hold any character). */
  files(worktreePath: string): BootstrapFiles {
    const key = createHash('sha256').update(path.resolve(worktreePath)).digest('hex').slice(0, 20);
    return { state: path.join(this.dir, `${key}.json`), log: path.join(this.dir, `${key}.log`) };
  }

  /** The saved state, or null when this worktree was never bootstrapped (or its file is unreadable). */
  async read(worktreePath: string): Promise<BootstrapState | null> {
    const file = this.files(worktreePath).state;
    let stored: z.infer<typeof StoredSchema>;
    try {
      const parsed = StoredSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!parsed.success) return null;
      stored = parsed.data;
    } catch {
      return null;
    }
    const { state } = stored;
    if ((state.status === 'running' || state.status === 'pending') && !isAlive(stored.pid)) {
      return { ...state, status: 'failed', error: state.error ?? 'interrupted: the process running it ended' };
    }
    return state;
  }

  /** Save a state atomically, owned by this process. */
  async write(state: BootstrapState): Promise<void> {
    const file = this.files(state.path).state;
    await mkdir(this.dir, { recursive: true });
    const temp = `${file}.${process.pid}.${++this.counter}.tmp`;
    await writeFile(temp, JSON.stringify({ version: 1, pid: process.pid, state }, null, 2) + '\n', { encoding: 'utf8', mode: 0o600 });
    await rename(temp, file);
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The journal of create, remove, archive and restore: an intent file written before the first change and
 * advanced after each step, deleted when the operation is done. A process killed in between
 * leaves the file behind, and the next engine or CLI start finishes or rolls back the operation
 * from it (`recovery.ts`) instead of leaving a worktree half archived.
 *
 * One file per operation under `<home>/journal/`, written atomically (temp + rename), so a
 * kill during a write leaves the previous step, never a torn file.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { readBoundedFile, textOf } from '../fs/index.ts';

/** What every entry holds: who wrote it (a live pid on this host is still at work) and where. */
const entryBase = {
  id: z.string(),
  pid: z.number(),
  host: z.string(),
  startedAt: z.string(),
  repoPath: z.string(),
  worktreePath: z.string(),
};

export const JournalEntrySchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('archive'),
    ...entryBase,
    name: z.string(),
    /** snapshot: before the archive ref exists · stored: ref written (commit known) · removing: removal started. */
    step: z.enum(['snapshot', 'stored', 'removing']),
    commit: z.string().nullable(),
  }),
  z.object({
    op: z.literal('restore'),
    ...entryBase,
    name: z.string(),
    commit: z.string(),
    branch: z.string().nullable(),
    /** The branch was created by this restore (a rollback deletes it if nothing new is on it). */
    createdBranch: z.boolean(),
    head: z.string(),
    /** adding: worktree add running · added: files checked out · applied: changes back in. */
    step: z.enum(['adding', 'added', 'applied']),
  }),
  z.object({
    op: z.literal('create'),
    ...entryBase,
    /** The name the user asked for (reported, and matched by a retry). */
    name: z.string(),
    branch: z.string(),
    /** The branch is made by this create (`worktree add -b`): a rollback may delete it. */
    createdBranch: z.boolean(),
    /** The commit the branch starts at: a branch still there has nothing of the user's on it. */
    base: z.string(),
    target: z.string().nullable(),
    /** Folders this create makes around the worktree (deepest last), removed again while empty. */
    createdDirs: z.array(z.string()),
  }),
  z.object({
    op: z.literal('remove'),
    ...entryBase,
    branch: z.string().nullable(),
    /** HEAD of the worktree when removal began (null: unborn). */
    head: z.string().nullable(),
    /**
     * What the removal was known to discard when it began: uncommitted or untracked files
     * (only a forced remove goes on with them), and commits no target, remote branch or archive
     * holds. Recovery finishes a removal only when both are nothing.
     */
    uncommitted: z.boolean(),
    unmergedCommits: z.number(),
    deleteBranch: z.boolean(),
    /** removing: the folder and its admin entry are going · branch: they are gone, the branch is next. */
    step: z.enum(['removing', 'branch']),
  }),
]);
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type NewJournalEntry = DistributiveOmit<JournalEntry, 'id' | 'pid' | 'host' | 'startedAt'>;

export class OperationJournal {
  readonly dir: string;

  constructor(home: string) {
    this.dir = path.join(home, 'journal');
  }

  /** Write the intent; returns the entry (with its id) to advance and finish. */
  async begin(entry: NewJournalEntry): Promise<JournalEntry> {
    const full = {
      ...entry,
      id: `${Date.now()}-${randomBytes(4).toString('hex')}`,
      pid: process.pid,
      host: os.hostname(),
      startedAt: new Date().toISOString(),
    } as JournalEntry;
    await this.write(full);
    return full;
  }

  /** Record a step. */
  async advance<T extends JournalEntry>(entry: T, change: Partial<T>): Promise<T> {
    const next = { ...entry, ...change };
    await this.write(next);
    return next;
  }

  /** The operation is complete (or rolled back): forget it. */
  async finish(entry: JournalEntry): Promise<void> {
    await rm(this.file(entry.id), { force: true });
  }

  /** Every unfinished operation; unreadable files are set aside. */
  async pending(): Promise<JournalEntry[]> {
    const names = await readdir(this.dir).catch(() => []);
    const entries: JournalEntry[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const file = path.join(this.dir, name);
      const read = await readBoundedFile(file, 64 * 1024);
      let parsed: JournalEntry | null = null;
      if (read.ok) {
        try {
          const result = JournalEntrySchema.safeParse(JSON.parse(textOf(read.bytes)));
          if (result.success) parsed = result.data;
        } catch {
          parsed = null;
        }
      }
      if (parsed) entries.push(parsed);
      else await rename(file, `${file}.corrupt-${Date.now()}`).catch(() => undefined);
    }
    return entries;
  }

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private async write(entry: JournalEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const target = this.file(entry.id);
    const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify(entry) + '\n', { mode: 0o600 });
    await rename(temp, target);
  }
}

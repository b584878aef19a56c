/**
 * `<home>/trust.json`: the repositories the user trusted, each pinned to the hash of the config
 * content they saw. Keyed by the repository's real path, not its registration id, so removing
 * and re-adding a repository keeps (or lacks) trust the same way.
 *
 * Read fresh on every question (a few hundred bytes), changed under a cross-process lock, so a
 * CLI `--trust` is seen by the running app at once and two writers never drop each other's entry.
 */
import path from 'node:path';
import * as z from 'zod';
import { JsonStore, withFileLock } from '../state/index.ts';

const TrustEntrySchema = z.object({ path: z.string(), configHash: z.string(), trustedAt: z.string() });
export type TrustEntry = z.infer<typeof TrustEntrySchema>;
const TrustFileSchema = z.object({ repos: z.array(TrustEntrySchema) });
type TrustFile = z.infer<typeof TrustFileSchema>;

export class TrustStore {
  private readonly store: JsonStore<TrustFile>;

  constructor(home: string) {
    this.store = new JsonStore<TrustFile>({
      file: path.join(home, 'trust.json'),
      version: 1,
      schema: TrustFileSchema,
      defaults: () => ({ repos: [] }),
    });
  }

  get file(): string {
    return this.store.file;
  }

  /** The entry for a repository path, or null. */
  async get(repoPath: string): Promise<TrustEntry | null> {
    const file = await this.store.load();
    return file.repos.find((entry) => entry.path === repoPath) ?? null;
  }

  /** Record (or replace) trust for a path. */
  async set(entry: TrustEntry): Promise<void> {
    await this.update((repos) => [...repos.filter((other) => other.path !== entry.path), entry]);
  }

  /** Forget trust for a path. */
  async delete(repoPath: string): Promise<void> {
    await this.update((repos) => repos.filter((other) => other.path !== repoPath));
  }

  private async update(change: (repos: TrustEntry[]) => TrustEntry[]): Promise<void> {
    await withFileLock(this.store.file, async () => {
      const file = await this.store.load();
      await this.store.save({ repos: change(file.repos) });
    });
  }
}

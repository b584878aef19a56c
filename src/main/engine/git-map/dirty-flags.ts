/**
 * Each worktree's `dirty` flag for the status map, without a `git status` per worktree on every
 * map.
 *
 * Dirty state is the one part of the map that no ref watcher sees (an agent writing a file moves
 * no ref), and reading it costs a `git status` per worktree — fifty processes for fifty
 * worktrees, most of a warm map. So a watched repository answers from the flags read last time
 * and re-reads them in the background right after (stale-while-revalidate); when a flag turned
 * out different, `onChanged` fires and clients re-read the map, the same way they follow ref
 * changes. Worktrees never read before are read before answering, and `fresh` (the CLI, a
 * one-shot engine) always reads every flag first. Safety checks never use these flags: applying
 * a fix reads `git status` itself.
 */
import { isDirty } from '../git/status.ts';
import { mapWithConcurrency } from '../worktrees/map-with-concurrency.ts';

/** `git status` processes at once for one repository's worktrees. */
export const STATUS_CONCURRENCY = 4;

export class DirtyFlags {
  private readonly flags = new Map<string, boolean | null>();
  /** Per repository: the background re-read in flight (at most one). */
  private readonly refreshing = new Map<string, Promise<void>>();

  /**
   * The flags of `worktrees` (null: unreadable). With `fresh` false, known flags come from the
   * last read and a background re-read starts; `onChanged` fires when it finds a difference.
   */
  async read(repoKey: string, worktrees: readonly string[], fresh: boolean, onChanged: () => void): Promise<Array<boolean | null>> {
    const unknown = fresh ? worktrees : worktrees.filter((worktree) => !this.flags.has(worktree));
    if (unknown.length > 0) await this.readNow(unknown);
    if (!fresh && unknown.length < worktrees.length) this.revalidate(repoKey, worktrees.filter((worktree) => !unknown.includes(worktree)), onChanged);
    return worktrees.map((worktree) => this.flags.get(worktree) ?? null);
  }

  /** Wait for background re-reads (tests, dispose). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.refreshing.values()]);
  }

  /** Forget every flag (worktrees removed, service disposed). */
  clear(): void {
    this.flags.clear();
  }

  private async readNow(worktrees: readonly string[]): Promise<boolean> {
    let changed = false;
    const read = await mapWithConcurrency(worktrees, STATUS_CONCURRENCY, async (worktree) => {
      const result = await isDirty(worktree);
      return result.ok ? result.value : null;
    });
    worktrees.forEach((worktree, index) => {
      const flag = read[index] ?? null;
      if (this.flags.has(worktree) && this.flags.get(worktree) !== flag) changed = true;
      this.flags.set(worktree, flag);
    });
    return changed;
  }

  private revalidate(repoKey: string, worktrees: readonly string[], onChanged: () => void): void {
    if (this.refreshing.has(repoKey)) return;
    const run = this.readNow(worktrees)
      .then((changed) => {
        if (changed) onChanged();
      })
      .catch((error: unknown) => console.error(`git-map: dirty re-read failed: ${(error as Error).message}`))
      .finally(() => this.refreshing.delete(repoKey));
    this.refreshing.set(repoKey, run);
  }
}

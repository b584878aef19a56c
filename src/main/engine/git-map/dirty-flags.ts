/**
 * Each worktree's `dirty` flag for the status map, without a `git status` per worktree on every
 * map.
 *
 * Dirty state is the one part of the map that no ref watcher sees (an agent writing a file moves
 * no ref), and reading it costs a `git status` per worktree — fifty processes for fifty
 * worktrees, most of a warm map (batched through `git for-each-repo`, a few processes). So a watched repository answers from the flags read last time
 * and re-reads them in the background right after (stale-while-revalidate); when a flag turned
 * out different, `onChanged` fires and clients re-read the map, the same way they follow ref
 * changes. Worktrees never read before are read before answering, and `fresh` (the CLI, a
 * one-shot engine) always reads every flag first. Safety checks never use these flags: applying
 * a fix reads `git status` itself.
 */
import { dirtyFlagsOf } from '../git/status.ts';

/**
 * Worktrees per `for-each-repo` batch (status.ts): two batches run at once for fifty worktrees,
 * one per core of a small machine.
 */
export const STATUS_BATCH = 25;

export class DirtyFlags {
  private readonly flags = new Map<string, boolean | null>();
  /** Per repository: the background re-read in flight (at most one). */
  private readonly refreshing = new Map<string, Promise<void>>();

  /**
   * The flags of `worktrees` (null: unreadable). With `fresh` false, known flags come from the
   * last read and a background re-read starts; `onChanged` fires when it finds a difference.
   */
  async read(repoKey: string, cwd: string, worktrees: readonly string[], fresh: boolean, onChanged: () => void): Promise<Array<boolean | null>> {
    const unknown = fresh ? worktrees : worktrees.filter((worktree) => !this.flags.has(worktree));
    if (unknown.length > 0) await this.readNow(cwd, unknown);
    if (!fresh && unknown.length < worktrees.length) this.revalidate(repoKey, cwd, worktrees.filter((worktree) => !unknown.includes(worktree)), onChanged);
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

  private async readNow(cwd: string, worktrees: readonly string[]): Promise<boolean> {
    let changed = false;
    const batches: string[][] = [];
    for (let start = 0; start < worktrees.length; start += STATUS_BATCH) batches.push(worktrees.slice(start, start + STATUS_BATCH));
    const read = (await Promise.all(batches.map((batch) => dirtyFlagsOf(cwd, batch)))).flat();
    worktrees.forEach((worktree, index) => {
      const flag = read[index] ?? null;
      if (this.flags.has(worktree) && this.flags.get(worktree) !== flag) changed = true;
      this.flags.set(worktree, flag);
    });
    return changed;
  }

  private revalidate(repoKey: string, cwd: string, worktrees: readonly string[], onChanged: () => void): void {
    if (this.refreshing.has(repoKey)) return;
    const run = this.readNow(cwd, worktrees)
      .then((changed) => {
        if (changed) onChanged();
      })
      .catch((error: unknown) => console.error(`git-map: dirty re-read failed: ${(error as Error).message}`))
      .finally(() => this.refreshing.delete(repoKey));
    this.refreshing.set(repoKey, run);
  }
}

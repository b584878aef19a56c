/**
 * One `git worktree list` shared by the steps of a one-shot CLI command.
 *
 * `agent-orchestrator worktree list` without a serving engine resolves the repository
 * (`repos.resolve`: `git worktree list` names the main worktree) and then lists its worktrees
 * (`worktrees.list`: `git worktree list` again), a few milliseconds apart, in one process that
 * does nothing else. The first read is handed to the next one instead of spawning git twice
 * (issue 14, CLI start).
 *
 * Only a one-shot engine wires it (src/main/engine/index.ts): in a serving engine other
 * requests and other processes change worktrees between any two calls, and a listing handed on
 * there could hide a change. Even here a listing is handed on only while it is fresh, and the
 * worktree service forgets it before every change it makes (create, remove, archive, …), so a
 * command never reads its own change from before it happened.
 */
import type { WorktreeRecord } from './worktree-list.ts';

/** A listing older than this is read again: a one-shot command's steps follow within milliseconds. */
const FRESH_MS = 2_000;

export class WorktreeListHandoff {
  private offered: { paths: readonly string[]; records: readonly WorktreeRecord[]; at: number } | null = null;

  // A monotonic clock without `performance`: the global's first use loads perf_hooks and its
  // eight internal modules, a cost a one-shot listing would pay for this one clock (issue 14).
  constructor(private readonly now: () => number = () => process.uptime() * 1000) {}

  /** Offer a listing just read, under every path it was asked or is known by. */
  offer(paths: readonly string[], records: readonly WorktreeRecord[], at = this.now()): void {
    this.offered = { paths: [...new Set(paths)], records, at };
  }

  /**
   * The offered listing if it was read for `path` and is still fresh, else null (read it again).
   * It stays on offer: a caller that resolves and then registers reads it twice.
   */
  take(path: string): { records: readonly WorktreeRecord[]; at: number } | null {
    const offered = this.offered;
    if (!offered || !offered.paths.includes(path)) return null;
    if (this.now() - offered.at > FRESH_MS) {
      this.offered = null;
      return null;
    }
    return { records: offered.records, at: offered.at };
  }

  /** Before a change to any worktree: nothing read earlier is handed on afterwards. */
  forget(): void {
    this.offered = null;
  }
}

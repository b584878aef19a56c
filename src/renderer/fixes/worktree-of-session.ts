/**
 * The worktree (with a branch) a terminal session runs in, for "Fix a bug here" on its pane.
 */
import type { SessionInfo, Worktree } from '../../shared/protocol/index.ts';

export function worktreeOfSession(session: SessionInfo, worktrees: readonly Worktree[]): Worktree | null {
  let best: Worktree | null = null;
  for (const worktree of worktrees) {
    const inside = session.cwd === worktree.path || session.cwd.startsWith(`${worktree.path}/`) || session.cwd.startsWith(`${worktree.path}\\`);
    if (inside && worktree.branch !== null && (best === null || worktree.path.length > best.path.length)) best = worktree;
  }
  return best;
}

/**
 * Every worktree folder of the registered repositories: what usage logs are attributed to.
 *
 * Shared by the engine (through a short-lived cache: usage summaries are asked for on every
 * usage change and by every agent's context gauge, and each listing is one git process per
 * repository) and by the `usage` CLI command (one listing per run).
 */
import type { Repo } from '../../../shared/protocol/repos.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import type { WorktreeRoot } from '../usage/index.ts';

/**
 * List the roots of `repos` (in parallel). A repository whose listing fails contributes its main
 * folder when `fallbackToRepoPath`, nothing otherwise.
 */
export async function listWorktreeRoots(
  repos: readonly Repo[],
  options: { fallbackToRepoPath?: boolean } = {},
): Promise<WorktreeRoot[]> {
  const lists = await Promise.all(
    repos.map(async (repo): Promise<WorktreeRoot[]> => {
      const listed = await listWorktrees(repo.path);
      if (listed.ok) return listed.value.map((worktree) => ({ repoId: repo.id, path: worktree.path }));
      return options.fallbackToRepoPath ? [{ repoId: repo.id, path: repo.path }] : [];
    }),
  );
  return lists.flat();
}

/** How long a listing is reused: a new worktree's usage is attributed within this delay. */
export const WORKTREE_ROOTS_TTL_MS = 5_000;

/**
 * `listWorktreeRoots` behind a cache that expires after `ttlMs` and whenever the set of
 * repositories changes (`invalidate`). Concurrent callers share one listing.
 */
export function cachedWorktreeRoots(
  repos: () => readonly Repo[],
  ttlMs = WORKTREE_ROOTS_TTL_MS,
): { get: () => Promise<WorktreeRoot[]>; invalidate: () => void } {
  let cached: { at: number; roots: Promise<WorktreeRoot[]> } | null = null;
  return {
    get() {
      if (!cached || Date.now() - cached.at > ttlMs) {
        const roots = listWorktreeRoots(repos());
        cached = { at: Date.now(), roots };
        // A failed listing must not be served for the whole TTL.
        roots.catch(() => (cached = null));
      }
      return cached.roots;
    },
    invalidate() {
      cached = null;
    },
  };
}

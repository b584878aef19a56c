/**
 * Re-reading a repository's worktrees after `worktrees.changed` (git is the source of truth).
 */
import { callEngine, type EngineAccess } from '../engine/call-engine.ts';
import type { AppStore } from '../store/app-store.ts';

/**
 * A refresh function for the store. Overlapping refreshes of the same repository (a burst of
 * change events) only apply the newest answer, so a slow early answer cannot overwrite a
 * later one.
 */
export function createWorktreeRefresher(store: AppStore, engine: EngineAccess): (repoId: string) => Promise<void> {
  const latest = new Map<string, number>();
  let counter = 0;
  return async (repoId) => {
    const request = ++counter;
    latest.set(repoId, request);
    const answer = await callEngine(engine, (client) => client.worktrees.list({ repoId }));
    if (latest.get(repoId) !== request) return;
    latest.delete(repoId);
    // Disconnected: keep what is shown; the snapshot after reconnecting triggers a new refresh.
    if (!answer.ok && answer.error.kind === 'ENGINE_DISCONNECTED') return;
    store.getState().setWorktrees(repoId, answer);
  };
}

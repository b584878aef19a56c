/**
 * Where engine events land: server data in the store, layouts through the layout sync, and
 * worktree re-reads for the repositories an event says changed.
 */
import type { EngineEvent } from '../../shared/protocol/index.ts';
import { applyAgentEvent } from '../agents/apply-agent-event.ts';
import type { LayoutCommands } from '../grid/layout-commands.ts';
import type { AppStore } from '../store/app-store.ts';
import type { UsageRefresher } from '../usage/usage-refresher.ts';
import type { GitMapCache } from '../git-map/git-map-cache.ts';

export interface EventTargets {
  store: AppStore;
  layoutCommands: Pick<LayoutCommands, 'received'>;
  /** Never rejects (see `createWorktreeRefresher`). */
  refreshWorktrees(repoId: string): Promise<void>;
  /** Re-reads quota and totals after a (re)connect and on `usage.changed`. */
  usage?: Pick<UsageRefresher, 'onEvent'>;
  /** Re-reads status maps on `gitMap.changed`, `worktrees.changed` and after a (re)connect. */
  gitMap?: Pick<GitMapCache, 'invalidate' | 'invalidateAll'>;
}

/** Apply one event of the `events.subscribe` stream. */
export function applyEngineEvent(event: EngineEvent, targets: EventTargets): void {
  const { store, layoutCommands } = targets;
  const before = store.getState().server;
  store.getState().applyEngineEvent(event);
  switch (event.type) {
    case 'snapshot':
      layoutCommands.received(event.layout, true);
      // After a (re)connect every listing may be stale.
      for (const repo of event.repos) void targets.refreshWorktrees(repo.id);
      targets.usage?.onEvent(event);
      targets.gitMap?.invalidateAll();
      break;
    case 'repos.changed':
      // Only newly added repositories need a first read; the others have their own events.
      for (const repo of event.repos) if (!before.worktrees.has(repo.id)) void targets.refreshWorktrees(repo.id);
      break;
    case 'worktrees.changed':
      targets.gitMap?.invalidate(event.repoId);
      void targets.refreshWorktrees(event.repoId);
      break;
    case 'bootstrap.changed':
      void targets.refreshWorktrees(event.repoId);
      break;
    case 'gitMap.changed':
      targets.gitMap?.invalidate(event.repoId);
      break;
    case 'layout.changed':
      layoutCommands.received(event.layout, false);
      break;
    case 'sessions.changed':
      break;
    case 'agents.changed':
    case 'agents.notification':
    case 'settings.changed':
      applyAgentEvent(event, store);
      break;
    case 'usage.changed':
      targets.usage?.onEvent(event);
      break;
    case 'ci.changed':
      store.getState().setCi(event.status);
      break;
  }
}

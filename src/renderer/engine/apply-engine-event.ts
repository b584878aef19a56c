/**
 * Where engine events land: repositories and sessions in the store, layouts through the layout
 * commands, worktree listings in the query cache (an invalidation or a delta per event).
 */
import type { EngineEvent } from '../../shared/protocol/index.ts';
import { applyAgentEvent } from '../agents/apply-agent-event.ts';
import type { WorktreeData } from '../data/worktree-data.ts';
import type { LayoutCommands } from '../grid/layout-commands.ts';
import type { AppStore } from '../store/app-store.ts';
import type { UsageRefresher } from '../usage/usage-refresher.ts';
import type { GitMapCache } from '../git-map/git-map-cache.ts';

export interface EventTargets {
  store: AppStore;
  layoutCommands: Pick<LayoutCommands, 'received'>;
  /** Worktree listings in the query cache (invalidations and bootstrap deltas). */
  worktrees: Pick<WorktreeData, 'onEvent'>;
  /** Re-reads quota and totals after a (re)connect and on `usage.changed`. */
  usage?: Pick<UsageRefresher, 'onEvent'>;
  /** Re-reads status maps on `gitMap.changed`, `worktrees.changed` and after a (re)connect. */
  gitMap?: Pick<GitMapCache, 'invalidate' | 'invalidateAll'>;
}

/** Apply one event of the `events.subscribe` stream. */
export function applyEngineEvent(event: EngineEvent, targets: EventTargets): void {
  const { store, layoutCommands } = targets;
  store.getState().applyEngineEvent(event);
  targets.worktrees.onEvent(event);
  switch (event.type) {
    case 'snapshot':
      layoutCommands.received(event.layout, true);
      targets.usage?.onEvent(event);
      targets.gitMap?.invalidateAll();
      break;
    case 'repos.changed':
      targets.gitMap?.invalidateAll();
      break;
    case 'worktrees.changed':
      targets.gitMap?.invalidate(event.repoId);
      break;
    case 'bootstrap.changed':
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
    case 'trust.changed':
      store.getState().trustChanged();
      break;
  }
}

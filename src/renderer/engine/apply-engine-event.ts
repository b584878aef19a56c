/**
 * Where engine events land: repositories, sessions, agents and settings in the store (pushed
 * whole), layouts through the layout commands, and the query cache's engine data (worktree
 * listings, usage, status maps), to which each event is a delta or an invalidation of named
 * queries.
 */
import type { EngineEvent } from '../../shared/protocol/index.ts';
import { applyAgentEvent } from '../agents/apply-agent-event.ts';
import type { LayoutCommands } from '../grid/layout-commands.ts';
import type { AppStore } from '../store/app-store.ts';

/** A part of the query cache kept current by events (`data/*-data.ts`). */
export interface QueryEventTarget {
  onEvent(event: EngineEvent): void;
}

export interface EventTargets {
  store: AppStore;
  layoutCommands: Pick<LayoutCommands, 'received'>;
  /** Worktree listings, usage, status maps: each decides what an event invalidates or patches. */
  queries: readonly QueryEventTarget[];
}

/** Apply one event of the `events.subscribe` stream. */
export function applyEngineEvent(event: EngineEvent, targets: EventTargets): void {
  const { store, layoutCommands } = targets;
  store.getState().applyEngineEvent(event);
  for (const target of targets.queries) target.onEvent(event);
  switch (event.type) {
    case 'snapshot':
      layoutCommands.received(event.layout, true);
      break;
    case 'layout.changed':
      layoutCommands.received(event.layout, false);
      break;
    case 'agents.changed':
    case 'agents.notification':
    case 'settings.changed':
      applyAgentEvent(event, store);
      break;
    case 'ci.changed':
      store.getState().setCi(event.status);
      break;
    case 'trust.changed':
      store.getState().trustChanged();
      break;
    default:
      break;
  }
}

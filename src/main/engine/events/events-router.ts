/**
 * `events.subscribe`: every change the engine announces, as one stream per client. Subscribing
 * builds every service (their events are the stream), so only clients that watch pay for that.
 */
import { implement } from '@orpc/server';
import { eventsContract, type EngineEvent } from '../../../shared/protocol/events.ts';
import type { ServiceProvider } from '../services.ts';
import { AsyncQueue } from './async-queue.ts';

export function eventsRouter(services: ServiceProvider) {
  const os = implement(eventsContract);
  return os.router({
    subscribe: os.subscribe.handler(async function* ({ signal }) {
      const [repos, worktrees, bootstrap, terminals, layout, agents, notifications, settings, trust, usage, ci, gitMap] = await Promise.all([
        services.get('repos'),
        services.get('worktrees'),
        services.get('bootstrap'),
        services.get('terminals'),
        services.get('layout'),
        services.get('agents'),
        services.get('notifications'),
        services.get('settings'),
        services.get('trust'),
        services.get('usage'),
        services.get('ci'),
        services.get('gitMap'),
      ]);
      // Bounded: a subscriber that stopped reading loses its stream, not the engine its memory.
      const queue = new AsyncQueue<EngineEvent>(MAX_QUEUED_EVENTS, coalesceKey);
      // Subscribe before taking the snapshot so no change falls in between.
      const disposers = [
        repos.onDidChange(() => queue.push({ type: 'repos.changed', repos: repos.list() })),
        worktrees.onDidChange((repoId) => queue.push({ type: 'worktrees.changed', repoId })),
        bootstrap.onDidChange(({ repoId, state }) => queue.push({ type: 'bootstrap.changed', repoId, state })),
        terminals.onDidChange(() => queue.push({ type: 'sessions.changed', sessions: terminals.list() })),
        layout.onDidChange((next) => queue.push({ type: 'layout.changed', layout: next })),
        agents.onDidChange(() => queue.push({ type: 'agents.changed', agents: agents.list() })),
        notifications.onNotification((notification) => queue.push({ type: 'agents.notification', notification })),
        settings.onDidChange((next) => queue.push({ type: 'settings.changed', settings: next })),
        trust.onDidChange((repoId) => queue.push({ type: 'trust.changed', repoId })),
        usage.onDidChange((event) => queue.push(event)),
        ci.onDidChange((status) => queue.push({ type: 'ci.changed', status })),
        gitMap.onDidChange((repoId) => queue.push({ type: 'gitMap.changed', repoId })),
      ];
      const stop = (): void => queue.close();
      signal?.addEventListener('abort', stop);
      try {
        // Read together, before the first yield: everything queued meanwhile is newer.
        const snapshot: EngineEvent = { type: 'snapshot', repos: repos.list(), sessions: terminals.list(), layout: layout.get() };
        const agentsNow: EngineEvent = { type: 'agents.changed', agents: agents.list() };
        const settingsNow: EngineEvent = { type: 'settings.changed', settings: settings.get() };
        const ciNow: EngineEvent = { type: 'ci.changed', status: ci.current() };
        yield snapshot;
        yield agentsNow;
        yield settingsNow;
        yield ciNow;
        for (;;) {
          const next = await queue.next();
          if (next.done) return;
          yield next.value;
        }
      } finally {
        signal?.removeEventListener('abort', stop);
        for (const dispose of disposers) dispose();
      }
    }),
  });
}

/** Events one subscription may have waiting before it is ended (clients then resubscribe). */
const MAX_QUEUED_EVENTS = 10_000;

/**
 * Events that carry a whole state (or only say "re-read X") replace an undelivered one of the
 * same key: a subscriber that reads slowly gets the latest state, and its queue holds at most one
 * of each, whatever their size (a 200 KB settings object queued 2 000 times was 400 MB).
 * Notifications are distinct events and are never merged.
 */
function coalesceKey(event: EngineEvent): string | null {
  switch (event.type) {
    case 'repos.changed':
    case 'sessions.changed':
    case 'layout.changed':
    case 'agents.changed':
    case 'settings.changed':
    case 'ci.changed':
      return event.type;
    case 'worktrees.changed':
    case 'trust.changed':
      return `${event.type}:${event.repoId}`;
    case 'bootstrap.changed':
      return `${event.type}:${event.state.path}`;
    default:
      return null;
  }
}

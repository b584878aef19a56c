/**
 * The engine's implementation of the protocol contract.
 *
 * Handlers are thin: they validate nothing themselves (oRPC validates inputs and outputs against
 * the contract) and delegate to the domain services.
 */
import { implement } from '@orpc/server';
import { contract, type EngineEvent } from '../../shared/protocol/index.ts';
import { AsyncQueue } from './events/async-queue.ts';
import { createWithPane } from './layout/session-pane.ts';
import type { EngineServices } from './services.ts';
import { fixesRouter } from './fixes/fixes-router.ts';
import { createGraphRouter } from './graph/graph-router.ts';
import { createCiRouter } from './ci/ci-router.ts';
import { createGitMapRouter } from './git-map/git-map-router.ts';
import { trustRouter } from './trust/trust-router.ts';

export function createRouter(services: EngineServices) {
  const { repos, worktrees, terminals, layout, settings, agents, info } = services;
  const os = implement(contract);

  return os.router({
    engine: {
      info: os.engine.info.handler(() => info()),
    },
    repos: {
      list: os.repos.list.handler(() => repos.list()),
      add: os.repos.add.handler(({ input }) => repos.add(input.path)),
      resolve: os.repos.resolve.handler(({ input }) => repos.resolve(input.path, { register: input.register ?? false })),
      remove: os.repos.remove.handler(({ input }) => repos.remove(input.repoId)),
    },
    worktrees: {
      list: os.worktrees.list.handler(({ input }) => worktrees.list(input.repoId)),
      create: os.worktrees.create.handler(({ input }) => worktrees.create(input)),
      remove: os.worktrees.remove.handler(({ input }) => worktrees.remove(input)),
      archive: os.worktrees.archive.handler(({ input }) => worktrees.archive(input)),
      archivePreview: os.worktrees.archivePreview.handler(({ input }) => worktrees.archivePreview(input)),
      restore: os.worktrees.restore.handler(({ input }) => worktrees.restore(input)),
      prune: os.worktrees.prune.handler(({ input }) => worktrees.prune(input)),
      archives: os.worktrees.archives.handler(({ input }) => worktrees.archives(input.repoId)),
      bootstrap: os.worktrees.bootstrap.handler(({ input }) => worktrees.bootstrap(input)),
      bootstrapLog: os.worktrees.bootstrapLog.handler(({ input }) => services.bootstrap.readLog(input.path, input.offset)),
      openBootstrapLog: os.worktrees.openBootstrapLog.handler(({ input }) =>
        services.bootstrap.openLogSession(input.path, { repoId: input.repoId, cols: input.cols, rows: input.rows }),
      ),
      config: os.worktrees.config.handler(({ input }) => worktrees.config(input.repoId)),
    },
    terminals: {
      list: os.terminals.list.handler(() => terminals.list()),
      create: os.terminals.create.handler(({ input }) =>
        createWithPane(layout, () => terminals.create(input), (id) => terminals.remove(id)),
      ),
      write: os.terminals.write.handler(({ input }) => terminals.write(input.sessionId, input.data)),
      resize: os.terminals.resize.handler(({ input }) =>
        terminals.resize(input.sessionId, input.cols, input.rows),
      ),
      kill: os.terminals.kill.handler(({ input }) => terminals.kill(input.sessionId)),
      remove: os.terminals.remove.handler(({ input }) => terminals.remove(input.sessionId)),
      screen: os.terminals.screen.handler(({ input }) => terminals.screen(input.sessionId)),
    },
    layout: {
      get: os.layout.get.handler(() => layout.get()),
      open: os.layout.open.handler(({ input }) => layout.open(input)),
      focus: os.layout.focus.handler(({ input }) => layout.focus(input.sessionId)),
      close: os.layout.close.handler(({ input }) => layout.close(input.sessionId)),
      maximize: os.layout.maximize.handler(({ input }) => layout.maximize(input.sessionId)),
      move: os.layout.move.handler(({ input }) => layout.move(input.sessionId, input.index)),
      resize: os.layout.resize.handler(({ input }) => layout.resize(input)),
    },
    agents: {
      profiles: os.agents.profiles.handler(({ input }) => agents.profiles(input.repoId)),
      list: os.agents.list.handler(() => agents.list()),
      launch: os.agents.launch.handler(({ input }) => agents.launch(input)),
      fanOut: os.agents.fanOut.handler(({ input }) => agents.fanOut(input)),
      handoffPreview: os.agents.handoffPreview.handler(({ input }) => agents.handoffPreview(input.sessionId, input.notes ?? null)),
      handoff: os.agents.handoff.handler(({ input }) => agents.handoff(input)),
      focus: os.agents.focus.handler(({ input }) => agents.focus(input.sessionId)),
    },
    usage: {
      summary: os.usage.summary.handler(({ input }) => services.usage.summary(input)),
      quota: os.usage.quota.handler(async () => {
        await services.usage.whenQueried();
        return services.usage.quota();
      }),
      timeline: os.usage.timeline.handler(({ input }) => services.usage.timeline(input)),
    },
    fixes: fixesRouter(services.fixes),
    graph: createGraphRouter(services.graph),
    ci: createCiRouter(services.ci),
    gitMap: createGitMapRouter(services.gitMap),
    trust: trustRouter(os, services.trust),
    settings: {
      get: os.settings.get.handler(() => settings.get()),
      update: os.settings.update.handler(({ input }) => settings.update(input)),
    },
    events: {
      subscribe: os.events.subscribe.handler(async function* ({ signal }) {
        // Bounded: a subscriber that stopped reading loses its stream, not the engine its memory.
        const queue = new AsyncQueue<EngineEvent>(MAX_QUEUED_EVENTS, coalesceKey);
        // Subscribe before taking the snapshot so no change falls in between.
        const disposers = [
          repos.onDidChange(() => queue.push({ type: 'repos.changed', repos: repos.list() })),
          worktrees.onDidChange((repoId) => queue.push({ type: 'worktrees.changed', repoId })),
          services.bootstrap.onDidChange(({ repoId, state }) => queue.push({ type: 'bootstrap.changed', repoId, state })),
          terminals.onDidChange(() => queue.push({ type: 'sessions.changed', sessions: terminals.list() })),
          layout.onDidChange((next) => queue.push({ type: 'layout.changed', layout: next })),
          agents.onDidChange(() => queue.push({ type: 'agents.changed', agents: agents.list() })),
          services.notifications.onNotification((notification) => queue.push({ type: 'agents.notification', notification })),
          settings.onDidChange((next) => queue.push({ type: 'settings.changed', settings: next })),
          services.trust.onDidChange((repoId) => queue.push({ type: 'trust.changed', repoId })),
          services.usage.onDidChange((event) => queue.push(event)),
          services.ci.onDidChange((status) => queue.push({ type: 'ci.changed', status })),
          services.gitMap.onDidChange((repoId) => queue.push({ type: 'gitMap.changed', repoId })),
        ];
        const stop = (): void => queue.close();
        signal?.addEventListener('abort', stop);
        try {
          // Read together, before the first yield: everything queued meanwhile is newer.
          const snapshot: EngineEvent = { type: 'snapshot', repos: repos.list(), sessions: terminals.list(), layout: layout.get() };
          const agentsNow: EngineEvent = { type: 'agents.changed', agents: agents.list() };
          const settingsNow: EngineEvent = { type: 'settings.changed', settings: settings.get() };
          const ciNow: EngineEvent = { type: 'ci.changed', status: services.ci.current() };
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
    },
  });
}

export type EngineRouter = ReturnType<typeof createRouter>;

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

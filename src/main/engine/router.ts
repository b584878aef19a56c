/**
 * The engine's implementation of the protocol contract.
 *
 * Handlers are thin: they validate nothing themselves (oRPC validates inputs and outputs against
 * the contract) and delegate to the domain services.
 *
 * One lazy router per domain (oRPC's `lazy`): a domain's handlers, its contract (the zod schemas
 * of its inputs and outputs) and its services load on the first call into that domain. A one-shot
 * CLI command thus builds the schemas and services of the one or two domains it calls instead of
 * all of them (issue 14, CLI start); a serving engine loads every domain at start
 * (`unlazyRouter` in index.ts). The contract's type still checks every domain (`satisfies`).
 */
import { lazy, type Router } from '@orpc/server';
import type { Contract } from '../../shared/protocol/index.ts';
import type { ServiceProvider } from './services.ts';

export function createRouter(services: ServiceProvider) {
  const get = services.get;
  return {
    engine: domain(async () => (await import('./engine-router.ts')).engineRouter(await get('info'))),
    repos: domain(async () => (await import('./repos/repos-router.ts')).reposRouter(await get('repos'))),
    worktrees: domain(async () => (await import('./worktrees/worktrees-router.ts')).worktreesRouter(await get('worktrees'), services)),
    terminals: domain(async () => (await import('./terminals/terminals-router.ts')).terminalsRouter(await get('terminals'), await get('layout'))),
    layout: domain(async () => (await import('./layout/layout-router.ts')).layoutRouter(await get('layout'))),
    agents: domain(async () => (await import('./agents/agents-router.ts')).agentsRouter(await get('agents'))),
    usage: domain(async () => (await import('./usage/usage-router.ts')).usageRouter(await get('usage'))),
    fixes: domain(async () => (await import('./fixes/fixes-router.ts')).fixesRouter(await get('fixes'))),
    graph: domain(async () => (await import('./graph/graph-router.ts')).createGraphRouter(await get('graph'))),
    ci: domain(async () => (await import('./ci/ci-router.ts')).createCiRouter(await get('ci'))),
    gitMap: domain(async () => (await import('./git-map/git-map-router.ts')).createGitMapRouter(await get('gitMap'))),
    trust: domain(async () => (await import('./trust/trust-router.ts')).trustRouter(await get('trust'))),
    settings: domain(async () => (await import('./settings/settings-router.ts')).settingsRouter(await get('settings'))),
    events: domain(async () => (await import('./events/events-router.ts')).eventsRouter(services)),
  } satisfies Router<Contract, Record<never, never>>;
}

export type EngineRouter = ReturnType<typeof createRouter>;

/**
 * A domain's router, loaded once on first use. oRPC calls the loader on every request into the
 * domain; it is memoised here. A load that failed (a service that could not start) is retried
 * by the next request instead of failing every later one.
 */
function domain<T>(load: () => Promise<T>) {
  let loading: Promise<{ default: T }> | null = null;
  return lazy(() => {
    if (!loading) {
      const attempt = load().then((router) => ({ default: router }));
      loading = attempt;
      attempt.catch(() => {
        if (loading === attempt) loading = null;
      });
    }
    return loading;
  });
}

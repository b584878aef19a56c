/**
 * The engine's public entry: build every service on one data directory.
 *
 * Plain Node only: the engine never imports `electron`, so the whole product except the native
 * window runs and is tested under Node (`agent-orchestrator serve`, tests, benchmarks).
 *
 * Services, and the modules they are made of, are built on first use (`compose` in
 * composition.ts, the one composition root; each service's builder is in service-builders.ts):
 * a serving engine asks for all of them at start, a one-shot CLI command (`startOneShotEngine`)
 * only for those its procedures touch. Implementations are imported
 * dynamically for that reason: the bundled CLI keeps each in its own chunk, so `worktree list`
 * without a serving engine never compiles the terminals, agents, CI or usage code (issue 14).
 */
import { config as zodConfig } from 'zod';
import { compose } from './composition.ts';
import { APP_VERSION } from './version.ts';
import type { EngineRouter } from './router.ts';
import type { EngineOptions } from './engine-options.ts';
import type { EngineServices, ServiceProvider } from './services.ts';
import type { EngineRecord, WebIdentity } from './instance/index.ts';

// Other layers (CLI, transport) import the engine only through this file and the light
// `discovery.ts` (enforced by eslint-rules/import-boundaries.js).
export * from './discovery.ts';
export type { EngineServices, ServiceProvider } from './services.ts';
export { EngineRunningError, type EngineOptions } from './engine-options.ts';
export type { TerminalAttachment, TerminalConsumer, TerminalHub } from './terminals/terminal-hub.ts';

export interface Engine extends EngineServices {
  home: string;
  oneShot: boolean;
  router: EngineRouter;
  /** The saved web token and last port (serving engines; see instance/web-identity.ts). */
  webIdentity(options?: { rotate?: boolean }): Promise<WebIdentity>;
  /** Publish where this engine listens (`engine.json`), once its socket is up. */
  advertise(endpoint: { baseUrl: string; port: number; token: string; owner: EngineRecord['owner'] }): Promise<void>;
  dispose(): Promise<void>;
}

/** A one-shot engine whose services are built when a procedure first needs them. */
export interface OneShotEngine {
  home: string;
  /** The same router as a serving engine's; each domain's handlers and schemas load on first call. */
  router: EngineRouter;
  services: ServiceProvider;
  dispose(): Promise<void>;
}

/**
 * A serving engine (desktop app, `serve`, `run`), or with `oneShot` an in-process engine with
 * every service built and nothing running in the background (tests, benchmarks).
 */
export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  const root = await compose(options);
  const { services: provider, oneShot, home } = root;
  // Before anything is restored, the repositories: loading them finishes or rolls back what a
  // killed engine or CLI left half done. Settings and CI's saved state are read beside them.
  const [repos, settings, ci] = await Promise.all([provider.get('repos'), provider.get('settings'), provider.get('ci')]);
  const [terminals, layout, agents, usage] = await Promise.all([provider.get('terminals'), provider.get('layout'), provider.get('agents'), provider.get('usage')]);
  const autoContinue = root.autoContinue();
  let usageStarted: Promise<void> = Promise.resolve();
  if (!oneShot) {
    await terminals.load();
    await layout.load();
    // After the layout: restored agents keep their session ids, so their panes stay.
    await agents.load();
    root.onDispose(terminals.onDidChange(() => void layout.sync()));
    // Another process may register a repository (a one-shot CLI command).
    root.onDispose(repos.watchFile());
    // Not awaited: the backfill of old logs takes seconds (in a worker); totals fill in as it goes.
    usageStarted = usage
      .start()
      .then(() => autoContinue?.start())
      .catch((error: unknown) => {
        // Stopping the engine while the scan starts ends its worker: not worth a line.
        if (!root.disposing()) console.error(`usage scan failed to start: ${(error as Error).message}`);
      });
    // CI state is shared; it polls and triages only in a serving engine, and wakes when
    // repositories change.
    ci.start();
    root.onDispose(repos.onDidChange(() => ci.wake()));
  }
  const [notifications, graph, gitMap, fixes, trust, worktrees, bootstrap, info] = await Promise.all([
    provider.get('notifications'),
    provider.get('graph'),
    provider.get('gitMap'),
    provider.get('fixes'),
    provider.get('trust'),
    provider.get('worktrees'),
    provider.get('bootstrap'),
    provider.get('info'),
  ]);
  const services: EngineServices = { repos, worktrees, terminals, layout, info, bootstrap, settings, agents, usage, notifications, graph, ci, gitMap, fixes, trust };
  // Every domain's handlers loaded now, so no request waits for code (and a broken module fails
  // the start, not a request).
  const { unlazyRouter } = await import('@orpc/server');
  const router = (await unlazyRouter(root.router)) as unknown as EngineRouter;

  let advertised = false;
  return {
    ...services,
    home,
    oneShot,
    router,
    webIdentity: async (identityOptions = {}) => (await import('./instance/index.ts')).loadWebIdentity(home, identityOptions),
    async advertise(endpoint) {
      if (oneShot) throw new Error('a one-shot engine does not serve');
      const { loadWebIdentity, saveWebPort, writeEngineFile } = await import('./instance/index.ts');
      await writeEngineFile(home, {
        version: 1,
        baseUrl: endpoint.baseUrl,
        port: endpoint.port,
        token: endpoint.token,
        pid: process.pid,
        appVersion: APP_VERSION,
        owner: endpoint.owner,
        startedAt: new Date().toISOString(),
      });
      advertised = true;
      // The next start tries the same port, so open tabs reconnect after a restart.
      const identity = await loadWebIdentity(home);
      if (identity.token === endpoint.token) await saveWebPort(home, identity, endpoint.port);
    },
    async dispose() {
      // First: from now on nobody should connect to us.
      if (advertised) await (await import('./instance/index.ts')).removeEngineFile(home).catch(() => undefined);
      await root.dispose(usageStarted);
    },
  };
}

/**
 * The engine a CLI command runs in its own process when no engine serves the data folder: no
 * lock, no restore, no background work, and no service built before a procedure asks for it.
 */
export async function startOneShotEngine(options: Omit<EngineOptions, 'oneShot'> = {}): Promise<OneShotEngine> {
  // zod compiles a fast parser (`new Function`) for each object schema the first time it parses
  // one: worth it in a long-running engine, pure overhead in a process that parses each schema
  // once or twice and exits. Same results either way (issue 14, CLI start).
  zodConfig({ jitless: true });
  const root = await compose({ ...options, oneShot: true });
  return { home: root.home, router: root.router, services: root.services, dispose: () => root.dispose(Promise.resolve()) };
}

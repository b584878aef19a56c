/**
 * The engine's public entry: build every service on one data directory.
 *
 * Plain Node only: the engine never imports `electron`, so the whole product except the native
 * window runs and is tested under Node (`agent-orchestrator serve`, tests, benchmarks).
 *
 * Services, and the modules they are made of, are built on first use (`compose` below, the one
 * composition root): a serving engine asks for all of them at start, a one-shot CLI command
 * (`startOneShotEngine`) only for those its procedures touch. Implementations are imported
 * dynamically for that reason: the bundled CLI keeps each in its own chunk, so `worktree list`
 * without a serving engine never compiles the terminals, agents, CI or usage code (issue 14).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { config as zodConfig } from 'zod';
import os from 'node:os';
import path from 'node:path';
import { ensurePrivateHome } from './fs/private-home.ts';
import { createRouter, type EngineRouter } from './router.ts';
import { defaultHome } from './paths.ts';
import { gitVersion, gitVersionProblem } from './git/version.ts';
import { WorktreeListHandoff } from './git/worktree-list-handoff.ts';
import { APP_VERSION } from './version.ts';
import type { EngineServices, ServiceProvider } from './services.ts';
import type { CiServiceOptions } from './ci/ci-service.ts';
import type { UsageServiceOptions } from './usage/usage-service.ts';
import type { AutoContinueService } from './usage/auto-continue-service.ts';
import type { ResumeSettings } from './usage/quota/resume-decision.ts';
import type { TerminalsForWorktrees } from './worktrees/worktree-sessions.ts';
import type { PortService } from './ports/index.ts';
import type { Settings } from '../../shared/protocol/settings.ts';
import type { EngineRecord, WebIdentity } from './instance/index.ts';
import type { AppError } from '../../shared/errors.ts';

// Other layers (CLI, transport) import the engine only through this file and the light
// `discovery.ts` (enforced by eslint-rules/import-boundaries.js).
export * from './discovery.ts';
export type { EngineServices, ServiceProvider } from './services.ts';
export type { TerminalAttachment, TerminalConsumer, TerminalHub } from './terminals/terminal-hub.ts';

export interface EngineOptions {
  /** Data directory; defaults to `AGENT_ORCHESTRATOR_HOME` or the platform's app-data folder. */
  home?: string;
  /** Environment given to terminal sessions (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
  /**
   * One CLI command run in-process because no engine serves the data folder: nothing is restored
   * (sessions, agents, layout live in a throwaway folder, so their real files are never
   * touched), no watcher, poller or timer starts, usage is scanned only when asked, and the
   * folder's engine lock is not taken (see instance/engine-lock.ts).
   */
  oneShot?: boolean;
  /** How long a successful setup's pane stays before closing itself (tests shorten it). */
  setupPaneLingerMs?: number;
  /** CI timing and policy (tests use short intervals). */
  ci?: Pick<CiServiceOptions, 'pollMs' | 'maxBackoffMs' | 'typingQuietMs' | 'policy' | 'timers'>;
}

/** Thrown by `startEngine` when another engine already serves the data folder. */
export class EngineRunningError extends Error {
  constructor(readonly error: Extract<AppError, { kind: 'ENGINE_RUNNING' }>) {
    super(`an engine already serves ${error.home}`);
  }
}

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

/** What `compose` hands its two callers. */
interface Composition {
  home: string;
  oneShot: boolean;
  services: ServiceProvider;
  router: EngineRouter;
  /** Automatic "continue", once the usage service is built. */
  autoContinue(): AutoContinueService | null;
  onDispose(stop: () => void): void;
  disposing(): boolean;
  dispose(usageStarted: Promise<void>): Promise<void>;
}

type Builders = { [K in keyof EngineServices]: () => Promise<EngineServices[K]> };

/**
 * The one composition root: how each service is built from the others. A builder runs once, on
 * the first `get` of its service, and imports its module only then.
 */
async function compose(options: EngineOptions): Promise<Composition> {
  const home = options.home ?? defaultHome();
  const oneShot = options.oneShot === true;
  // Say it once, plainly, at start instead of failing later in the middle of an operation. Not
  // awaited: `git --version` runs beside the start-up and the first requests (a one-shot CLI
  // command's git calls start while it runs; issue 14, CLI start); `dispose` waits for it.
  const gitChecked = gitVersionProblem()
    .then((problem) => {
      if (problem) process.stderr.write(`agent-orchestrator: ${problem}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`agent-orchestrator: could not run git --version: ${(error as Error).message}\n`);
    });
  // Sessions, agents and the layout belong to the serving engine; a one-shot engine keeps its
  // (empty) copies elsewhere so it can never overwrite theirs.
  const [stateHome] = await Promise.all([
    oneShot ? mkdtemp(path.join(os.tmpdir(), 'ao-oneshot-')) : home,
    ensurePrivateHome(home),
  ]);
  // Before anything is restored: two engines on one folder would both resume the same agents.
  let releaseLock: () => Promise<void> = async () => undefined;
  if (!oneShot) {
    const { acquireEngineLock, engineFileOf, findRunningEngine, readEngineFile } = await import('./instance/index.ts');
    const lock = await acquireEngineLock(home);
    if (!lock.ok) {
      const running = (await findRunningEngine(home)) ?? (await readEngineFile(home));
      throw new EngineRunningError({ kind: 'ENGINE_RUNNING', home, pid: running?.pid ?? null, baseUrl: running?.baseUrl ?? null });
    }
    releaseLock = lock.release;
    // A file left by a crashed engine: we hold the lock now, so it cannot be anyone else's.
    await rm(engineFileOf(home), { force: true });
  }

  const building = new Map<keyof EngineServices, Promise<unknown>>();
  const built = new Map<keyof EngineServices, unknown>();
  const services: ServiceProvider = {
    get(name) {
      let service = building.get(name);
      if (!service) {
        const attempt = builders[name]().then((value) => {
          built.set(name, value);
          return value;
        });
        service = attempt;
        building.set(name, attempt);
        // A build that failed is tried again by the next caller (the router retries a domain
        // whose load failed), not answered with the same failure forever.
        attempt.catch(() => {
          if (building.get(name) === attempt) building.delete(name);
        });
      }
      return service as Promise<EngineServices[typeof name]>;
    },
    built: (name) => (built.get(name) as EngineServices[typeof name] | undefined) ?? null,
  };
  const get = services.get;
  const stops: (() => void)[] = [];
  let autoContinue: AutoContinueService | null = null;
  let disposing = false;
  const env = options.env;

  // One-shot: resolving a repository and listing its worktrees share one `git worktree list`.
  const worktreeListHandoff = oneShot ? new WorktreeListHandoff() : undefined;
  // What the worktree lifecycle and automatic "continue" ask of terminals before anything built
  // them: a terminal service nobody built runs no session.
  const terminalsIfBuilt: TerminalsForWorktrees = {
    list: () => services.built('terminals')?.list() ?? [],
    input: (sessionId, data) => services.built('terminals')!.input(sessionId, data),
    kill: async (sessionId) => services.built('terminals')!.kill(sessionId),
    whenExited: async (sessionId) => services.built('terminals')?.whenExited(sessionId),
  };

  const builders: Builders = {
    async repos() {
      const [{ RepoService }, { recoverInterrupted, reportRecovery }] = await Promise.all([
        import('./repos/repo-service.ts'),
        import('./worktrees/recovery.ts'),
      ]);
      const repos = new RepoService({ home, ...(worktreeListHandoff ? { worktreeListHandoff } : {}) });
      await repos.load();
      // Before anything else touches the repositories: finish or roll back what a killed engine
      // or CLI left half done, and clear the locks a killed git left behind. Every service that
      // touches repositories gets them from here, so none runs before this.
      await reportRecovery(
        await recoverInterrupted({
          home,
          repoPaths: repos.list().map((repo) => repo.path),
          releasePorts: async (worktreePath) => (await portService()).release(worktreePath),
        }),
      );
      return repos;
    },
    async worktrees() {
      const [{ WorktreeService }, { worktreeSessions }, repos, bootstrap, ports, trust] = await Promise.all([
        import('./worktrees/worktree-service.ts'),
        import('./worktrees/worktree-sessions.ts'),
        get('repos'),
        get('bootstrap'),
        portService(),
        get('trust'),
      ]);
      // Remove and archive stop the worktree's sessions first.
      const sessions = worktreeSessions(terminalsIfBuilt, (id) => services.built('agents')?.list().find((agent) => agent.sessionId === id)?.agentName ?? null);
      return new WorktreeService({ repos, lifecycle: { home, bootstrap, ports, sessions, trust }, ...(worktreeListHandoff ? { worktreeListHandoff } : {}) });
    },
    async terminals() {
      const [{ TerminalService }, { createWorktreeEnvResolver }, repos, ports] = await Promise.all([
        import('./terminals/terminal-service.ts'),
        import('./worktrees/worktree-env.ts'),
        get('repos'),
        portService(),
      ]);
      return new TerminalService({ home: stateHome, ...(env ? { env } : {}), envForCwd: createWorktreeEnvResolver({ repos, ports, home }) });
    },
    async layout() {
      const [{ LayoutService }, terminals] = await Promise.all([import('./layout/layout-service.ts'), get('terminals')]);
      return new LayoutService({ home: stateHome, sessionExists: (id) => terminals.list().some((session) => session.id === id) });
    },
    async bootstrap() {
      const [{ BootstrapService }, ports] = await Promise.all([import('./bootstrap/bootstrap-service.ts'), portService()]);
      return new BootstrapService({
        home,
        ports,
        ...(env ? { env } : {}),
        // A setup log is shown in a pane the engine places (when the grid has room); a successful
        // setup's pane closes itself after a moment, a failed one stays for its log.
        openSession: async (input, { closeOnSuccess }) => {
          const [{ createWithPane }, { closeWhenSucceeded }, layout, terminals] = await Promise.all([
            import('./layout/session-pane.ts'),
            import('./bootstrap/setup-pane-closer.ts'),
            get('layout'),
            get('terminals'),
          ]);
          const opened = await createWithPane(layout, () => terminals.create(input), (id) => terminals.remove(id));
          if (opened.ok && closeOnSuccess) void closeWhenSucceeded(terminals, opened.value.id, options.setupPaneLingerMs);
          return opened;
        },
      });
    },
    async settings() {
      const { SettingsService } = await import('./settings/settings-service.ts');
      const settings = new SettingsService({ home });
      await settings.load();
      return settings;
    },
    async usage() {
      const [{ UsageService }, { sourcesFromEnv }, { cachedWorktreeRoots }, { AutoContinueService }, { feedQuotaWarnings }, { DEFAULT_RESUME_SETTINGS }, repos, settings, notifications] =
        await Promise.all([
          import('./usage/usage-service.ts'),
          import('./usage/sources/sources-from-env.ts'),
          import('./worktrees/worktree-roots.ts'),
          import('./usage/auto-continue-service.ts'),
          import('./notifications/usage-feed.ts'),
          import('./usage/quota/resume-decision.ts'),
          get('repos'),
          get('settings'),
          get('notifications'),
        ]);
      // Usage is read from the agents' own logs; worktree roots attribute each log to a worktree.
      const worktreeRoots = cachedWorktreeRoots(() => repos.list());
      stops.push(repos.onDidChange(worktreeRoots.invalidate));
      const usage = new UsageService({
        home,
        // The same log folders the sessions' agents write to (their environment, not necessarily ours).
        ...(env ? { sources: sourcesFromEnv(env) } : {}),
        roots: worktreeRoots.get,
        // One-shot: scan when a command asks (from the saved index), never watch or poll.
        ...(oneShot ? { watch: false, startOnDemand: true } : {}),
      });
      // What the user hears about: its quota warnings.
      stops.push(feedQuotaWarnings(usage, notifications));
      usage.configure(usagePolicy(settings.get().usage, DEFAULT_RESUME_SETTINGS));
      // Quota-aware behaviour: thresholds and automatic "continue" follow the settings live.
      const continuing = new AutoContinueService({
        usage,
        // A terminal service nobody built has no session to continue.
        input: (sessionId, data) => services.built('terminals')?.input(sessionId, data, 'engine') ?? { ok: true, value: null },
        settings: () => usagePolicy(settings.get().usage, DEFAULT_RESUME_SETTINGS).resume,
      });
      autoContinue = continuing;
      stops.push(
        settings.onDidChange((next) => {
          usage.configure(usagePolicy(next.usage, DEFAULT_RESUME_SETTINGS));
          continuing.check();
        }),
      );
      return usage;
    },
    async notifications() {
      const [{ NotificationService }, settings] = await Promise.all([import('./notifications/notification-service.ts'), get('settings')]);
      // What the user hears about: agents publish status changes, usage its quota warnings.
      return new NotificationService({ toggles: () => settings.get().notifications });
    },
    async agents() {
      const [{ AgentService }, { loadRepoConfig }, { err, ok }, repos, terminals, layout, settings, notifications, trust, usage] = await Promise.all([
        import('./agents/agent-service.ts'),
        import('./repo-config/repo-config.ts'),
        import('../../shared/result.ts'),
        get('repos'),
        get('terminals'),
        get('layout'),
        get('settings'),
        get('notifications'),
        get('trust'),
        get('usage'),
      ]);
      return new AgentService({
        home: stateHome,
        terminals,
        layout,
        settings,
        notifications,
        repos: () => repos.list(),
        repoAgents: async (repoId) => {
          const repo = repos.list().find((candidate) => candidate.id === repoId);
          if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
          const loaded = await loadRepoConfig(repo.path, home);
          if (!loaded.ok) return loaded;
          // A repository's agent entries are commands and environment it brings: only once trusted.
          const trusted = await trust.isTrustedContent(repo.path, loaded.value.configHash);
          return ok(trusted ? loaded.value.config.agents : {});
        },
        ...(env ? { env } : {}),
        usage,
        // The handoff's "last CI failure" comes from the CI service, which itself needs the agents.
        ciFailure: async (cwd) => (await get('ci')).lastFailureText(cwd),
      });
    },
    async ci() {
      const [{ CiService }, { loadRepoConfig }, { err, ok }, repos, agents, terminals, trust, notifications] = await Promise.all([
        import('./ci/ci-service.ts'),
        import('./repo-config/repo-config.ts'),
        import('../../shared/result.ts'),
        get('repos'),
        get('agents'),
        get('terminals'),
        get('trust'),
        get('notifications'),
      ]);
      const ci = new CiService({
        home,
        env: env ?? process.env,
        repos: () => repos.list(),
        agents,
        terminals,
        // A repository's check commands are code it brings: they run only once it is trusted.
        checkCommands: async (repoPath) => {
          const loaded = await loadRepoConfig(repoPath, home);
          if (!loaded.ok) return loaded;
          if (loaded.value.config.check.length > 0 && !(await trust.isTrustedContent(repoPath, loaded.value.configHash))) {
            const repoId = repos.list().find((repo) => repo.path === repoPath)?.id ?? '';
            return err({ kind: 'REPO_NOT_TRUSTED', repoId, path: repoPath, configHash: loaded.value.configHash });
          }
          return ok(loaded.value.config.check);
        },
        notify: (notification) => notifications.publish({ type: 'ci-escalated', ...notification }),
        // A one-shot engine answers queries; typing prompts and escalating belong to the serving one.
        passive: oneShot,
        ...ciPollFromEnv(env ?? process.env),
        ...options.ci,
      });
      await ci.load();
      return ci;
    },
    async graph() {
      // On demand only (no background work): a layout starts when a client asks for the graph.
      const [{ GraphService }, repos] = await Promise.all([import('./graph/graph-service.ts'), get('repos')]);
      return new GraphService({ home, repos: () => repos.list() });
    },
    async gitMap() {
      const [{ GitMapService }, { agentPortFor }, repos, agents, terminals] = await Promise.all([
        import('./git-map/git-map-service.ts'),
        import('./git-map/agent-port.ts'),
        get('repos'),
        get('agents'),
        get('terminals'),
      ]);
      // Git intelligence; its watchers (refs, worktree metadata) run only in a long-lived engine,
      // a one-shot engine reads every answer fresh. A one-shot engine answers and exits: a
      // background commit-graph write would race the command's exit (and other commands'
      // writes); the serving engine writes it.
      const gitMap = new GitMapService({ repos, home, agents: agentPortFor(agents, terminals), writeCommitGraphs: !oneShot });
      if (!oneShot) gitMap.start();
      return gitMap;
    },
    async fixes() {
      const [{ FixService }, repos, worktrees, agents, terminals, layout] = await Promise.all([
        import('./fixes/fix-service.ts'),
        get('repos'),
        get('worktrees'),
        get('agents'),
        get('terminals'),
        get('layout'),
      ]);
      return new FixService({
        repos,
        worktrees,
        agents,
        terminals: { list: () => terminals.list(), input: (sessionId, data) => terminals.input(sessionId, data) },
        layout,
        notify: (repoId) => worktrees.announce(repoId),
      });
    },
    async trust() {
      const [{ TrustService }, repos] = await Promise.all([import('./trust/trust-service.ts'), get('repos')]);
      return new TrustService({ home, repo: (repoId) => repos.get(repoId) });
    },
    async info() {
      return async () => ({ version: APP_VERSION, home, pid: process.pid, platform: process.platform, gitVersion: await gitVersion() });
    },
  };

  // Ports are no service of the protocol's; the worktrees, terminals and bootstrap share one.
  let portsBuilt: Promise<PortService> | null = null;
  const portService = () =>
    (portsBuilt ??= import('./ports/index.ts').then(({ PortService }) => new PortService({ home })));

  return {
    home,
    oneShot,
    services,
    router: createRouter(services),
    autoContinue: () => autoContinue,
    onDispose: (stop) => stops.push(stop),
    disposing: () => disposing,
    async dispose(usageStarted) {
      disposing = true;
      // A service still being built is disposed like the others once it is.
      await Promise.allSettled(building.values());
      for (const stop of stops) stop();
      // Whatever was built, in the order that keeps work safe: CI and the watchers first, the
      // agents before the terminals (agents still running now stay marked running, to come back
      // next start), settings flushed last.
      const has = <K extends keyof EngineServices>(name: K): EngineServices[K] | null => services.built(name);
      await has('ci')?.dispose();
      autoContinue?.dispose();
      has('worktrees')?.dispose();
      await has('gitMap')?.dispose();
      await has('bootstrap')?.dispose();
      await has('agents')?.dispose();
      await has('terminals')?.dispose();
      await has('usage')?.dispose();
      await has('graph')?.dispose();
      await usageStarted;
      await has('settings')?.flush();
      await gitChecked;
      if (oneShot) await rm(stateHome, { recursive: true, force: true }).catch(() => undefined);
      await releaseLock();
    },
  };
}

/** The usage module's policy from the user's settings. */
function usagePolicy(settings: Settings['usage'], defaults: ResumeSettings): Required<Pick<UsageServiceOptions, 'thresholds' | 'resume'>> {
  return {
    thresholds: settings.warnThresholds,
    resume: { ...defaults, enabled: settings.autoContinue, continueText: settings.continueText },
  };
}

/**
 * `AGENT_ORCHESTRATOR_CI_POLL_MS`: how often CI is polled (default 30 s; at least 200 ms). For
 * end-to-end tests of whole processes (`run`), and for a GitHub Enterprise with its own limits.
 */
function ciPollFromEnv(env: NodeJS.ProcessEnv): { pollMs?: number } {
  const value = Number(env.AGENT_ORCHESTRATOR_CI_POLL_MS);
  return Number.isInteger(value) && value >= 200 ? { pollMs: value } : {};
}

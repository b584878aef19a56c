/**
 * The engine's public entry: build every service on one data directory.
 *
 * Plain Node only: the engine never imports `electron`, so the whole product except the native
 * window runs and is tested under Node (`agent-orchestrator serve`, tests, benchmarks).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensurePrivateHome } from './fs/private-home.ts';
import { err, ok } from '../../shared/result.ts';
import { AgentService } from './agents/agent-service.ts';
import { FixService } from './fixes/fix-service.ts';
import { createRouter, type EngineRouter } from './router.ts';
import { defaultHome } from './paths.ts';
import { LayoutService } from './layout/layout-service.ts';
import { NotificationService } from './notifications/notification-service.ts';
import { feedQuotaWarnings } from './notifications/usage-feed.ts';
import { createWithPane } from './layout/session-pane.ts';
import { GraphService } from './graph/graph-service.ts';
import { loadRepoConfig } from './repo-config/repo-config.ts';
import { RepoService } from './repos/repo-service.ts';
import { SettingsService } from './settings/settings-service.ts';
import { TerminalService } from './terminals/terminal-service.ts';
import { AutoContinueService } from './usage/auto-continue-service.ts';
import { sourcesFromEnv } from './usage/sources/sources-from-env.ts';
import { UsageService, type UsageServiceOptions } from './usage/usage-service.ts';
import { cachedWorktreeRoots } from './worktrees/worktree-roots.ts';
import { WorktreeService } from './worktrees/worktree-service.ts';
import { worktreeSessions } from './worktrees/worktree-sessions.ts';
import { BootstrapService } from './bootstrap/bootstrap-service.ts';
import { closeWhenSucceeded } from './bootstrap/setup-pane-closer.ts';
import { PortService } from './ports/port-service.ts';
import { TrustService } from './trust/trust-service.ts';
import { recoverInterrupted, reportRecovery } from './worktrees/recovery.ts';
import { createWorktreeEnvResolver } from './worktrees/worktree-env.ts';
import { gitVersion, gitVersionProblem } from './git/version.ts';
import { WorktreeListHandoff } from './git/worktree-list-handoff.ts';
import { APP_VERSION } from './version.ts';
import { GitMapService } from './git-map/git-map-service.ts';
import { agentPortFor } from './git-map/agent-port.ts';
import type { EngineServices } from './services.ts';
import { CiService, type CiServiceOptions } from './ci/ci-service.ts';
import type { Settings } from '../../shared/protocol/settings.ts';
import { DEFAULT_RESUME_SETTINGS } from './usage/quota/resume-decision.ts';
import {
  acquireEngineLock,
  engineFileOf,
  findRunningEngine,
  loadWebIdentity,
  readEngineFile,
  removeEngineFile,
  saveWebPort,
  writeEngineFile,
  type EngineRecord,
  type WebIdentity,
} from './instance/index.ts';
import type { AppError } from '../../shared/errors.ts';

// Other layers (CLI, transport) import the engine only through this file and the light
// `discovery.ts` (enforced by eslint-rules/import-boundaries.js).
export * from './discovery.ts';
export type { EngineServices } from './services.ts';
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

export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
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
    const lock = await acquireEngineLock(home);
    if (!lock.ok) {
      const running = (await findRunningEngine(home)) ?? (await readEngineFile(home));
      throw new EngineRunningError({ kind: 'ENGINE_RUNNING', home, pid: running?.pid ?? null, baseUrl: running?.baseUrl ?? null });
    }
    releaseLock = lock.release;
    // A file left by a crashed engine: we hold the lock now, so it cannot be anyone else's.
    await rm(engineFileOf(home), { force: true });
  }

  // One-shot: resolving a repository and listing its worktrees share one `git worktree list`.
  const worktreeListHandoff = oneShot ? new WorktreeListHandoff() : undefined;
  const repos = new RepoService({ home, ...(worktreeListHandoff ? { worktreeListHandoff } : {}) });
  const ports = new PortService({ home });
  const trust = new TrustService({ home, repo: (repoId) => repos.get(repoId) });
  const terminals = new TerminalService({
    home: stateHome,
    ...(options.env ? { env: options.env } : {}),
    envForCwd: createWorktreeEnvResolver({ repos, ports, home }),
  });
  const layout = new LayoutService({
    home: stateHome,
    sessionExists: (id) => terminals.list().some((session) => session.id === id),
  });
  const bootstrap = new BootstrapService({
    home,
    ports,
    ...(options.env ? { env: options.env } : {}),
    // A setup log is shown in a pane the engine places (when the grid has room); a successful
    // setup's pane closes itself after a moment, a failed one stays for its log.
    openSession: async (input, { closeOnSuccess }) => {
      const opened = await createWithPane(layout, () => terminals.create(input), (id) => terminals.remove(id));
      if (opened.ok && closeOnSuccess) void closeWhenSucceeded(terminals, opened.value.id, options.setupPaneLingerMs);
      return opened;
    },
  });
  // Remove and archive stop the worktree's sessions first (agents are created below, hence the lookup).
  let agentsRef: AgentService | null = null;
  const sessions = worktreeSessions(terminals, (id) => agentsRef?.list().find((agent) => agent.sessionId === id)?.agentName ?? null);
  const worktrees = new WorktreeService({ repos, lifecycle: { home, bootstrap, ports, sessions, trust }, ...(worktreeListHandoff ? { worktreeListHandoff } : {}) });
  const settings = new SettingsService({ home });
  // Usage is read from the agents' own logs; worktree roots attribute each log to a worktree.
  const worktreeRoots = cachedWorktreeRoots(() => repos.list());
  const stopRootsInvalidation = repos.onDidChange(worktreeRoots.invalidate);
  const usage = new UsageService({
    home,
    // The same log folders the sessions' agents write to (their environment, not necessarily ours).
    ...(options.env ? { sources: sourcesFromEnv(options.env) } : {}),
    roots: worktreeRoots.get,
    // One-shot: scan when a command asks (from the saved index), never watch or poll.
    ...(oneShot ? { watch: false, startOnDemand: true } : {}),
  });
  // What the user hears about: agents publish status changes, usage its quota warnings.
  const notifications = new NotificationService({ toggles: () => settings.get().notifications });
  const stopQuotaWarnings = feedQuotaWarnings(usage, notifications);
  // Late-bound: the handoff's "last CI failure" comes from the CI service built after the agents.
  let ci: CiService | null = null;
  const agents = new AgentService({
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
    ...(options.env ? { env: options.env } : {}),
    usage,
    ciFailure: async (cwd) => (ci ? ci.lastFailureText(cwd) : null),
  });
  ci = new CiService({
    home,
    env: options.env ?? process.env,
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
    ...ciPollFromEnv(options.env ?? process.env),
    ...options.ci,
  });
  agentsRef = agents;
  // Independent reads, side by side: the repositories (then recovery, which needs them), the
  // settings, and CI's saved state (toggles, signatures).
  await Promise.all([
    (async () => {
      await repos.load();
      // Before anything else touches the repositories: finish or roll back what a killed engine
      // or CLI left half done, and clear the locks a killed git left behind.
      await reportRecovery(
        await recoverInterrupted({ home, repoPaths: repos.list().map((repo) => repo.path), releasePorts: (worktreePath) => ports.release(worktreePath) }),
      );
    })(),
    settings.load(),
    ci.load(),
  ]);
  usage.configure(usagePolicy(settings.get().usage));
  // Quota-aware behaviour: thresholds and automatic "continue" follow the settings live.
  const autoContinue = new AutoContinueService({
    usage,
    input: (sessionId, data) => terminals.input(sessionId, data, 'engine'),
    settings: () => usagePolicy(settings.get().usage).resume,
  });
  const stopUsageSettings = settings.onDidChange((next) => {
    usage.configure(usagePolicy(next.usage));
    autoContinue.check();
  });
  let stopLayoutPruning = (): void => undefined;
  let stopWatchingRepos = (): void => undefined;
  let usageStarted: Promise<void> = Promise.resolve();
  let disposing = false;
  if (!oneShot) {
    await terminals.load();
    await layout.load();
    // After the layout: restored agents keep their session ids, so their panes stay.
    await agents.load();
    stopLayoutPruning = terminals.onDidChange(() => void layout.sync());
    // Another process may register a repository (a one-shot CLI command).
    stopWatchingRepos = repos.watchFile();
    // Not awaited: the backfill of old logs takes seconds (in a worker); totals fill in as it goes.
    usageStarted = usage
      .start()
      .then(() => autoContinue.start())
      .catch((error: unknown) => {
        // Stopping the engine while the scan starts ends its worker: not worth a line.
        if (!disposing) console.error(`usage scan failed to start: ${(error as Error).message}`);
      });
  }
  // CI state (loaded above) is shared; it polls and triages only in a serving engine, and wakes
  // when repositories change.
  const ciService = ci;
  const stopCiWakeups: (() => void)[] = [];
  if (!oneShot) {
    ciService.start();
    stopCiWakeups.push(repos.onDidChange(() => ciService.wake()));
  }

  // On demand only (no background work): a layout starts when a client asks for the graph.
  const graph = new GraphService({ home, repos: () => repos.list() });

  // Git intelligence; its watchers (refs, worktree metadata) run only in a long-lived engine,
  // a one-shot engine reads every answer fresh.
  // A one-shot engine answers and exits: a background commit-graph write would race the command's
  // exit (and other commands' writes); the serving engine writes it.
  const gitMap = new GitMapService({ repos, home, agents: agentPortFor(agents, terminals), writeCommitGraphs: !oneShot });
  if (!oneShot) gitMap.start();

  const info = async () => ({
    version: APP_VERSION,
    home,
    pid: process.pid,
    platform: process.platform,
    gitVersion: await gitVersion(),
  });
  const fixes = new FixService({
    repos,
    worktrees,
    agents,
    terminals: { list: () => terminals.list(), input: (sessionId, data) => terminals.input(sessionId, data) },
    layout,
    notify: (repoId) => worktrees.announce(repoId),
  });
  const services: EngineServices = { repos, worktrees, terminals, layout, info, bootstrap, settings, agents, usage, notifications, graph, ci: ciService, gitMap, fixes, trust };
  const router = createRouter(services);

  let advertised = false;
  return {
    ...services,
    home,
    oneShot,
    router,
    webIdentity: (identityOptions = {}) => loadWebIdentity(home, identityOptions),
    async advertise(endpoint) {
      if (oneShot) throw new Error('a one-shot engine does not serve');
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
      disposing = true;
      // First: from now on nobody should connect to us.
      if (advertised) await removeEngineFile(home).catch(() => undefined);
      stopLayoutPruning();
      stopWatchingRepos();
      stopRootsInvalidation();
      stopUsageSettings();
      stopQuotaWarnings();
      for (const stop of stopCiWakeups) stop();
      await ciService.dispose();
      autoContinue.dispose();
      worktrees.dispose();
      await gitMap.dispose();
      await bootstrap.dispose();
      // Before the terminals: agents still running now stay marked running, to come back next start.
      await agents.dispose();
      await terminals.dispose();
      await usage.dispose();
      await graph.dispose();
      await usageStarted;
      await settings.flush();
      await gitChecked;
      if (oneShot) await rm(stateHome, { recursive: true, force: true }).catch(() => undefined);
      await releaseLock();
    },
  };
}

/** The usage module's policy from the user's settings. */
function usagePolicy(settings: Settings['usage']): Required<Pick<UsageServiceOptions, 'thresholds' | 'resume'>> {
  return {
    thresholds: settings.warnThresholds,
    resume: { ...DEFAULT_RESUME_SETTINGS, enabled: settings.autoContinue, continueText: settings.continueText },
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

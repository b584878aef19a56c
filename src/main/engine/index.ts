/**
 * The engine's public entry: build every service on one data directory.
 *
 * Plain Node only: the engine never imports `electron`, so the whole product except the native
 * window runs and is tested under Node (`agent-orchestrator serve`, tests, benchmarks).
 */
import { mkdir } from 'node:fs/promises';
import { err, ok } from '../../shared/result.ts';
import { AgentService } from './agents/agent-service.ts';
import { createRouter, type EngineRouter } from './router.ts';
import { defaultHome } from './paths.ts';
import { LayoutService } from './layout/layout-service.ts';
import { NotificationService } from './notifications/notification-service.ts';
import { feedQuotaWarnings } from './notifications/usage-feed.ts';
import { createWithPane } from './layout/session-pane.ts';
import { loadRepoConfig } from './repo-config/repo-config.ts';
import { RepoService } from './repos/repo-service.ts';
import { SettingsService } from './settings/settings-service.ts';
import { TerminalService } from './terminals/terminal-service.ts';
import { AutoContinueService } from './usage/auto-continue-service.ts';
import { sourcesFromEnv } from './usage/sources/sources-from-env.ts';
import { UsageService, type UsageServiceOptions } from './usage/usage-service.ts';
import { cachedWorktreeRoots } from './worktrees/worktree-roots.ts';
import { WorktreeService } from './worktrees/worktree-service.ts';
import { BootstrapService } from './bootstrap/bootstrap-service.ts';
import { PortService } from './ports/port-service.ts';
import { createWorktreeEnvResolver } from './worktrees/worktree-env.ts';
import { gitVersion } from './git/version.ts';
import { APP_VERSION } from './version.ts';
import type { EngineServices } from './services.ts';
import type { Settings } from '../../shared/protocol/settings.ts';
import { DEFAULT_RESUME_SETTINGS } from './usage/quota/resume-decision.ts';

export interface EngineOptions {
  /** Data directory; defaults to `AGENT_ORCHESTRATOR_HOME` or the platform's app-data folder. */
  home?: string;
  /** Environment given to terminal sessions (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
}

export interface Engine extends EngineServices {
  home: string;
  router: EngineRouter;
  dispose(): Promise<void>;
}

export async function startEngine(options: EngineOptions = {}): Promise<Engine> {
  const home = options.home ?? defaultHome();
  await mkdir(home, { recursive: true });

  const repos = new RepoService({ home });
  const ports = new PortService({ home });
  const terminals = new TerminalService({
    home,
    ...(options.env ? { env: options.env } : {}),
    envForCwd: createWorktreeEnvResolver({ repos, ports, home }),
  });
  const layout = new LayoutService({
    home,
    sessionExists: (id) => terminals.list().some((session) => session.id === id),
  });
  const bootstrap = new BootstrapService({
    home,
    ports,
    ...(options.env ? { env: options.env } : {}),
    // A setup log is shown in a pane the engine places (when the grid has room).
    openSession: (input) => createWithPane(layout, () => terminals.create(input), (id) => terminals.remove(id)),
  });
  const worktrees = new WorktreeService({ repos, lifecycle: { home, bootstrap, ports } });
  const settings = new SettingsService({ home });
  // Usage is read from the agents' own logs; worktree roots attribute each log to a worktree.
  const worktreeRoots = cachedWorktreeRoots(() => repos.list());
  const stopRootsInvalidation = repos.onDidChange(worktreeRoots.invalidate);
  const usage = new UsageService({
    home,
    // The same log folders the sessions' agents write to (their environment, not necessarily ours).
    ...(options.env ? { sources: sourcesFromEnv(options.env) } : {}),
    roots: worktreeRoots.get,
  });
  // What the user hears about: agents publish status changes, usage its quota warnings.
  const notifications = new NotificationService({ toggles: () => settings.get().notifications });
  const stopQuotaWarnings = feedQuotaWarnings(usage, notifications);
  const agents = new AgentService({
    home,
    terminals,
    layout,
    settings,
    notifications,
    repos: () => repos.list(),
    repoAgents: async (repoId) => {
      const repo = repos.list().find((candidate) => candidate.id === repoId);
      if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
      const loaded = await loadRepoConfig(repo.path, home);
      return loaded.ok ? ok(loaded.value.config.agents) : loaded;
    },
    ...(options.env ? { env: options.env } : {}),
    usage,
  });
  await repos.load();
  await settings.load();
  usage.configure(usagePolicy(settings.get().usage));
  // Quota-aware behaviour: thresholds and automatic "continue" follow the settings live.
  const autoContinue = new AutoContinueService({
    usage,
    input: (sessionId, data) => terminals.input(sessionId, data),
    settings: () => usagePolicy(settings.get().usage).resume,
  });
  const stopUsageSettings = settings.onDidChange((next) => {
    usage.configure(usagePolicy(next.usage));
    autoContinue.check();
  });
  await terminals.load();
  await layout.load();
  // After the layout: restored agents keep their session ids, so their panes stay.
  await agents.load();
  const stopLayoutPruning = terminals.onDidChange(() => void layout.sync());
  // The CLI may register a repository while the app runs (`worktree create --repo …`).
  const stopWatchingRepos = repos.watchFile();
  // Not awaited: the backfill of old logs takes seconds (in a worker); totals fill in as it goes.
  const usageStarted = usage
    .start()
    .then(() => autoContinue.start())
    .catch((error: unknown) => {
      console.error('usage scan failed to start:', error);
    });

  const info = async () => ({
    version: APP_VERSION,
    home,
    pid: process.pid,
    platform: process.platform,
    gitVersion: await gitVersion(),
  });
  const services: EngineServices = { repos, worktrees, terminals, layout, info, bootstrap, settings, agents, usage, notifications };
  const router = createRouter(services);

  return {
    ...services,
    home,
    router,
    async dispose() {
      stopLayoutPruning();
      stopWatchingRepos();
      stopRootsInvalidation();
      stopUsageSettings();
      stopQuotaWarnings();
      autoContinue.dispose();
      worktrees.dispose();
      await bootstrap.dispose();
      // Before the terminals: agents still running now stay marked running, to come back next start.
      await agents.dispose();
      await terminals.dispose();
      await usage.dispose();
      await usageStarted;
      await settings.flush();
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

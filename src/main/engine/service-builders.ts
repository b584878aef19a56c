/**
 * How each service is built from the others: the builders the composition root
 * (composition.ts) runs, each once, on the first `get` of its service.
 *
 * Each builder imports its implementation only when it runs: the bundled CLI keeps each in its
 * own chunk, so a one-shot `worktree list` never compiles the terminals, agents, CI or usage code
 * (issue 14, CLI start).
 */
import { WorktreeListHandoff } from './git/worktree-list-handoff.ts';
import { gitVersion } from './git/version.ts';
import { APP_VERSION } from './version.ts';
import type { EngineServices, ServiceProvider } from './services.ts';
import type { EngineOptions } from './engine-options.ts';
import type { UsageServiceOptions } from './usage/usage-service.ts';
import type { AutoContinueService } from './usage/auto-continue-service.ts';
import type { ResumeSettings } from './usage/quota/resume-decision.ts';
import type { TerminalsForWorktrees } from './worktrees/worktree-sessions.ts';
import type { PortService } from './ports/index.ts';
import type { Settings } from '../../shared/protocol/settings.ts';

export type Builders = { [K in keyof EngineServices]: () => Promise<EngineServices[K]> };

/** What the builders need from the composition root. */
export interface BuildContext {
  home: string;
  /** Where sessions, agents and the layout live: `home`, or a throwaway folder for a one-shot engine. */
  stateHome: string;
  oneShot: boolean;
  options: EngineOptions;
  /** The other services, built on first `get`. */
  services: ServiceProvider;
  /** Run `stop` when the engine is disposed. */
  onDispose(stop: () => void): void;
  /** Automatic "continue", built beside the usage service. */
  setAutoContinue(service: AutoContinueService): void;
}

export function serviceBuilders(context: BuildContext): Builders {
  const { home, stateHome, oneShot, options, services } = context;
  const get = services.get;
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
  // Ports are no service of the protocol's; the worktrees, terminals and bootstrap share one.
  let portsBuilt: Promise<PortService> | null = null;
  const portService = () =>
    (portsBuilt ??= import('./ports/index.ts').then(({ PortService }) => new PortService({ home })));

  return {
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
      context.onDispose(repos.onDidChange(worktreeRoots.invalidate));
      const usage = new UsageService({
        home,
        // The same log folders the sessions' agents write to (their environment, not necessarily ours).
        ...(env ? { sources: sourcesFromEnv(env) } : {}),
        roots: worktreeRoots.get,
        // One-shot: scan when a command asks (from the saved index), never watch or poll.
        ...(oneShot ? { watch: false, startOnDemand: true } : {}),
      });
      // What the user hears about: its quota warnings.
      context.onDispose(feedQuotaWarnings(usage, notifications));
      usage.configure(usagePolicy(settings.get().usage, DEFAULT_RESUME_SETTINGS));
      // Quota-aware behaviour: thresholds and automatic "continue" follow the settings live.
      const continuing = new AutoContinueService({
        usage,
        // A terminal service nobody built has no session to continue.
        input: (sessionId, data) => services.built('terminals')?.input(sessionId, data, 'engine') ?? { ok: true, value: null },
        settings: () => usagePolicy(settings.get().usage, DEFAULT_RESUME_SETTINGS).resume,
      });
      context.setAutoContinue(continuing);
      context.onDispose(
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

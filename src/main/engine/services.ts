/**
 * The set of domain services one engine instance is made of.
 */
import type { EngineInfo } from '../../shared/protocol/engine.ts';
import type { AgentService } from './agents/agent-service.ts';
import type { BootstrapService } from './bootstrap/bootstrap-service.ts';
import type { FixService } from './fixes/fix-service.ts';
import type { GraphService } from './graph/graph-service.ts';
import type { CiService } from './ci/ci-service.ts';
import type { GitMapService } from './git-map/git-map-service.ts';
import type { LayoutService } from './layout/layout-service.ts';
import type { NotificationService } from './notifications/notification-service.ts';
import type { RepoService } from './repos/repo-service.ts';
import type { SettingsService } from './settings/settings-service.ts';
import type { TerminalService } from './terminals/terminal-service.ts';
import type { TrustService } from './trust/trust-service.ts';
import type { UsageService } from './usage/usage-service.ts';
import type { WorktreeService } from './worktrees/worktree-service.ts';

export interface EngineServices {
  repos: RepoService;
  worktrees: WorktreeService;
  terminals: TerminalService;
  layout: LayoutService;
  settings: SettingsService;
  agents: AgentService;
  usage: UsageService;
  notifications: NotificationService;
  /** The branch graph (lanes laid out in a worker, read page by page). */
  graph: GraphService;
  /** CI watching, local checks and automatic triage. */
  ci: CiService;
  gitMap: GitMapService;
  info: () => Promise<EngineInfo>;
  /** Worktree bootstrap runs (state, logs, events). */
  bootstrap: BootstrapService;
  /** Fix branches: start, land, restack, integrate. */
  fixes: FixService;
  /** Repository trust: whether code a repository brings may run (`trust.isTrusted(repoId)`). */
  trust: TrustService;
}

/**
 * Services built on first use (the composition root's lazy half). A serving engine builds them
 * all at start; a one-shot engine (one CLI command, no serving engine) builds only what the
 * command's procedures touch, so `worktree list` never loads the terminals, agents, CI or usage
 * code (issue 14, CLI start).
 */
export interface ServiceProvider {
  /** The service, built (and its module loaded) on the first call; the same instance after. */
  get<K extends keyof EngineServices>(name: K): Promise<EngineServices[K]>;
  /** The service if something built it already, else null (an unbuilt service holds nothing). */
  built<K extends keyof EngineServices>(name: K): EngineServices[K] | null;
}

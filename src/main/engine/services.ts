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

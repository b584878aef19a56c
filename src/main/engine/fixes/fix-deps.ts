/**
 * What the fixes module needs from the rest of the engine, as narrow structural types: the
 * services satisfy them, and tests can build the module on real services without the engine.
 */
import type { AgentProfileInfo, AgentSession, LaunchAgentInput } from '../../../shared/protocol/agents.ts';
import type { Layout } from '../../../shared/protocol/layout.ts';
import type { SessionInfo } from '../../../shared/protocol/terminals.ts';
import type { CreatedWorktree, CreateWorktreeInput, RemovedWorktree } from '../../../shared/protocol/worktrees.ts';
import type { Result } from '../../../shared/result.ts';
import type { RepoService } from '../repos/index.ts';

export interface FixAgents {
  list(): AgentSession[];
  profiles(repoId?: string): Promise<Result<AgentProfileInfo[]>>;
  launch(input: LaunchAgentInput, extra?: { placeAfter?: string | null }): Promise<Result<AgentSession>>;
}

export interface FixDeps {
  repos: RepoService;
  worktrees: {
    create(input: CreateWorktreeInput): Promise<Result<CreatedWorktree>>;
    remove(input: { repoId: string; path: string; force?: boolean; deleteBranch?: boolean }): Promise<Result<RemovedWorktree>>;
  };
  agents: FixAgents;
  terminals: {
    list(): SessionInfo[];
    input(sessionId: string, data: string): Result<null>;
  };
  layout: { get(): Layout };
  /** A repository's branches or worktrees changed (clients re-read the list). */
  notify(repoId: string): Promise<void>;
}

/** Whether an agent is busy in `worktreePath` (its branch must not move under it). */
export function agentWorkingIn(agents: FixAgents, worktreePath: string): boolean {
  return agents.list().some((agent) => agent.cwd === worktreePath && agent.status === 'working');
}

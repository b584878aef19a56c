/**
 * The agent session a `attach` / `send` argument means: a worktree given by path or by folder
 * name, whose live agent is picked (the newest when several run there).
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AppError } from '../../../shared/errors.ts';
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import type { Result } from '../../../shared/result.ts';

export async function findAgentSession(agents: readonly AgentSession[], worktree: string): Promise<Result<AgentSession>> {
  const asPath = await realpath(path.resolve(worktree)).catch(() => path.resolve(worktree));
  const inWorktree = agents.filter((agent) => agent.cwd === asPath || (!worktree.includes(path.sep) && path.basename(agent.cwd) === worktree));
  const live = inWorktree.filter((agent) => agent.status !== 'exited');
  const pick = (live.length > 0 ? live : inWorktree).at(-1);
  if (pick) return { ok: true, value: pick };
  const error: AppError = {
    kind: 'INVALID_INPUT',
    message:
      agents.length === 0
        ? 'no agent is running in the engine'
        : `no agent runs in '${worktree}'; running in: ${[...new Set(agents.map((agent) => path.basename(agent.cwd)))].join(', ')}`,
  };
  return { ok: false, error };
}

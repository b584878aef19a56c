/**
 * The agents domain as "hand to agent" sees it: find the agent in a worktree, type into it, or
 * start one. Kept to three calls so the git map does not depend on the agents' internals.
 */
import path from 'node:path';
import type { AgentService } from '../agents/agent-service.ts';
import { typedPromptBytes } from '../agents/profiles/launch-args.ts';
import type { TerminalService } from '../terminals/terminal-service.ts';
import type { AgentPort } from './git-map-service.ts';

/** Size of a pane started for a handed-off fix until a client resizes it. */
const DEFAULT_SIZE = { cols: 120, rows: 32 };

export function agentPortFor(agents: AgentService, terminals: TerminalService): AgentPort {
  return {
    sessionIn(cwd) {
      const wanted = path.resolve(cwd);
      const live = agents.list().filter((agent) => path.resolve(agent.cwd) === wanted && agent.status !== 'exited');
      return live.at(-1)?.sessionId ?? null;
    },
    type(sessionId, prompt) {
      return terminals.input(sessionId, typedPromptBytes(prompt));
    },
    async launch(input) {
      const launched = await agents.launch({ ...input, ...DEFAULT_SIZE });
      return launched.ok ? { ok: true, value: { sessionId: launched.value.sessionId } } : launched;
    },
  };
}

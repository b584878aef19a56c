/**
 * The `agents.*` procedures: thin handlers over {@link AgentService}.
 */
import { implement } from '@orpc/server';
import { agentsContract } from '../../../shared/protocol/agents.ts';
import type { AgentService } from './agent-service.ts';

export function agentsRouter(agents: AgentService) {
  const os = implement(agentsContract);
  return os.router({
    profiles: os.profiles.handler(({ input }) => agents.profiles(input.repoId)),
    list: os.list.handler(() => agents.list()),
    launch: os.launch.handler(({ input }) => agents.launch(input)),
    fanOut: os.fanOut.handler(({ input }) => agents.fanOut(input)),
    handoffPreview: os.handoffPreview.handler(({ input }) => agents.handoffPreview(input.sessionId, input.notes ?? null)),
    handoff: os.handoff.handler(({ input }) => agents.handoff(input)),
    focus: os.focus.handler(({ input }) => agents.focus(input.sessionId)),
  });
}

/**
 * How an agent's status reads on a pane and in the sidebar (pure).
 */
import type { AgentSession } from '../../shared/protocol/index.ts';
import { AGENT_STATES, agentStateCounts, agentStateCountText, type AgentState, type AgentStateCounts, type AgentStateInput } from '../../shared/agent-state.ts';

/** Visual state: "done" is idle after finishing a task, "stalled" idle on a usage limit; exits split by their code. */
export type AgentTone = 'working' | 'needs-input' | 'stalled' | 'done' | 'idle' | 'exited-ok' | 'exited-error';

export interface AgentStatusView {
  tone: AgentTone;
  label: string;
  /** Longer text for a tooltip (the question, where the status came from). */
  title: string;
}

const SOURCE: Record<AgentSession['statusSource'], string> = {
  launch: 'since launch',
  hook: "from the agent's hooks",
  screen: 'from its screen',
  output: 'from its output',
  process: 'from the process',
};

export function agentStatusView(
  agent: Pick<AgentSession, 'status' | 'detail' | 'exitCode' | 'finishedTasks' | 'statusSource'> & Partial<Pick<AgentSession, 'stall'>>,
): AgentStatusView {
  const source = SOURCE[agent.statusSource];
  switch (agent.status) {
    case 'working':
      return { tone: 'working', label: 'working', title: `Working (${source})` };
    case 'needs-input':
      return { tone: 'needs-input', label: 'needs input', title: agent.detail ? `Needs input: ${agent.detail}` : `Needs input (${source})` };
    case 'idle':
      if (agent.stall) {
        const until = agent.stall.resetsAt ? ` until ${new Date(agent.stall.resetsAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : '';
        return { tone: 'stalled', label: `stalled${until}`, title: `Stopped on a usage limit: ${agent.stall.text}` };
      }
      return agent.finishedTasks > 0
        ? { tone: 'done', label: 'done', title: `Done, waiting for the next task (${source})` }
        : { tone: 'idle', label: 'idle', title: 'Waiting for a task' };
    case 'exited': {
      const label = agent.exitCode === null ? 'exited' : `exited (code ${agent.exitCode})`;
      return { tone: agent.exitCode === null || agent.exitCode === 0 ? 'exited-ok' : 'exited-error', label, title: label };
    }
  }
}

/** Agents per shown state (the same rule as the tray and the CLI: `shared/agent-state.ts`). */
export type StatusCounts = AgentStateCounts;

export function statusCounts(agents: Iterable<AgentStateInput>): StatusCounts {
  return agentStateCounts(agents);
}

/** One entry of the sidebar's status summary: "1 needs input", "2 stalled". */
export interface StatusCountItem {
  key: AgentState;
  tone: AgentTone;
  count: number;
  text: string;
}

/** The non-zero counts as words that agree with their number, most urgent first. */
export function statusCountItems(counts: StatusCounts): StatusCountItem[] {
  return AGENT_STATES.filter((state) => counts[state] > 0).map((state) => ({
    key: state,
    tone: state === 'exited' ? 'exited-ok' : state,
    count: counts[state],
    text: agentStateCountText(state, counts[state]),
  }));
}

/** Agents running in a worktree (same folder), in launch order. */
export function agentsIn(agents: Iterable<AgentSession>, worktreePath: string): AgentSession[] {
  const trim = (p: string): string => p.replace(/[\\/]+$/, '');
  return [...agents].filter((agent) => trim(agent.cwd) === trim(worktreePath));
}

/** "42%" of a context window, or null without usage data. */
export function contextLabel(agent: Pick<AgentSession, 'context'>): { percent: number; title: string } | null {
  if (!agent.context) return null;
  const percent = Math.max(0, Math.min(100, Math.round(agent.context.percent)));
  const k = (n: number): string => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));
  return { percent, title: `Context ${percent}% full (${k(agent.context.usedTokens)} of ${k(agent.context.windowTokens)} tokens)` };
}

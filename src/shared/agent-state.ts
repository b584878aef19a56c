/**
 * The state an agent is shown in, one rule for every count, filter, badge and menu (the sidebar's
 * summary, the worktree rows, the tray, the quit prompt, the CLI's table).
 *
 * The engine's status has four values; users need six. An idle agent that has finished a task is
 * "done", one that has not is "idle"; an idle agent stopped on a usage limit (`stall`, read from its
 * screen) is "stalled": it is waiting for a quota reset, not for the next task, so counting it as
 * done would hide the one agent that will not finish by itself.
 */
import type { AgentSession } from './protocol/agents.ts';
import { pluralWord } from './plural.ts';

export type AgentState = 'needs-input' | 'stalled' | 'working' | 'done' | 'idle' | 'exited';

/** Most urgent first: the order of counts, tray groups and the quit prompt's list. */
export const AGENT_STATES: readonly AgentState[] = ['needs-input', 'stalled', 'working', 'done', 'idle', 'exited'];

/** Heading of a group of agents in this state (tray menu). */
export const AGENT_STATE_HEADING: Readonly<Record<AgentState, string>> = {
  'needs-input': 'Needs input',
  stalled: 'Stalled on a usage limit',
  working: 'Working',
  done: 'Done',
  idle: 'Idle',
  exited: 'Exited',
};

export type AgentStateInput = Pick<AgentSession, 'status' | 'finishedTasks'> & Partial<Pick<AgentSession, 'stall'>>;

export function agentState(agent: AgentStateInput): AgentState {
  switch (agent.status) {
    case 'needs-input':
      return 'needs-input';
    case 'working':
      return 'working';
    case 'exited':
      return 'exited';
    case 'idle':
      if (agent.stall) return 'stalled';
      return agent.finishedTasks > 0 ? 'done' : 'idle';
  }
}

export type AgentStateCounts = Record<AgentState, number>;

export function agentStateCounts(agents: Iterable<AgentStateInput>): AgentStateCounts {
  const counts: AgentStateCounts = { 'needs-input': 0, stalled: 0, working: 0, done: 0, idle: 0, exited: 0 };
  for (const agent of agents) counts[agentState(agent)]++;
  return counts;
}

/** "2 need input", "1 stalled", "3 working": a count with words that agree with it. */
export function agentStateCountText(state: AgentState, count: number): string {
  switch (state) {
    case 'needs-input':
      return `${count} ${pluralWord(count, 'needs', 'need')} input`;
    case 'stalled':
    case 'working':
    case 'done':
    case 'idle':
    case 'exited':
      return `${count} ${state}`;
  }
}

/** The non-zero counts as words, most urgent first ("1 needs input · 1 stalled · 2 working"). */
export function agentStateSummary(counts: AgentStateCounts): string[] {
  return AGENT_STATES.filter((state) => counts[state] > 0).map((state) => agentStateCountText(state, counts[state]));
}

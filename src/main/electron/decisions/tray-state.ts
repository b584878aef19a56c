/**
 * What the tray shows for the current agents (pure): a tooltip with counts, a short title (the
 * number of agents waiting for the user, shown next to the icon on macOS), and a menu entry per
 * agent grouped by status, those that need input first (`menu-model.ts` adds the group headings).
 * Clicking an entry focuses its pane.
 */
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import { AGENT_STATE_HEADING, AGENT_STATES, agentState, agentStateCounts, agentStateSummary } from '../../../shared/agent-state.ts';

export interface TrayItem {
  readonly sessionId: string;
  /** The status group heading the item is listed under. */
  readonly group: string;
  readonly label: string;
}

export interface TrayState {
  readonly tooltip: string;
  /** Empty when nothing waits for the user. */
  readonly title: string;
  /** Something waits for the user (the shell may flash the taskbar or badge the dock). */
  readonly attention: boolean;
  readonly items: readonly TrayItem[];
}

/** At most this many agents in the menu (the grid holds nine panes). */
export const MAX_TRAY_ITEMS = 12;

export function trayState(agents: readonly AgentSession[]): TrayState {
  const counts = agentStateCounts(agents);
  const needsInput = counts['needs-input'];
  const parts = agentStateSummary(counts);
  const items = [...agents]
    .map((agent) => ({ agent, state: agentState(agent) }))
    .sort((a, b) => AGENT_STATES.indexOf(a.state) - AGENT_STATES.indexOf(b.state))
    .slice(0, MAX_TRAY_ITEMS)
    .map(({ agent, state }) => ({ sessionId: agent.sessionId, group: AGENT_STATE_HEADING[state], label: itemLabel(agent) }));
  return {
    tooltip: `Agent Orchestrator — ${parts.length > 0 ? parts.join(' · ') : 'no agents'}`,
    title: needsInput > 0 ? String(needsInput) : '',
    attention: needsInput > 0,
    items,
  };
}

/** `Claude Code · feat-login`, with what the group heading cannot say (the exit code). */
function itemLabel(agent: AgentSession): string {
  const base = `${agent.agentName} · ${folderOf(agent.cwd)}`;
  if (agent.status === 'exited' && agent.exitCode !== null) return `${base} (exit ${agent.exitCode})`;
  return base;
}

function folderOf(cwd: string): string {
  return cwd.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || cwd;
}

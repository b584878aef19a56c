/**
 * What the tray shows for the current agents (pure): a tooltip with counts, a short title (the
 * number of agents waiting for the user, shown next to the icon on macOS), and a menu entry per
 * agent grouped by status, those that need input first (`menu-model.ts` adds the group headings).
 * Clicking an entry focuses its pane.
 */
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import { pluralWord } from '../../../shared/plural.ts';

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

const ORDER: Record<AgentSession['status'], number> = { 'needs-input': 0, working: 1, idle: 2, exited: 3 };

/** At most this many agents in the menu (the grid holds nine panes). */
export const MAX_TRAY_ITEMS = 12;

export function trayState(agents: readonly AgentSession[]): TrayState {
  const count = (status: AgentSession['status']): number => agents.filter((agent) => agent.status === status).length;
  const needsInput = count('needs-input');
  const parts = [
    needsInput > 0 ? `${needsInput} ${pluralWord(needsInput, 'needs', 'need')} input` : null,
    count('working') > 0 ? `${count('working')} working` : null,
    count('idle') > 0 ? `${count('idle')} idle` : null,
    count('exited') > 0 ? `${count('exited')} exited` : null,
  ].filter((part): part is string => part !== null);
  const items = [...agents]
    .sort((a, b) => ORDER[a.status] - ORDER[b.status])
    .slice(0, MAX_TRAY_ITEMS)
    .map((agent) => ({ sessionId: agent.sessionId, group: GROUP[agent.status], label: itemLabel(agent) }));
  return {
    tooltip: `Agent Orchestrator — ${parts.length > 0 ? parts.join(' · ') : 'no agents'}`,
    title: needsInput > 0 ? String(needsInput) : '',
    attention: needsInput > 0,
    items,
  };
}

const GROUP: Record<AgentSession['status'], string> = {
  'needs-input': 'Needs input',
  working: 'Working',
  idle: 'Idle',
  exited: 'Exited',
};

/** `Claude Code · feat-login`, with what the group heading cannot say (done, exit code). */
function itemLabel(agent: AgentSession): string {
  const base = `${agent.agentName} · ${folderOf(agent.cwd)}`;
  if (agent.status === 'idle' && agent.finishedTasks > 0) return `${base} (done)`;
  if (agent.status === 'exited' && agent.exitCode !== null) return `${base} (exit ${agent.exitCode})`;
  return base;
}

function folderOf(cwd: string): string {
  return cwd.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || cwd;
}

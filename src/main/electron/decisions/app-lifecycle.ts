/**
 * What closing the window and quitting do (pure).
 *
 * The background setting "Keep agents running when the window closes" decides whether the last
 * window closing quits the app (and stops the engine with every agent) or leaves the app running
 * in the tray with its engine; the next launch (a second instance, the dock, the tray) opens a
 * window on the same engine. macOS apps conventionally stay running without windows, so there
 * the app always stays. Quit always stops everything the app started, after a confirmation that
 * names the agents still running.
 */
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import { AGENT_STATES, agentState, type AgentState } from '../../../shared/agent-state.ts';

export type LastWindowClosedAction = 'quit' | 'stay';

export function onLastWindowClosed(input: { readonly platform: NodeJS.Platform; readonly keepAgentsRunning: boolean }): LastWindowClosedAction {
  if (input.platform === 'darwin') return 'stay';
  return input.keepAgentsRunning ? 'stay' : 'quit';
}

/** Agents listed by name in the dialog; the rest are counted. */
export const MAX_LISTED_AGENTS = 8;

export interface QuitConfirmation {
  readonly message: string;
  readonly detail: string;
  /** `buttons[0]` quits, `buttons[1]` cancels. */
  readonly buttons: readonly [string, string];
}

/**
 * The confirmation to show before quitting, or null to quit at once: nothing is running, or
 * the engine was not started by this app (another `serve` owns it; quitting only disconnects).
 */
export function quitConfirmation(input: {
  readonly agents: readonly AgentSession[];
  readonly engineOwned: boolean;
}): QuitConfirmation | null {
  if (!input.engineOwned) return null;
  const running = input.agents.filter((agent) => agent.status !== 'exited');
  if (running.length === 0) return null;
  const rank = (agent: AgentSession): number => AGENT_STATES.indexOf(agentState(agent));
  const listed = [...running].sort((a, b) => rank(a) - rank(b)).slice(0, MAX_LISTED_AGENTS);
  const lines = listed.map((agent) => `• ${agent.agentName} in ${folderName(agent.cwd)} — ${STATE_WORDS[agentState(agent)]}`);
  if (running.length > listed.length) lines.push(`• and ${running.length - listed.length} more`);
  const count = running.length === 1 ? '1 agent' : `${running.length} agents`;
  return {
    message: `Quit Agent Orchestrator and stop ${count}?`,
    detail: [
      ...lines,
      '',
      'Their terminals close. To keep agents running with the window closed, turn on "Keep Agents Running When Window Closes" and close the window instead.',
    ].join('\n'),
    buttons: ['Quit', 'Cancel'],
  };
}

const STATE_WORDS: Record<AgentState, string> = {
  'needs-input': 'needs input',
  stalled: 'stalled on a usage limit',
  working: 'working',
  done: 'done',
  idle: 'idle',
  exited: 'exited',
};

function folderName(cwd: string): string {
  return cwd.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || cwd;
}

/**
 * Slice holding agent sessions and engine settings (both pushed by the engine's event stream),
 * and which agent dialog is open.
 */
import type { StateCreator } from 'zustand';
import type { AgentSession, Settings } from '../../shared/protocol/index.ts';
import type { AppState } from '../store/app-store.ts';

/** The agent dialogs: start agents in worktrees, or a fresh session with handoff. */
export type AgentDialog =
  | { kind: 'launch'; repoId: string; worktreePath: string }
  /** `otherAgent`: restart the task with a different agent (a stalled session's action). */
  | { kind: 'handoff'; sessionId: string; otherAgent?: boolean };

export interface AgentsSlice {
  /** By terminal session id. */
  agents: ReadonlyMap<string, AgentSession>;
  /** Null until the engine sent them. */
  settings: Settings | null;
  agentDialog: AgentDialog | null;
  setAgents(agents: readonly AgentSession[]): void;
  setSettings(settings: Settings): void;
  openAgentDialog(dialog: AgentDialog): void;
  closeAgentDialog(): void;
}

export const createAgentsSlice: StateCreator<AppState, [], [], AgentsSlice> = (set) => ({
  agents: new Map(),
  settings: null,
  agentDialog: null,
  setAgents: (agents) => set({ agents: new Map(agents.map((agent) => [agent.sessionId, agent])) }),
  setSettings: (settings) => set({ settings }),
  openAgentDialog: (agentDialog) => set({ agentDialog }),
  closeAgentDialog: () => set({ agentDialog: null }),
});

/**
 * `agents.json`: which terminal sessions run which agent, kept across engine restarts.
 *
 * The terminal session (`sessions.json`) remembers the process and its screen; this file adds
 * what only the agents module knows: the agent, its task, its own session id (to resume it) and
 * whether it was still running when the engine last saved, which is what brings it back after a
 * restart. Bad entries are dropped one by one, never the whole file.
 */
import path from 'node:path';
import * as z from 'zod';
import { JsonStore } from '../../state/index.ts';

export const AGENT_STATE_VERSION = 1;

export const AgentRecordSchema = z.object({
  sessionId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  repoId: z.string().nullable(),
  cwd: z.string(),
  prompt: z.string().nullable(),
  agentSessionId: z.string().nullable(),
  createdAt: z.string(),
  handoffFrom: z.string().nullable(),
  /** The process was alive at the last save: after a restart it is brought back. */
  running: z.boolean(),
  restored: z.enum(['resumed', 'continued']).nullable(),
  /** When the agent process was (re)started: finds its log files (Codex rollouts). */
  startedAt: z.string(),
});
export type AgentRecord = z.infer<typeof AgentRecordSchema>;

export interface AgentState {
  agents: AgentRecord[];
}

const AgentStateSchema = z
  .object({ agents: z.array(z.unknown()) })
  .transform((state) => ({
    agents: state.agents.flatMap((item) => {
      const parsed = AgentRecordSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    }),
  })) as unknown as z.ZodType<AgentState>;

export function createAgentStore(home: string): JsonStore<AgentState> {
  return new JsonStore<AgentState>({
    file: path.join(home, 'agents.json'),
    version: AGENT_STATE_VERSION,
    schema: AgentStateSchema,
    defaults: () => ({ agents: [] }),
  });
}

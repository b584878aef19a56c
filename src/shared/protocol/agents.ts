/**
 * Agents: coding-agent CLIs (Codex, Claude Code, Gemini CLI, Aider, OpenCode, any command) run in
 * terminal sessions, with a status per session and notifications when one needs the user.
 *
 * An agent session *is* a terminal session (same id, same pane); these procedures add what the
 * engine knows about the agent in it. Statuses come from the agent's own hooks where it offers
 * them, otherwise from the headless screen and output quiescence.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { AppErrorSchema } from '../errors.ts';
import { resultSchema } from '../result.ts';
import { MAX_PANES } from './layout.ts';
import { MAX_PROMPT_CHARS } from './limits.ts';
import { NotificationKindSchema, PromptModeSchema } from './settings.ts';
import { ContextFillSchema } from './usage.ts';

/**
 * working: busy on a task · needs-input: waiting for an answer (approval, question) ·
 * idle: at its prompt (done with the last task) · exited: the process ended.
 */
export const AgentStatusSchema = z.enum(['working', 'needs-input', 'idle', 'exited']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

/** What the current status was learned from. */
export const StatusSourceSchema = z.enum(['launch', 'hook', 'screen', 'output', 'process']);
export type StatusSource = z.infer<typeof StatusSourceSchema>;

export const AgentProfileInfoSchema = z.object({
  /** `codex`, `claude`, `gemini`, `aider`, `opencode`, or a custom name. */
  id: z.string(),
  name: z.string(),
  /** Built in, from the user's settings, or from the repository's `agent-orchestrator.json`. */
  source: z.enum(['builtin', 'settings', 'repo']),
  command: z.string(),
  args: z.array(z.string()),
  /** Whether `command` was found on this machine (PATH or a path). */
  installed: z.boolean(),
  /** Where it was found. */
  path: z.string().nullable(),
  /**
   * What `<command> --version` printed (first line: "codex-cli 0.171.0"), for built-in agents
   * that are installed; null otherwise or when it did not answer. Optional for older engines.
   */
  version: z.string().nullable().optional(),
  installHint: z.string().nullable(),
  promptMode: PromptModeSchema,
  /** Can continue a session after an engine restart. */
  canResume: z.boolean(),
  /** The app chooses the agent's own session id at launch (Claude Code's `--session-id`). */
  pinsSessionId: z.boolean(),
  /** Status hooks the app passes to this agent. */
  hooks: z.enum(['claude-settings', 'codex-notify']).nullable(),
  /** Where the agent writes its session logs. */
  logs: z.string().nullable(),
});
export type AgentProfileInfo = z.infer<typeof AgentProfileInfoSchema>;

export const AgentSessionSchema = z.object({
  /** The terminal session (and pane) the agent runs in. */
  sessionId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  repoId: z.string().nullable(),
  cwd: z.string(),
  status: AgentStatusSchema,
  /** ISO time the status was entered. */
  statusSince: z.string(),
  statusSource: StatusSourceSchema,
  /** The question on screen behind `needs-input` ("Do you want to proceed?"), when known. */
  detail: z.string().nullable(),
  /** Set once exited; null when unknown (the process ended with an earlier engine). */
  exitCode: z.number().int().nullable(),
  /** Tasks finished (working → idle) in this session: idle after one is "done". */
  finishedTasks: z.number().int(),
  /** The task it was started with. */
  prompt: z.string().nullable(),
  /** The agent's own session or thread id, when pinned at launch or learned from its hooks/logs. */
  agentSessionId: z.string().nullable(),
  /** The agent reports its status through hooks the app passed to it. */
  hooks: z.boolean(),
  /** How the session came back after an engine restart (null: started in this engine's life). */
  restored: z.enum(['resumed', 'continued']).nullable(),
  /** The session this one took over from (fresh session with handoff). */
  handoffFrom: z.string().nullable(),
  createdAt: z.string(),
  /** Context window fill, from the usage logs, when known. */
  context: ContextFillSchema.nullable(),
  /**
   * The agent stopped on a usage limit its screen shows ("You've hit your usage limit … try again
   * at 3:05 PM"): idle, but stalled until `resetsAt` (null when the message names no time).
   */
  stall: z.object({ text: z.string(), resetsAt: z.string().nullable() }).nullable().optional(),
});
export type AgentSession = z.infer<typeof AgentSessionSchema>;

const size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };


/** Longest handoff notes accepted. */
export const MAX_NOTES_CHARS = 20_000;

export const LaunchAgentInputSchema = z.object({
  agentId: z.string().min(1),
  /** The worktree to run in. */
  cwd: z.string().min(1),
  repoId: z.string().nullable().optional(),
  /** Omit to start the agent without a task. */
  prompt: z.string().max(MAX_PROMPT_CHARS).optional(),
  title: z.string().optional(),
  ...size,
});
export type LaunchAgentInput = z.infer<typeof LaunchAgentInputSchema>;

export const FanOutInputSchema = z.object({
  agentId: z.string().min(1),
  prompt: z.string().min(1).max(MAX_PROMPT_CHARS),
  targets: z
    .array(z.object({ cwd: z.string().min(1), repoId: z.string().nullable().optional() }))
    .min(1)
    .max(MAX_PANES),
  ...size,
});
export type FanOutInput = z.infer<typeof FanOutInputSchema>;

/** One target of a fan-out: its session, or why it could not start (the others still do). */
export const FanOutResultSchema = z.array(
  z.object({ cwd: z.string(), session: AgentSessionSchema.nullable(), error: AppErrorSchema.nullable() }),
);
export type FanOutResult = z.infer<typeof FanOutResultSchema>;

/** Facts a handoff prompt is made of (shown beside the prompt so the user sees what it knows). */
export const HandoffFactsSchema = z.object({
  task: z.string().nullable(),
  branch: z.string().nullable(),
  target: z.string().nullable(),
  diffStat: z.string().nullable(),
  uncommitted: z.string().nullable(),
  commits: z.array(z.string()),
  ciFailure: z.string().nullable(),
  notes: z.string().nullable(),
});
export type HandoffFacts = z.infer<typeof HandoffFactsSchema>;

export const HandoffPreviewSchema = z.object({ prompt: z.string(), facts: HandoffFactsSchema });
export type HandoffPreview = z.infer<typeof HandoffPreviewSchema>;

export const HandoffInputSchema = z.object({
  /** The session to take over from. */
  sessionId: z.string(),
  notes: z.string().max(MAX_NOTES_CHARS).optional(),
  /** The prompt as the user edited it; default: the generated one. */
  prompt: z.string().min(1).max(MAX_PROMPT_CHARS).optional(),
  /** Another agent for the fresh session; default: the same. */
  agentId: z.string().min(1).optional(),
  /** End the old session (its pane is replaced) or keep it running beside the new one. */
  closeOld: z.boolean(),
  ...size,
});
export type HandoffInput = z.infer<typeof HandoffInputSchema>;

export const HandoffResultSchema = z.object({
  session: AgentSessionSchema,
  /** The old session was closed (removed). */
  closed: z.boolean(),
});
export type HandoffResult = z.infer<typeof HandoffResultSchema>;

/** Something the user should hear about: the desktop shell shows it natively, the web UI as a toast. */
export const AgentNotificationSchema = z.object({
  /** Unique per engine run. */
  id: z.string(),
  kind: NotificationKindSchema,
  /** The pane to focus when the notification is clicked (null for quota warnings). */
  sessionId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  at: z.string(),
});
export type AgentNotification = z.infer<typeof AgentNotificationSchema>;

export const agentsContract = {
  /** Built-in and custom agents (with the repository's own when `repoId` is given), and whether each is installed. */
  profiles: oc
    .input(z.object({ repoId: z.string().optional() }))
    .output(resultSchema(z.array(AgentProfileInfoSchema))),
  list: oc.output(z.array(AgentSessionSchema)),
  /** Start an agent in a worktree (a new terminal session), with or without a task. */
  launch: oc.input(LaunchAgentInputSchema).output(resultSchema(AgentSessionSchema)),
  /** The same task to several worktrees at once, one session each. */
  fanOut: oc.input(FanOutInputSchema).output(resultSchema(FanOutResultSchema)),
  /** The generated handoff prompt for a session (nothing is started). */
  handoffPreview: oc
    .input(z.object({ sessionId: z.string(), notes: z.string().max(MAX_NOTES_CHARS).optional() }))
    .output(resultSchema(HandoffPreviewSchema)),
  /** Start a fresh session in the same worktree, seeded with a handoff prompt. */
  handoff: oc.input(HandoffInputSchema).output(resultSchema(HandoffResultSchema)),
  /** Bring a session's pane to the front (a clicked notification): focus it in the layout. */
  focus: oc.input(z.object({ sessionId: z.string() })).output(resultSchema(z.null())),
};

/**
 * Settings the engine keeps for the user (`settings.json` in the data directory).
 *
 * Only engine-wide preferences live here: which notifications to send, how agent status is
 * inferred, custom agent command lines. Window and UI preferences stay in the desktop shell.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { resultSchema } from '../result.ts';

/** What a notification is about; each kind can be switched off on its own. */
export const NotificationKindSchema = z.enum(['needs-input', 'finished', 'exited-error', 'quota-low', 'ci-escalated']);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** Every notification kind, in the order settings screens list them. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = NotificationKindSchema.options;

/** How an agent receives its first prompt. */
export const PromptModeSchema = z.enum([
  /** As the last command-line argument (`codex "fix the test"`). */
  'arg',
  /** After a flag (`gemini -i "…"`, `opencode --prompt "…"`). */
  'flag',
  /** Typed into the terminal once the agent shows its input prompt (aider). */
  'type',
  /** Not at all: the agent starts empty. */
  'none',
]);
export type PromptMode = z.infer<typeof PromptModeSchema>;

/** Names of agents: the key in settings and in the repository config's `agents`. */
export const AgentNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'use letters, digits, ".", "_" or "-" (at most 40)');

/** A custom agent: any command line. */
export const CustomAgentSchema = z.strictObject({
  /** Shown in the UI; default: the key. */
  name: z.string().min(1).max(60).optional(),
  command: z.string().min(1),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  /** Default 'arg'. */
  prompt: PromptModeSchema.optional(),
  /** The flag before the prompt when `prompt` is 'flag'. */
  promptFlag: z.string().min(1).optional(),
  /** Arguments that continue the last session in the same folder (used after an engine restart). */
  resumeArgs: z.array(z.string()).optional(),
});
export type CustomAgent = z.infer<typeof CustomAgentSchema>;

export const NotificationTogglesSchema = z.object({
  'needs-input': z.boolean(),
  finished: z.boolean(),
  'exited-error': z.boolean(),
  'quota-low': z.boolean(),
  /** CI auto-triage gave up on a failing check (too many attempts or too long). */
  'ci-escalated': z.boolean(),
});
export type NotificationToggles = z.infer<typeof NotificationTogglesSchema>;

export const AgentSettingsSchema = z.object({
  /**
   * Output quiet for this long (ms) means an agent without hooks stopped working. Shorter
   * reacts faster; longer avoids "done" while a slow tool prints nothing for a moment.
   */
  quiescenceMs: z.number().int().min(200).max(60_000),
  /** After an engine restart, start each agent again (resumed where its CLI allows it). */
  resumeOnRestart: z.boolean(),
  /** Pass the app's status hooks to agents that offer them (Claude Code, Codex). */
  hooks: z.boolean(),
  custom: z.record(AgentNameSchema, CustomAgentSchema),
});
export type AgentSettings = z.infer<typeof AgentSettingsSchema>;

/** Most warning thresholds a user can set (each is one notification per window instance). */
export const MAX_QUOTA_THRESHOLDS = 5;

export const UsageSettingsSchema = z.object({
  /**
   * Used-percent levels at which a "quota low" notification fires, once per window instance and
   * level (issue 5 defaults: 80 and 95). Sorted and deduplicated when saved.
   */
  warnThresholds: z.array(z.number().int().min(1).max(100)).max(MAX_QUOTA_THRESHOLDS),
  /**
   * Type `continueText` into a session stalled on a usage limit once its window has reset (plus a
   * minute). Off by default: an agent that continues on its own spends the next window too.
   */
  autoContinue: z.boolean(),
  continueText: z.string().trim().min(1).max(2_000),
});
export type UsageSettings = z.infer<typeof UsageSettingsSchema>;

export const SettingsSchema = z.object({
  notifications: NotificationTogglesSchema,
  agents: AgentSettingsSchema,
  usage: UsageSettingsSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  notifications: { 'needs-input': true, finished: true, 'exited-error': true, 'quota-low': true, 'ci-escalated': true },
  agents: { quiescenceMs: 2_000, resumeOnRestart: true, hooks: true, custom: {} },
  usage: { warnThresholds: [80, 95], autoContinue: false, continueText: 'continue' },
};

/** A change to some settings; `agents.custom`, when given, replaces the whole map. */
export const SettingsPatchSchema = z.strictObject({
  notifications: NotificationTogglesSchema.partial().optional(),
  agents: z
    .strictObject({
      quiescenceMs: AgentSettingsSchema.shape.quiescenceMs.optional(),
      resumeOnRestart: z.boolean().optional(),
      hooks: z.boolean().optional(),
      custom: AgentSettingsSchema.shape.custom.optional(),
    })
    .optional(),
  usage: UsageSettingsSchema.partial().strict().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const settingsContract = {
  get: oc.output(SettingsSchema),
  update: oc.input(SettingsPatchSchema).output(resultSchema(SettingsSchema)),
};

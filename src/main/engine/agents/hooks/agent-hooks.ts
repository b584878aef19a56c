/**
 * The two agents whose own hooks the app uses, and what their hook events mean.
 *
 * - Claude Code: a settings file passed with `--settings <file>` (one more settings layer, for
 *   this run only; hooks from the user's own settings still run beside ours). Events:
 *   UserPromptSubmit / PreToolUse / PostToolUse → working, Notification (permission or a
 *   question) → needs input, Stop → idle; every payload carries `session_id`.
 * - Codex CLI: `-c notify=[…]` for this run, called at the end of every turn with a JSON
 *   argument (`agent-turn-complete`, `thread-id`) → idle. This replaces a `notify` program the
 *   user configured, for app sessions only.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HookKind } from '../profiles/agent-profile.ts';
import type { HookStatus } from '../status/status-machine.ts';
import type { HookEvent } from './hook-channel.ts';
import { shQuote } from './hook-helper.ts';

/** Claude Code hook events the app subscribes to. */
export const CLAUDE_HOOK_EVENTS = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Notification', 'Stop'] as const;

/** Seconds Claude Code waits for our hook (it only appends a line). */
const CLAUDE_HOOK_TIMEOUT_S = 10;

/** Options of the Claude settings layer. */
export interface ClaudeHookOptions {
  /** Also install the helper as the status line (forwards usage data; runs the user's own). */
  readonly statusLine: boolean;
}

/** The `--settings` JSON that runs the helper on each event (and as the status line). */
export function claudeHookSettings(launcher: string, options: ClaudeHookOptions = { statusLine: false }): object {
  const hooks: Record<string, unknown[]> = {};
  for (const event of CLAUDE_HOOK_EVENTS) {
    const command = { type: 'command', command: `${shQuote(launcher)} claude ${event}`, timeout: CLAUDE_HOOK_TIMEOUT_S };
    const toolEvent = event === 'PreToolUse' || event === 'PostToolUse';
    hooks[event] = [toolEvent ? { matcher: '*', hooks: [command] } : { hooks: [command] }];
  }
  if (!options.statusLine) return { hooks };
  return { hooks, statusLine: { type: 'command', command: `${shQuote(launcher)} claude statusline`, padding: 0 } };
}

/** `notify = ["<launcher>", "codex", "notify"]` as a `-c` override (TOML strings; JSON escapes are valid TOML). */
export function codexNotifyOverride(launcher: string): string {
  return `notify=[${[launcher, 'codex', 'notify'].map((part) => JSON.stringify(part)).join(',')}]`;
}

/**
 * Arguments that install the hooks for one run; Claude's settings go to a file beside the
 * session's hook file (a path on the command line, never the JSON itself).
 */
export async function hookArgsFor(
  kind: HookKind,
  launcher: string,
  hookFile: string,
  options: ClaudeHookOptions = { statusLine: false },
): Promise<string[]> {
  switch (kind) {
    case 'claude-settings': {
      const settingsFile = claudeSettingsFile(hookFile);
      await writeFile(settingsFile, JSON.stringify(claudeHookSettings(launcher, options), null, 2) + '\n', { mode: 0o600 });
      return ['--settings', settingsFile];
    }
    case 'codex-notify':
      return ['-c', codexNotifyOverride(launcher)];
  }
}

/** Where a session's Claude settings file lives (deleted with the session). */
export function claudeSettingsFile(hookFile: string): string {
  return path.join(path.dirname(hookFile), `${path.basename(hookFile, '.jsonl')}.claude-settings.json`);
}

/** What a hook event says: a status (null: nothing new), the question, the agent's session id. */
export interface HookMeaning {
  readonly status: HookStatus | null;
  readonly detail: string | null;
  readonly agentSessionId: string | null;
}

/** Interpret one hook event of a session of `kind`. */
export function interpretHook(kind: HookKind, event: HookEvent): HookMeaning {
  const payload = event.payload ?? {};
  const text = (key: string): string | null => (typeof payload[key] === 'string' ? (payload[key] as string) : null);
  if (kind === 'codex-notify') {
    const type = text('type') ?? '';
    const status: HookStatus | null = /approval|input-requested/.test(type) ? 'needs-input' : type === 'agent-turn-complete' ? 'idle' : null;
    return { status, detail: status === 'needs-input' ? text('message') : null, agentSessionId: text('thread-id') };
  }
  const agentSessionId = text('session_id');
  switch (event.event) {
    case 'UserPromptSubmit':
    case 'PreToolUse':
    case 'PostToolUse':
      return { status: 'working', detail: null, agentSessionId };
    case 'Stop':
      return { status: 'idle', detail: null, agentSessionId };
    case 'Notification':
      return { status: notificationStatus(text('notification_type'), text('message')), detail: text('message'), agentSessionId };
    default:
      return { status: null, detail: null, agentSessionId };
  }
}

/**
 * Claude Code sends Notification for permission prompts and questions (needs input), but also
 * after 60 s at its prompt ("Claude is waiting for your input": already idle) and on login.
 */
function notificationStatus(type: string | null, message: string | null): HookStatus | null {
  if (type === 'permission_prompt' || type === 'elicitation_dialog') return 'needs-input';
  if (type !== null) return null;
  if (message === null || /waiting for your input/i.test(message)) return null;
  return /permission|approv|confirm|needs your/i.test(message) ? 'needs-input' : null;
}

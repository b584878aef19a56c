/**
 * The argument array an agent starts with. Never a shell string: the prompt is one argument,
 * exactly as the user wrote it, whatever quotes, `$(…)` or newlines it contains.
 */
import type { AgentProfile } from './agent-profile.ts';

/** Which session the agent starts with. */
export type SessionChoice =
  | { readonly kind: 'new'; readonly pinnedId: string | null }
  | { readonly kind: 'resume'; readonly agentSessionId: string }
  | { readonly kind: 'continue' };

export interface LaunchArgsInput {
  readonly prompt: string | null;
  readonly session: SessionChoice;
  /** Arguments that install the app's hooks for this run (`--settings <file>`, `-c notify=…`). */
  readonly hookArgs: readonly string[];
}

export interface LaunchArgs {
  readonly args: string[];
  /** Type this into the terminal once the agent is ready (prompt mode 'type'), else null. */
  readonly typedPrompt: string | null;
}

/** Base arguments, hooks, session, then the prompt (as an argument, after a flag, or typed). */
export function buildLaunchArgs(profile: AgentProfile, input: LaunchArgsInput): LaunchArgs {
  const args = [...profile.baseArgs, ...input.hookArgs, ...sessionArgs(profile, input.session)];
  const prompt = input.prompt !== null && input.prompt.trim() !== '' ? input.prompt : null;
  if (prompt === null || profile.promptMode === 'none') return { args, typedPrompt: null };
  switch (profile.promptMode) {
    case 'type':
      return { args, typedPrompt: prompt };
    case 'flag':
      return { args: [...args, profile.promptFlag ?? '--prompt', prompt], typedPrompt: null };
    case 'arg':
      if (profile.dashDashBeforePrompt && prompt.startsWith('-')) args.push('--');
      return { args: [...args, prompt], typedPrompt: null };
  }
}

function sessionArgs(profile: AgentProfile, session: SessionChoice): readonly string[] {
  switch (session.kind) {
    case 'new':
      return session.pinnedId !== null && profile.pinSessionArgs ? profile.pinSessionArgs(session.pinnedId) : [];
    case 'resume':
      return profile.resumeArgs ? profile.resumeArgs(session.agentSessionId) : (profile.continueArgs ?? []);
    case 'continue':
      return profile.continueArgs ?? [];
  }
}

/**
 * How to bring a session back after an engine restart: resume its known id, continue the
 * newest session of the folder, or nothing (the caller opens a shell instead).
 */
export function restoreChoice(profile: AgentProfile, agentSessionId: string | null): SessionChoice | null {
  if (agentSessionId !== null && profile.resumeArgs) return { kind: 'resume', agentSessionId };
  if (profile.continueArgs) return { kind: 'continue' };
  return null;
}

/**
 * Bytes that type a prompt into an agent: bracketed paste for several lines (so the first
 * newline does not submit early; prompt_toolkit and the TUIs all support it), then Enter.
 */
export function typedPromptBytes(prompt: string): string {
  const text = prompt.replace(/\r\n?/g, '\n');
  return text.includes('\n') ? `\x1b[200~${text}\x1b[201~\r` : `${text}\r`;
}

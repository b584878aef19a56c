/**
 * What the engine knows about one coding-agent CLI: how to start it with a task, how to pin and
 * resume its session, which hooks it takes, and what its screen looks like in each state.
 */
import type { PromptMode } from '../../../../shared/protocol/settings.ts';

/** Screen patterns of one agent, matched by `status/screen-classifier.ts`. */
export interface ScreenPatterns {
  /** An approval or a question waiting for the user ("Do you want to proceed?", "[Y/n]"). */
  readonly approval: readonly RegExp[];
  /** Work in progress (spinners with "esc to interrupt", "Waiting for <model>"). */
  readonly busy: readonly RegExp[];
  /** The idle input prompt. */
  readonly prompt: readonly RegExp[];
  /**
   * Errors that end the agent's turn and leave it waiting for the user to act (no connection to
   * its API, a rejected key): the agent sits at its prompt, but it is not done and will not go on
   * by itself, so it needs input, with the error as the question.
   */
  readonly blocked?: readonly RegExp[];
  /**
   * A task the user submitted, as the agent echoes it into its history ("❯ fix the tests"): a
   * `blocked` error above one is history (the user retried).
   */
  readonly submitted?: readonly RegExp[];
  /**
   * How many non-empty lines, counted from the bottom, are inspected. Full-screen TUIs draw
   * their dialogs in the bottom area (and erase them once answered); line-mode CLIs ask on the
   * last line only, and an answered question stays in the scrollback above it.
   */
  readonly window: number;
}

/** Which statuses the agent's hooks report reliably enough to override screen inference. */
export interface HookAuthority {
  /** The hooks say when a turn ends: quiet output alone no longer means idle. */
  readonly idle: boolean;
  /** The hooks say when work starts: output alone no longer means working. */
  readonly working: boolean;
}

export type HookKind = 'claude-settings' | 'codex-notify';

export interface AgentProfile {
  readonly id: string;
  readonly name: string;
  readonly source: 'builtin' | 'settings' | 'repo';
  readonly command: string;
  /** Arguments always passed first. */
  readonly baseArgs: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly promptMode: PromptMode;
  /** The flag before the prompt for promptMode 'flag'. */
  readonly promptFlag: string | null;
  /** Put `--` before a prompt that starts with "-", which the CLI would otherwise read as a flag. */
  readonly dashDashBeforePrompt: boolean;
  /** Arguments that make the CLI use a session id chosen by the app (null: it cannot). */
  readonly pinSessionArgs: ((agentSessionId: string) => readonly string[]) | null;
  /** Arguments that resume a known session (null: the CLI cannot). */
  readonly resumeArgs: ((agentSessionId: string) => readonly string[]) | null;
  /** Arguments that continue the latest session of the working directory (null: none). */
  readonly continueArgs: readonly string[] | null;
  readonly hooks: HookKind | null;
  readonly hookAuthority: HookAuthority;
  /** Where the CLI writes its session logs (shown to the user). */
  readonly logs: string | null;
  readonly installHint: string | null;
  readonly screen: ScreenPatterns;
}

/** Patterns every agent shares: the common ways a CLI asks a yes/no question on its last line. */
export const GENERIC_APPROVAL: readonly RegExp[] = [
  /\[(?:Y\/n|y\/N|y\/n|Y\/N|yes\/no)\]\s*[:?]?\s*$/,
  /\((?:y\/n|Y\/n|y\/N|yes\/no)\)\s*[:?]?\s*$/i,
  /\bDo you want to proceed\?/,
  /\bAllow command\?/,
  /\bPress enter to confirm\b/i,
  /\bContinue\? *$/,
];

/**
 * The environment a session's process starts with.
 */

/**
 * Variables that describe the engine's own terminal or runtime, not the session's.
 *
 * `ELECTRON_RUN_AS_NODE` would turn any Electron app launched from the session (VS Code's
 * `code`, for one) into a bare Node; the rest describe a terminal multiplexer or size that the
 * session's PTY is not (node-pty strips the same list when given process.env itself).
 */
const STRIPPED = [
  'ELECTRON_RUN_AS_NODE',
  'ELECTRON_NO_ATTACH_CONSOLE',
  'TMUX',
  'TMUX_PANE',
  'STY',
  'WINDOW',
  'WINDOWID',
  'TERMCAP',
  'COLUMNS',
  'LINES',
];

/** Name given to node-pty, which sets TERM from it. */
export const TERMINAL_NAME = 'xterm-256color';

/**
 * Base environment + the session's own variables + what our terminal supports.
 *
 * TERM and COLORTERM come last: they describe the xterm.js terminal the output is rendered in,
 * which a caller's environment cannot change.
 */
export function buildSessionEnv(
  base: NodeJS.ProcessEnv,
  extra: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !STRIPPED.includes(key)) env[key] = value;
  }
  Object.assign(env, extra ?? {});
  env.TERM = TERMINAL_NAME;
  env.COLORTERM = 'truecolor';
  return env;
}

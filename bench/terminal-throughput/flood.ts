/**
 * The commands the benchmark runs, shared by the raw baseline and the engine path.
 */

/** bash without rc files, so the developer's ~/.bashrc does not change timing or prompts. */
export const BASH = 'bash';
/** Arguments that keep bash's startup free of the developer's configuration. */
export const BASH_ARGS = ['--norc', '--noprofile'];

/**
 * A flood of base64 lines (76 chars + CRLF) of `bytes` random bytes, after a line of input.
 *
 * Waiting for input lets the client attach before the first byte, so every byte is measured
 * as streamed DATA rather than hidden in the attach snapshot. `bytes` null floods forever.
 */
export function floodArgs(bytes: number | null): string[] {
  const source = bytes === null ? 'base64 /dev/urandom' : `head -c ${bytes} /dev/urandom | base64`;
  return [...BASH_ARGS, '-c', `read -r _; ${source}`];
}

/** Terminal width of every benchmark session (a typical pane). */
export const COLS = 120;
/** Terminal height of every benchmark session. */
export const ROWS = 30;

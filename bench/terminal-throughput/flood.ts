/**
 * The commands the benchmark runs, shared by the raw baseline and the engine path.
 */

/** bash without rc files, so the developer's ~/.bashrc does not change timing or prompts. */
export const BASH = 'bash';
/** Arguments that keep bash's startup free of the developer's configuration. */
export const BASH_ARGS = ['--norc', '--noprofile'];

/** Plain base64 lines, or the same lines with SGR colour codes like real agent and build output. */
export type FloodKind = 'plain' | 'coloured';

/**
 * A flood of base64 lines (76 chars + CRLF) of `bytes` random bytes, after a line of input.
 *
 * Waiting for input lets the client attach before the first byte, so every byte is measured
 * as streamed DATA rather than hidden in the attach snapshot. `bytes` null floods forever.
 *
 * `coloured` wraps two spans of every line in SGR codes (a bold green tag at the start, a yellow
 * tail), as agents, test runners and compilers colour their output: four escape sequences per
 * line to scan, fold (mirror-compaction.ts) and, for what is not dropped, parse.
 */
export function floodArgs(bytes: number | null, kind: FloodKind = 'plain'): string[] {
  const source = bytes === null ? 'base64 /dev/urandom' : `head -c ${bytes} /dev/urandom | base64`;
  const colour = kind === 'coloured' ? " | LC_ALL=C sed 's/^.\\{8\\}/\\x1b[1;32m&\\x1b[0m/; s/.\\{12\\}$/\\x1b[33m&\\x1b[0m/'" : '';
  return [...BASH_ARGS, '-c', `read -r _; ${source}${colour}`];
}

/** Terminal width of every benchmark session (a typical pane). */
export const COLS = 120;
/** Terminal height of every benchmark session. */
export const ROWS = 30;

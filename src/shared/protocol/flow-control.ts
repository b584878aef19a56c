/**
 * Terminal flow-control and batching constants, all in one place.
 *
 * The numbers follow VS Code's terminal (FlowControlConstants) and xterm.js' flow-control guide:
 * a fast producer (`cat bigfile`, `yes`) must not flood the WebSocket and the renderer faster than
 * xterm.js can parse, or the UI freezes and memory grows without bound.
 */

/** Pause the PTY when a client has more than this many bytes it has not acknowledged. */
export const HIGH_WATERMARK_BYTES = 100_000;

/**
 * Resume the PTY when every client is back below this many unacknowledged bytes.
 *
 * Must be at least {@link ACK_CHUNK_BYTES}: a client acknowledges in chunks, so a low watermark
 * below one chunk could leave the PTY paused forever.
 */
export const LOW_WATERMARK_BYTES = 5_000;

/** Clients acknowledge processed bytes in chunks of this size (from xterm's write callback). */
export const ACK_CHUNK_BYTES = 5_000;

/** Flush batched PTY output after this many milliseconds… */
export const BATCH_FLUSH_MS = 5;

/** …or as soon as this many bytes are waiting, whichever comes first. */
export const BATCH_MAX_BYTES = 128 * 1024;

/**
 * After the process exits, wait this long for trailing output before reporting the exit.
 *
 * node-pty can fire onExit before the final read; the drain window makes the last lines of a
 * command's output reliably arrive before its exit code.
 */
export const EXIT_DRAIN_MS = 250;

/** Scrollback kept in each session's headless mirror and in each renderer terminal. */
export const SCROLLBACK_LINES = 5_000;

/**
 * Terminal flow-control and batching constants, all in one place.
 *
 * The numbers follow VS Code's terminal (FlowControlConstants) and xterm.js' flow-control guide:
 * a fast producer (`cat bigfile`, `yes`) must not flood the WebSocket and the renderer faster than
 * xterm.js can parse, or the UI freezes and memory grows without bound.
 */

/**
 * Pause the PTY when a client has more than this many bytes it has not acknowledged.
 *
 * VS Code uses 100 000 / 5 000. With a low watermark that small the pipe drains completely
 * before the PTY resumes, a bubble of one round trip per pause. A wider band (256 KB / 128 KB)
 * keeps data flowing while still bounding what a client may have queued to ~10–30 ms of xterm.js
 * parsing, so Ctrl+C still shows its effect at once.
 */
export const HIGH_WATERMARK_BYTES = 256 * 1024;

/**
 * Resume the PTY when every client is back below this many unacknowledged bytes.
 *
 * Must be at least {@link ACK_CHUNK_BYTES}: a client acknowledges in chunks, so a low watermark
 * below one chunk could leave the PTY paused forever.
 */
export const LOW_WATERMARK_BYTES = 128 * 1024;

/**
 * Clients acknowledge processed bytes in chunks of this size (from xterm's write callback).
 *
 * Larger than VS Code's 5 000: at 20 MB/s per terminal that is ~600 instead of ~4 000
 * acknowledgement messages a second.
 */
export const ACK_CHUNK_BYTES = 32 * 1024;

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

/**
 * Scrollback kept in a renderer terminal the user is working with (focused, scrolled up, or
 * selecting). A pane left in the background keeps BACKGROUND_SCROLLBACK_LINES
 * (src/renderer/terminals/scrollback-policy.ts); the engine's mirror keeps
 * MIRROR_SCROLLBACK_LINES: what a re-attach restores.
 */
export const SCROLLBACK_LINES = 5_000;

/**
 * History each session's headless mirror in the engine keeps above its screen: what a client that
 * attaches or re-attaches (a page reload, the app restarting, `attach`) gets before live output.
 * A client that stays attached keeps its own, longer scrollback (SCROLLBACK_LINES).
 *
 * xterm stores every line as `cols × 12` bytes plus its objects, ~2 KB a line at 100 columns:
 * 5,000 lines were 10 MB per pane, 80 MB of the engine's RSS with eight busy panes, and every
 * re-attach serialized up to 5,000 coloured lines per pane at once (a 100 MB transient). VS Code's
 * pty host keeps 100 lines for the same purpose (`terminal.integrated.persistentSessionScrollback`).
 * Shared with the renderer, whose background panes never keep less than this: a re-attach could
 * not give them more back.
 */
export const MIRROR_SCROLLBACK_LINES = 1_000;

/**
 * The engine's headless mirror parses output lazily: bytes wait this long after the last output
 * before they are parsed (or until someone needs the screen: an attach, a screen read, a resize).
 */
export const MIRROR_DEFER_MS = 20;

/**
 * A backlog of at least MIRROR_FLOOD_BYTES is a flood, not a burst: its plain text after the last
 * escape sequence is parsed only after MIRROR_FLOOD_DEFER_MS of quiet (the rest after
 * MIRROR_DEFER_MS, as any output: it must be parsed anyway). Under CPU contention (eight floods on two cores) each PTY's
 * stream has gaps longer than MIRROR_DEFER_MS between reads; taking each for the end of the output
 * parsed most of every flood (measured: 37 of 55 MB at 8 sessions, against 0.4 of 55 MB at 1),
 * instead of dropping it once later output scrolls it away. Someone who needs the screen sooner
 * (an attach, a screen read, a resize) still gets it parsed at once.
 */
export const MIRROR_FLOOD_BYTES = 64 * 1024;
export const MIRROR_FLOOD_DEFER_MS = 250;

/**
 * At most this many unparsed bytes wait per session. Past it, plain text that later output
 * scrolls out of the scrollback anyway is dropped unparsed (see headless-mirror.ts), and the
 * rest is handed to the parser.
 */
export const MIRROR_DEFER_MAX_BYTES = 1024 * 1024;

/**
 * Output bytes one data connection may have in flight (sent, not yet acknowledged) across all
 * its sessions, on top of one ACK_CHUNK_BYTES per attached session (what a client may hold back
 * below its acknowledgement size).
 *
 * Every pane shares one WebSocket, so without this cap eight flooding panes could put 2 MB ahead
 * of the one keystroke echo the user is waiting for. Past the cap, frames wait in the engine and
 * the session with the least waiting goes first, so an interactive pane's echo overtakes floods.
 */
export const CONNECTION_WINDOW_BYTES = 512 * 1024;

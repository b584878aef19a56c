/**
 * The engine's copy of a session's screen: an `@xterm/headless` terminal fed every output byte.
 *
 * It answers "what is on the screen" (status detection, the CLI, tests) and produces the
 * snapshot a client receives when it attaches: a few KB of serialized screen and scrollback
 * instead of a replay of everything the process ever printed.
 *
 * xterm parses asynchronously (`write(data, callback)`), in order. Everything that must happen
 * at an exact point of the byte stream (resize, snapshot) is therefore queued behind the writes
 * before it with a write callback, never done directly.
 */
import headless from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import { SCROLLBACK_LINES } from '../../../shared/protocol/flow-control.ts';

/** The visible viewport as plain text. */
export interface ScreenText {
  /** One string per row, trailing blanks trimmed. */
  lines: string[];
  /** Cursor row within the viewport. */
  cursorY: number;
}

/** Size of the mirror; it must follow the PTY's size for the screen to match. */
export interface HeadlessMirrorOptions {
  cols: number;
  rows: number;
  scrollback?: number;
}

const EMPTY = new Uint8Array(0);

/**
 * One headless terminal plus its serializer.
 *
 * Replies the terminal would send to the program (cursor position reports, device attributes)
 * are ignored: the client's own xterm answers them, and answering twice would corrupt input.
 */
export class HeadlessMirror {
  private readonly terminal: headless.Terminal;
  private readonly serializer: serializeAddon.SerializeAddon;
  private disposed = false;

  constructor(options: HeadlessMirrorOptions) {
    this.terminal = new headless.Terminal({
      cols: options.cols,
      rows: options.rows,
      scrollback: options.scrollback ?? SCROLLBACK_LINES,
      // The serialize addon reads `terminal.buffer`, which the headless build marks proposed.
      allowProposedApi: true,
    });
    this.serializer = new serializeAddon.SerializeAddon();
    // The addon is typed against @xterm/xterm's Terminal; the headless one has the same API
    // surface the addon uses (buffer, modes, options), which is what xterm's docs promise.
    this.terminal.loadAddon(this.serializer as unknown as headless.ITerminalAddon);
  }

  /** Queue bytes for parsing; `parsed` runs once they are on the mirror's screen. */
  write(chunk: Uint8Array, parsed?: () => void): void {
    if (this.disposed) return;
    this.terminal.write(chunk, parsed);
  }

  /** Resize after everything written so far, so the reflow happens at the right byte. */
  resize(cols: number, rows: number): void {
    this.afterPending(() => this.terminal.resize(cols, rows));
  }

  /**
   * Run `callback` once everything written so far is parsed and before anything written later.
   *
   * xterm runs write callbacks in order, each right after its own chunk, so an empty write's
   * callback marks an exact point in the stream.
   */
  afterPending(callback: () => void): void {
    if (this.disposed) return;
    this.terminal.write(EMPTY, () => {
      if (!this.disposed) callback();
    });
  }

  /** Screen, scrollback and modes as escape sequences that recreate them in a fresh terminal. */
  serialize(): string {
    return this.serializer.serialize({ scrollback: SCROLLBACK_LINES });
  }

  /** The visible rows as plain text, as parsed so far. */
  screen(): ScreenText {
    const buffer = this.terminal.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < this.terminal.rows; row++) {
      lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    }
    return { lines, cursorY: buffer.cursorY };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.terminal.dispose();
  }
}

/**
 * Parse a saved snapshot into the plain-text viewport (for sessions restored after a restart).
 */
export async function screenFromSnapshot(snapshot: string, cols: number, rows: number): Promise<ScreenText> {
  const mirror = new HeadlessMirror({ cols, rows });
  try {
    mirror.write(new TextEncoder().encode(snapshot));
    await new Promise<void>((resolve) => mirror.afterPending(resolve));
    return mirror.screen();
  } finally {
    mirror.dispose();
  }
}

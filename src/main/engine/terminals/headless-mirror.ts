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
import {
  MIRROR_DEFER_MAX_BYTES,
  MIRROR_DEFER_MS,
  MIRROR_FLOOD_BYTES,
  MIRROR_FLOOD_DEFER_MS,
  MIRROR_SCROLLBACK_LINES,
} from '../../../shared/protocol/flow-control.ts';
import { MirrorBacklog, type Taken } from './mirror-backlog.ts';
import { droppablePrefix, foldedSgr } from './mirror-compaction.ts';

/** History kept above the screen (defined beside the renderer's scrollback bounds, which depend on it). */
export { MIRROR_SCROLLBACK_LINES };

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
  /** Lazy parsing (see {@link HeadlessMirror}); tests turn it off to compare against eager. */
  deferMs?: number;
  deferMaxBytes?: number;
  /** Quiet period before a backlog of MIRROR_FLOOD_BYTES or more is parsed (tests shorten it). */
  floodDeferMs?: number;
}

/** The few internals of xterm's core that tell whether dropping output is exact. */
interface XtermCore {
  buffer?: { scrollTop?: number; scrollBottom?: number };
  _inputHandler?: { _parser?: { currentState?: number } };
}

const EMPTY = new Uint8Array(0);

/** The backlog may grow to this multiple of `deferMaxBytes` while the parser is still busy. */
const HARD_BACKLOG_FACTOR = 4;

/**
 * One headless terminal plus its serializer.
 *
 * Replies the terminal would send to the program (cursor position reports, device attributes)
 * are ignored: the client's own xterm answers them, and answering twice would corrupt input.
 *
 * Parsing is lazy. Clients get output straight from the PTY; the mirror only has to be right when
 * someone reads it. So output waits in a backlog until it has been quiet for `deferMs` (in a
 * backlog of a flood's size, the text after its last escape sequence other than a colour change:
 * `floodDeferMs`), or until a reader needs it (`afterPending`, `screen`), or until the backlog
 * reaches `deferMaxBytes`. At that point text, plain or coloured, that later output would scroll
 * out of the scrollback anyway is dropped unparsed (`mirror-compaction.ts` proves when that is
 * exact; colour changes are replayed folded), which makes a flood cost almost nothing here;
 * whatever cannot be dropped is parsed as before.
 */
export class HeadlessMirror {
  private readonly terminal: headless.Terminal;
  private readonly serializer: serializeAddon.SerializeAddon;
  private disposed = false;
  private readonly deferMs: number;
  private readonly deferMaxBytes: number;
  private readonly floodDeferMs: number;
  private readonly scrollback: number;
  /** Bytes handed to xterm that it has not parsed yet. */
  private parsing = 0;
  private readonly backlog = new MirrorBacklog(() => this.parsing === 0);
  private timer: NodeJS.Timeout | null = null;
  private lastWriteAt = 0;
  /** Bytes dropped unparsed since the start (for tests and benchmarks). */
  droppedBytes = 0;

  constructor(options: HeadlessMirrorOptions) {
    this.scrollback = options.scrollback ?? MIRROR_SCROLLBACK_LINES;
    this.deferMs = options.deferMs ?? MIRROR_DEFER_MS;
    this.deferMaxBytes = options.deferMaxBytes ?? MIRROR_DEFER_MAX_BYTES;
    this.floodDeferMs = Math.max(this.deferMs, options.floodDeferMs ?? MIRROR_FLOOD_DEFER_MS);
    this.terminal = new headless.Terminal({
      cols: options.cols,
      rows: options.rows,
      scrollback: this.scrollback,
      // The serialize addon reads `terminal.buffer`, which the headless build marks proposed.
      allowProposedApi: true,
    });
    this.serializer = new serializeAddon.SerializeAddon();
    // The addon is typed against @xterm/xterm's Terminal; the headless one has the same API
    // surface the addon uses (buffer, modes, options), which is what xterm's docs promise.
    this.terminal.loadAddon(this.serializer as unknown as headless.ITerminalAddon);
  }

  /**
   * Queue bytes for parsing; `parsed` runs once they are on the mirror's screen (or were dropped
   * because nothing of them could remain on it). The mirror keeps a copy: the caller may reuse
   * the chunk on return.
   */
  write(chunk: Uint8Array, parsed?: () => void): void {
    if (this.disposed) return;
    if (this.deferMs <= 0) {
      this.handOver({ chunk: chunk.slice(), done: parsed ? [parsed] : [] });
      return;
    }
    this.backlog.append(chunk, parsed);
    this.lastWriteAt = Date.now();
    if (this.backlog.bytes >= this.deferMaxBytes) this.relieve();
    if (this.backlog.bytes > 0 || this.backlog.waiting) this.armTimer();
  }

  /**
   * The backlog is full: drop what can be dropped; hand the parser everything up to the last
   * state-changing byte (text after it may still be dropped once that is parsed); parse
   * everything only past a hard bound, when the parser cannot keep up.
   */
  private relieve(): void {
    this.compact();
    if (this.backlog.bytes < this.deferMaxBytes) return;
    this.handOverStateChanges();
    if (this.backlog.bytes >= HARD_BACKLOG_FACTOR * this.deferMaxBytes) this.flush();
  }

  /**
   * Hand the parser the backlog up to the line holding its last state-changing byte (that part
   * must be parsed whatever follows); the text after it stays, and may still be dropped.
   */
  private handOverStateChanges(): void {
    const lastUnsafe = this.backlog.lastUnsafe();
    if (lastUnsafe === -1) return;
    // Split after the line holding the last state-changing byte, so the escape sequence it
    // starts is complete in the head (dropping must begin with the parser in its ground state).
    const lineEnd = this.backlog.view().indexOf(0x0a, lastUnsafe);
    this.handOver(this.backlog.take(lineEnd === -1 ? this.backlog.bytes : lineEnd + 1));
  }

  /** Parse everything queued so far (asynchronously, in order). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.compact();
    if (this.backlog.bytes > 0 || this.backlog.waiting) this.handOver(this.backlog.take(this.backlog.bytes));
  }

  private handOver(item: Taken): void {
    const length = item.chunk.length;
    this.parsing += length;
    this.terminal.write(item.chunk, () => {
      this.parsing -= length;
      for (const done of item.done) done();
    });
  }

  private armTimer(): void {
    if (this.timer) return;
    const fire = (): void => {
      this.timer = null;
      if (this.disposed) return;
      const quietFor = Date.now() - this.lastWriteAt;
      if (quietFor < this.deferMs) {
        this.timer = setTimeout(fire, this.deferMs - quietFor);
      } else if (this.backlog.bytes >= MIRROR_FLOOD_BYTES && quietFor < this.floodDeferMs) {
        // A large backlog is a flood whose stream may only be starved for a moment: its plain
        // text may still be dropped once later output scrolls it away, so it waits
        // (MIRROR_FLOOD_DEFER_MS). What holds escape sequences other than colour changes must be parsed anyway: that
        // part is parsed now, while the stream is idle, not later while it waits on the parser.
        this.compact();
        this.handOverStateChanges();
        if (this.backlog.bytes > 0 || this.backlog.waiting) this.timer = setTimeout(fire, this.floodDeferMs - quietFor);
      } else {
        this.flush();
      }
    };
    this.timer = setTimeout(fire, this.deferMs);
  }

  /** Drop the part of the backlog whose effect later output washes out (mirror-compaction.ts). */
  private compact(): void {
    if (this.parsing > 0 || !this.simpleState()) return;
    const washout = this.terminal.rows + this.scrollback;
    // Cheap bound first: the backlog needs more line feeds than the washout to drop anything.
    if (this.backlog.bytes < washout) return;
    const all = this.backlog.view();
    const cut = droppablePrefix(all, washout, this.backlog.firstUnsafe());
    if (cut <= 0) return;
    // Colour changes in the dropped prefix still set the attributes the kept text starts with:
    // their folded replay (a few bytes) takes the dropped bytes' place.
    const replay = foldedSgr(all, cut);
    this.backlog.drop(cut, replay);
    this.droppedBytes += cut - replay.length;
  }

  /**
   * Normal buffer and a full-screen scroll region: the states in which dropping is exact.
   *
   * The scroll region is not public API; without it we simply never drop.
   */
  private simpleState(): boolean {
    if (this.terminal.buffer.active.type !== 'normal') return false;
    const core = (this.terminal as unknown as { _core?: XtermCore })._core;
    const buffer = core?.buffer;
    // The parser must be between sequences (ground state 0), or the dropped bytes would have
    // completed one.
    return (
      core?._inputHandler?._parser?.currentState === 0 &&
      buffer?.scrollTop === 0 &&
      buffer.scrollBottom === this.terminal.rows - 1
    );
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
    this.flush();
    this.terminal.write(EMPTY, () => {
      if (!this.disposed) callback();
    });
  }

  /** Screen, scrollback and modes as escape sequences that recreate them in a fresh terminal. */
  serialize(): string {
    return this.serializer.serialize({ scrollback: this.scrollback });
  }

  /** The visible rows as plain text, as parsed so far (queued output starts parsing now). */
  screen(): ScreenText {
    this.flush();
    return this.parsedScreen();
  }

  /** The visible rows as plain text, as parsed so far, leaving the backlog alone. */
  parsedScreen(): ScreenText {
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
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.backlog.clear();
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

/**
 * The xterm instances of the grid, kept outside React.
 *
 * One `Terminal` per session id, created the first time a pane shows it and kept until the pane
 * is closed. React panes only lend it a container: `mount` re-parents the terminal's host element
 * into the pane's div (xterm is `open()`ed exactly once), `unmount` takes it out again. So
 * re-renders, reordering and maximize/restore never recreate a terminal or lose its scrollback.
 *
 * Bytes flow data client → `term.write` → (xterm's write callback) `processed()`, which is the
 * acknowledgement the engine's flow control waits for. They never touch React state.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type IDisposable, type ITheme } from '@xterm/xterm';
import type { SessionSink, TerminalDataClient } from '../../shared/protocol/data-client.ts';
import type { AppError } from '../../shared/errors.ts';
import { errorMessage } from '../errors/messages.ts';
import { TERMINAL_OPTIONS } from './terminal-theme.ts';
import { WebglPool, type WebglLease } from './webgl-pool.ts';
import { TRIM_AFTER_MS } from './scrollback-policy.ts';
import { ScrollbackTrimmer } from './scrollback-trimmer.ts';

/** Wait this long after the last container resize before fitting (drags fire dozens per second). */
export const FIT_DEBOUNCE_MS = 60;

export interface TerminalRegistryOptions {
  /** Tell the engine a terminal's new size; resolves false if that failed (sent again later). */
  resize(sessionId: string, cols: number, rows: number): Promise<boolean>;
  /** xterm's custom key handler: return false for keys the app handles (shortcuts). */
  keyHandler(event: KeyboardEvent): boolean;
  webgl?: WebglPool;
  /**
   * Which panes draw with WebGL: every visible pane (default), or only the focused one (the
   * others use xterm's DOM renderer; `?webgl=focused`, measured by `bench/footprint`). See
   * docs/architecture.md, Decisions.
   */
  webglPanes?: WebglPanes;
  /** Injected in tests (jsdom cannot run xterm's renderer); a themed xterm otherwise. */
  createTerminal?: () => Terminal;
  /** The palette new terminals start with (default: the options' dark one); see {@link TerminalRegistry.setTheme}. */
  theme?: ITheme;
  /**
   * The size an exited session's saved screen was drawn at (its last size), or null for a running
   * one, whose snapshot comes at the size this terminal already told the engine.
   */
  frozenSize?: (sessionId: string) => { cols: number; rows: number } | null;
  /**
   * How long a pane sits in the background before its scrollback is trimmed (default
   * TRIM_AFTER_MS; null never trims). See scrollback-policy.ts.
   */
  trimScrollbackAfterMs?: number | null;
}

interface Entry {
  readonly sessionId: string;
  readonly term: Terminal;
  readonly fit: FitAddon;
  /** The element xterm is opened into; moved between pane containers, never recreated. */
  readonly host: HTMLDivElement;
  readonly disposables: IDisposable[];
  opened: boolean;
  container: HTMLElement | null;
  observer: ResizeObserver | null;
  fitTimer: ReturnType<typeof setTimeout> | null;
  webglFrame: number | null;
  webgl: WebglLease | null;
  /** Size last confirmed by the engine; null forces the next fit to send it. */
  sentSize: { cols: number; rows: number } | null;
}

/** Which renderer a terminal currently draws with (for the debug hook and diagnostics). */
export type RendererKind = 'webgl' | 'dom' | 'none';

/** Which visible panes get a WebGL renderer. */
export type WebglPanes = 'focused' | 'every-pane';

export class TerminalRegistry {
  private readonly entries = new Map<string, Entry>();
  private dataClient: TerminalDataClient | null = null;
  private readonly webgl: WebglPool;
  private readonly webglPanes: WebglPanes;
  /** The layout's focused pane: the one that renders with WebGL. */
  private focused: string | null = null;

  private theme: ITheme | undefined;
  /** Shrinks the scrollback of panes left in the background (issue 14, renderer memory). */
  private readonly scrollback: ScrollbackTrimmer;
  /** Output bytes received per session (diagnostics: bench/echo-browser). */
  private readonly written: Record<string, number> = {};

  constructor(private readonly options: TerminalRegistryOptions) {
    this.webgl = options.webgl ?? new WebglPool();
    this.webglPanes = options.webglPanes ?? 'every-pane';
    this.theme = options.theme;
    this.scrollback = new ScrollbackTrimmer({ trimAfterMs: options.trimScrollbackAfterMs === undefined ? TRIM_AFTER_MS : options.trimScrollbackAfterMs });
  }

  /**
   * The layout's focused pane changed: it takes the WebGL renderer and the pane that had it goes
   * back to the DOM renderer. Both keep their buffer, scroll position and selection (they live in
   * the terminal, not the renderer). Both switches happen here, in a task, so xterm's redraw
   * with the new renderer runs in the coming animation frame, before the browser paints: no frame
   * shows a blank pane (switching inside an animation frame would draw one frame late).
   */
  setFocused(sessionId: string | null): void {
    if (this.focused === sessionId) return;
    this.focused = sessionId;
    this.scrollback.setFocused(sessionId);
    // Release first: the pool's slots and Chromium's context budget are freed before acquiring.
    for (const entry of this.entries.values()) if (!this.wantsWebgl(entry)) this.releaseWebgl(entry);
    // A pane mounted in this same task still waits for its first frame (see scheduleWebgl).
    for (const entry of this.entries.values()) if (this.wantsWebgl(entry) && entry.webglFrame === null) this.acquireWebgl(entry);
  }

  /** Repaint every terminal (and start new ones) with a theme's palette. */
  setTheme(theme: ITheme): void {
    this.theme = theme;
    for (const entry of this.entries.values()) entry.term.options.theme = theme;
  }

  /**
   * Switch to a new connection's data client (or null while disconnected) and re-attach every
   * terminal; each attach answers with a fresh snapshot that replaces the screen.
   */
  setDataClient(client: TerminalDataClient | null): void {
    this.dataClient = client;
    if (!client) return;
    for (const entry of this.entries.values()) {
      this.attach(entry);
      // A restarted engine may not know the size; send it again with the next fit.
      entry.sentSize = null;
      this.fitNow(entry);
    }
  }

  /** Show a session's terminal inside `container` (creating the terminal on first use). */
  mount(sessionId: string, container: HTMLElement): void {
    const entry = this.entries.get(sessionId) ?? this.create(sessionId);
    if (entry.container === container) return;
    if (entry.container) this.unmount(sessionId, entry.container);
    if (entry.host.parentElement !== container) container.appendChild(entry.host);
    entry.container = container;
    if (!entry.opened) {
      entry.term.open(entry.host);
      entry.opened = true;
    }
    entry.observer = new ResizeObserver(() => this.scheduleFit(entry));
    entry.observer.observe(container);
    this.fitNow(entry);
    this.scheduleWebgl(entry);
  }

  /** Take a session's terminal out of `container` (no-op if it has moved elsewhere meanwhile). */
  unmount(sessionId: string, container: HTMLElement): void {
    const entry = this.entries.get(sessionId);
    if (!entry || entry.container !== container) return;
    this.stopWatching(entry);
    // Hidden panes give their WebGL context back; they get one again when shown (and focused).
    this.releaseWebgl(entry);
    if (entry.host.parentElement === container) container.removeChild(entry.host);
    entry.container = null;
  }

  /** Detach and dispose every terminal whose session is not in `sessionIds` (closed panes). */
  retain(sessionIds: readonly string[]): void {
    const keep = new Set(sessionIds);
    for (const sessionId of [...this.entries.keys()]) if (!keep.has(sessionId)) this.dispose(sessionId);
  }

  /** Give keyboard focus to a session's terminal. */
  focus(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    if (entry?.opened && entry.container) entry.term.focus();
  }

  /** The session's buffer as plain text lines (scrollback + screen), trailing blanks trimmed. */
  screenText(sessionId: string): string | null {
    const entry = this.entries.get(sessionId);
    if (!entry) return null;
    const buffer = entry.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < buffer.length; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
    return lines.join('\n').trimEnd();
  }

  /**
   * When the line under the cursor next ends with `suffix` (checked as xterm parses output):
   * `performance.now()` then, or null after `timeoutMs`. For bench/echo-browser, which times a
   * keystroke's echo from its keydown to the character on the terminal's screen.
   */
  whenCursorLineEndsWith(sessionId: string, suffix: string, timeoutMs: number): Promise<number | null> {
    const entry = this.entries.get(sessionId);
    if (!entry) return Promise.resolve(null);
    const { term } = entry;
    const cursorLine = (): string => {
      const buffer = term.buffer.active;
      return buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true) ?? '';
    };
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null), Math.min(timeoutMs, 60_000));
      const listener = term.onWriteParsed(() => {
        if (cursorLine().endsWith(suffix)) finish(performance.now());
      });
      const finish = (at: number | null): void => {
        clearTimeout(timer);
        listener.dispose();
        resolve(at);
      };
    });
  }

  /** Bytes of output handed to each terminal so far (for bench/echo-browser's throughput). */
  outputBytes(): Record<string, number> {
    return { ...this.written };
  }

  /** Session ids with a live terminal. */
  sessionIds(): string[] {
    return [...this.entries.keys()];
  }

  /** Where a session's viewport is: its first shown line (`viewportY`) and the bottom (`baseY`). */
  viewportOf(sessionId: string): { viewportY: number; baseY: number } | null {
    const buffer = this.entries.get(sessionId)?.term.buffer.active;
    return buffer ? { viewportY: buffer.viewportY, baseY: buffer.baseY } : null;
  }

  /** A session's scrollback bound and how many lines its normal buffer holds (screen included). */
  scrollbackOf(sessionId: string): { bound: number; lines: number } | null {
    const entry = this.entries.get(sessionId);
    const bound = this.scrollback.boundOf(sessionId);
    return entry && bound !== null ? { bound, lines: entry.term.buffer.normal.length } : null;
  }

  rendererOf(sessionId: string): RendererKind {
    const entry = this.entries.get(sessionId);
    if (!entry) return 'none';
    return entry.webgl ? 'webgl' : 'dom';
  }

  /** Dispose everything (app teardown, tests). */
  disposeAll(): void {
    for (const sessionId of [...this.entries.keys()]) this.dispose(sessionId);
    this.scrollback.dispose();
  }

  private create(sessionId: string): Entry {
    const term = this.options.createTerminal?.() ?? new Terminal({ ...TERMINAL_OPTIONS, ...(this.theme ? { theme: this.theme } : {}) });
    const fit = new FitAddon();
    term.loadAddon(fit);
    const host = document.createElement('div');
    host.className = 'terminal-host';
    const entry: Entry = {
      sessionId,
      term,
      fit,
      host,
      disposables: [],
      opened: false,
      container: null,
      observer: null,
      fitTimer: null,
      webglFrame: null,
      webgl: null,
      sentSize: null,
    };
    term.attachCustomKeyEventHandler(this.options.keyHandler);
    entry.disposables.push(
      term.onData((data) => this.dataClient?.input(sessionId, data)),
      // Binary input (some mouse reports) is Latin-1 bytes, not UTF-8 text.
      term.onBinary((data) => this.dataClient?.input(sessionId, Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff))),
    );
    this.entries.set(sessionId, entry);
    this.scrollback.add(sessionId, term);
    this.attach(entry);
    return entry;
  }

  private attach(entry: Entry): void {
    const client = this.dataClient;
    if (!client) return;
    const { term, sessionId } = entry;
    const sink: SessionSink = {
      onSnapshot: (snapshot) => {
        term.reset();
        // A saved screen relies on the width it was drawn at: a wrapped line continues by wrapping,
        // and gaps are cursor moves, which do not wrap. Drawn at another width it comes out garbled,
        // so it is written at its own size and then reflowed to the pane by xterm's resize, exactly
        // as a live terminal would be.
        const frozen = this.options.frozenSize?.(entry.sessionId) ?? null;
        if (!frozen || (frozen.cols === term.cols && frozen.rows === term.rows)) {
          term.write(snapshot);
          return;
        }
        const pane = { cols: term.cols, rows: term.rows };
        term.resize(frozen.cols, frozen.rows);
        term.write(snapshot, () => {
          if (term.cols === frozen.cols && term.rows === frozen.rows) term.resize(pane.cols, pane.rows);
        });
      },
      onData: (bytes, processed) => {
        this.written[sessionId] = (this.written[sessionId] ?? 0) + bytes.length;
        term.write(bytes, processed);
      },
      onExit: (exitCode) => term.write(`\r\n\x1b[90m[process exited with code ${exitCode}]\x1b[0m\r\n`),
      onError: (error: AppError) => term.write(`\r\n\x1b[31m${errorMessage(error)}\x1b[0m\r\n`),
    };
    client.attach(entry.sessionId, sink);
  }

  private dispose(sessionId: string): void {
    const entry = this.entries.get(sessionId);
    if (!entry) return;
    // Unmount first: it looks the entry up, so it must still be registered.
    if (entry.container) this.unmount(sessionId, entry.container);
    this.entries.delete(sessionId);
    this.scrollback.remove(sessionId);
    delete this.written[sessionId];
    this.dataClient?.detach(sessionId);
    for (const disposable of entry.disposables) disposable.dispose();
    entry.term.dispose();
  }

  private stopWatching(entry: Entry): void {
    entry.observer?.disconnect();
    entry.observer = null;
    if (entry.fitTimer !== null) clearTimeout(entry.fitTimer);
    entry.fitTimer = null;
    if (entry.webglFrame !== null) cancelAnimationFrame(entry.webglFrame);
    entry.webglFrame = null;
  }

  private wantsWebgl(entry: Entry): boolean {
    return entry.container !== null && (this.webglPanes === 'every-pane' || entry.sessionId === this.focused);
  }

  /**
   * After a mount, WebGL may load only from the next animation frame on: after open() and after
   * layout settled (loading it in the same task as open() races the renderer's first
   * measurement, xterm.js addon-webgl README). The frame loads it if the pane is focused by then.
   */
  private scheduleWebgl(entry: Entry): void {
    if (entry.webglFrame !== null) return;
    entry.webglFrame = requestAnimationFrame(() => {
      entry.webglFrame = null;
      if (this.wantsWebgl(entry)) this.acquireWebgl(entry);
    });
  }

  private acquireWebgl(entry: Entry): void {
    if (!entry.container || entry.webgl) return;
    // After a context loss the pane stays on the DOM renderer until it is focused again.
    entry.webgl = this.webgl.acquire(entry.term, () => {
      entry.webgl = null;
    });
  }

  private releaseWebgl(entry: Entry): void {
    entry.webgl?.release();
    entry.webgl = null;
  }

  private scheduleFit(entry: Entry): void {
    if (entry.fitTimer !== null) clearTimeout(entry.fitTimer);
    entry.fitTimer = setTimeout(() => {
      entry.fitTimer = null;
      this.fitNow(entry);
    }, FIT_DEBOUNCE_MS);
  }

  /** Fit the terminal to its container and tell the engine if the size changed. */
  private fitNow(entry: Entry): void {
    const container = entry.container;
    // A hidden or collapsed container measures 0: fitting then would shrink the PTY to 2×1.
    if (!entry.opened || !container || container.clientWidth === 0 || container.clientHeight === 0) return;
    const proposed = entry.fit.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return;
    const cols = Math.max(2, proposed.cols);
    const rows = Math.max(1, proposed.rows);
    if (cols !== entry.term.cols || rows !== entry.term.rows) entry.term.resize(cols, rows);
    if (entry.sentSize?.cols === cols && entry.sentSize.rows === rows) return;
    entry.sentSize = { cols, rows };
    // Not awaited: fitting is synchronous UI work; sendSize cannot reject (callEngine turns
    // failures into values) and only clears sentSize so the next fit retries.
    void this.sendSize(entry, cols, rows);
  }

  private async sendSize(entry: Entry, cols: number, rows: number): Promise<void> {
    const sent = await this.options.resize(entry.sessionId, cols, rows);
    if (!sent && entry.sentSize?.cols === cols && entry.sentSize.rows === rows) entry.sentSize = null;
  }
}

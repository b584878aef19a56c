/**
 * Applies the scrollback policy (scrollback-policy.ts) to the grid's terminals: watches each
 * pane's focus, scroll position and selection, and sets `options.scrollback` when its bound
 * changes. One timer for all panes, armed only while some pane waits to be trimmed.
 */
import type { IDisposable } from '@xterm/xterm';
import { FULL_SCROLLBACK_LINES, isActive, scrollbackFor, type PaneActivity } from './scrollback-policy.ts';

/** The parts of xterm's Terminal the trimmer uses (a real `@xterm/headless` one in unit tests). */
export interface TrimmableTerminal {
  readonly options: { scrollback?: number };
  readonly buffer: {
    readonly active: { readonly type: 'normal' | 'alternate' };
    readonly normal: { readonly viewportY: number; readonly baseY: number; readonly length: number };
  };
  hasSelection(): boolean;
  scrollLines(amount: number): void;
  scrollToBottom(): void;
  onScroll(listener: (position: number) => void): IDisposable;
  onSelectionChange(listener: () => void): IDisposable;
}

export interface ScrollbackTrimmerOptions {
  /** How long a pane sits in the background before it is trimmed; null never trims. */
  trimAfterMs: number | null;
  /** Injected in tests; `performance.now` otherwise. */
  now?: () => number;
  /** Called after a pane's bound changed (tests wait on it). */
  onBoundChange?: (sessionId: string, lines: number) => void;
}

interface Pane {
  readonly term: TrimmableTerminal;
  lastActiveAt: number;
  /** The viewport was above the bottom at the last scroll event. */
  scrolledUp: boolean;
  /** Set while the trimmer itself scrolls the terminal, so that scroll is not taken for the user's. */
  resyncing: boolean;
  readonly disposables: IDisposable[];
}

export class ScrollbackTrimmer {
  private readonly panes = new Map<string, Pane>();
  private focused: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerDueAt = Infinity;
  private readonly now: () => number;

  constructor(private readonly options: ScrollbackTrimmerOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Start managing a terminal's scrollback. Unless it is the focused pane, it starts at the
   * background bound: the user has not worked with it yet (see scrollback-policy.ts).
   */
  add(sessionId: string, term: TrimmableTerminal): void {
    this.remove(sessionId);
    const pane: Pane = { term, lastActiveAt: -Infinity, scrolledUp: false, resyncing: false, disposables: [] };
    pane.disposables.push(
      // Fires for every new line of output too: only a viewport above the bottom, or one that
      // just came back down (its wait starts), is news.
      term.onScroll(() => {
        if (pane.resyncing) return;
        const up = term.buffer.normal.viewportY < term.buffer.normal.baseY;
        if (!up && !pane.scrolledUp) return;
        pane.scrolledUp = up;
        this.evaluate(sessionId);
      }),
      term.onSelectionChange(() => this.evaluate(sessionId)),
    );
    this.panes.set(sessionId, pane);
    this.evaluate(sessionId);
  }

  remove(sessionId: string): void {
    const pane = this.panes.get(sessionId);
    if (!pane) return;
    for (const disposable of pane.disposables) disposable.dispose();
    this.panes.delete(sessionId);
  }

  /** The layout's focused pane changed: it gets the full bound back, the one it leaves starts waiting. */
  setFocused(sessionId: string | null): void {
    if (this.focused === sessionId) return;
    const left = this.focused;
    this.focused = sessionId;
    // The pane just left was in use until now: its wait starts now, not when it was focused.
    const leftPane = left === null ? undefined : this.panes.get(left);
    if (leftPane) leftPane.lastActiveAt = this.now();
    if (left !== null) this.evaluate(left);
    if (sessionId !== null) this.evaluate(sessionId);
  }

  /** A pane's current bound (null if unknown). */
  boundOf(sessionId: string): number | null {
    return this.panes.get(sessionId)?.term.options.scrollback ?? null;
  }

  /** Decide every pane again (the timer's job; public for tests). */
  sweep(): void {
    for (const sessionId of this.panes.keys()) this.evaluate(sessionId);
  }

  dispose(): void {
    for (const sessionId of [...this.panes.keys()]) this.remove(sessionId);
    this.clearTimer();
  }

  private activity(sessionId: string, pane: Pane): PaneActivity {
    const normal = pane.term.buffer.normal;
    return {
      focused: sessionId === this.focused,
      scrolledUp: normal.viewportY < normal.baseY,
      selecting: pane.term.hasSelection(),
      lastActiveAt: pane.lastActiveAt,
    };
  }

  private evaluate(sessionId: string): void {
    const pane = this.panes.get(sessionId);
    if (!pane) return;
    const now = this.now();
    const activity = this.activity(sessionId, pane);
    if (isActive(activity)) pane.lastActiveAt = activity.lastActiveAt = now;
    const decision = scrollbackFor(activity, now, this.options.trimAfterMs);
    if ((pane.term.options.scrollback ?? FULL_SCROLLBACK_LINES) !== decision.lines) this.setBound(sessionId, pane, decision.lines);
    if (decision.recheckInMs !== null) this.armTimer(now + decision.recheckInMs);
  }

  private setBound(sessionId: string, pane: Pane, lines: number): void {
    const { term } = pane;
    const before = term.buffer.normal.length;
    // xterm trims the top of the buffer right away (Buffer.resize), keeping the viewport's lines.
    term.options.scrollback = lines;
    const trimmed = before - term.buffer.normal.length;
    if (trimmed > 0 && term.buffer.active.type === 'normal') this.resyncViewport(pane, trimmed);
    this.options.onBoundChange?.(sessionId, lines);
  }

  /**
   * xterm 6's viewport does not follow a scrollback change: its scroll area keeps the old height
   * and position until the next line scrolls, so in a quiet pane the wheel would do nothing for
   * `trimmed` lines' worth of scrolling. Scrolling through the public API re-syncs it: one line
   * above the new position (the old scroll offset minus what was trimmed) makes the viewport
   * report a real scroll, which re-measures the scroll area, and scrolling to the bottom returns
   * where the pane was (only panes at the bottom are trimmed). If xterm ever syncs by itself,
   * the first scroll clamps at the top and the second still ends at the bottom.
   */
  private resyncViewport(pane: Pane, trimmed: number): void {
    pane.resyncing = true;
    try {
      pane.term.scrollLines(-(trimmed + 1));
      pane.term.scrollToBottom();
    } finally {
      pane.resyncing = false;
    }
  }

  private armTimer(dueAt: number): void {
    if (this.timer !== null && this.timerDueAt <= dueAt) return;
    this.clearTimer();
    this.timerDueAt = dueAt;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.timerDueAt = Infinity;
        this.sweep();
      },
      Math.max(0, dueAt - this.now()),
    );
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.timerDueAt = Infinity;
  }
}

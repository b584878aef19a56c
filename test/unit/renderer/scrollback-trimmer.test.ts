/**
 * Background scrollback trimming on xterm's real buffer (@xterm/headless: the same core as the
 * renderer's terminal, minus drawing). The clock is injected and `sweep()` stands in for the timer,
 * except in the test of the timer itself. The browser side (the viewport re-sync, focus through
 * the layout) is covered by test/e2e/scrollback-trim.spec.ts.
 */
import headless from '@xterm/headless';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MIRROR_SCROLLBACK_LINES, SCROLLBACK_LINES } from '../../../src/shared/protocol/flow-control.ts';
import {
  BACKGROUND_SCROLLBACK_LINES,
  FULL_SCROLLBACK_LINES,
  scrollbackFor,
  TRIM_AFTER_MS,
} from '../../../src/renderer/terminals/scrollback-policy.ts';
import { ScrollbackTrimmer, type TrimmableTerminal } from '../../../src/renderer/terminals/scrollback-trimmer.ts';
import { trimScrollbackAfterFrom } from '../../../src/renderer/terminals/scrollback-trim-flag.ts';

const ROWS = 10;

/** A headless xterm plus the selection API it lacks (the renderer's Terminal has it). */
function pane() {
  const term = new headless.Terminal({ cols: 40, rows: ROWS, scrollback: FULL_SCROLLBACK_LINES, allowProposedApi: true });
  let selected = false;
  const selectionListeners = new Set<() => void>();
  const trimmable: TrimmableTerminal = {
    get options() {
      return term.options;
    },
    get buffer() {
      return term.buffer;
    },
    hasSelection: () => selected,
    scrollLines: (amount) => term.scrollLines(amount),
    scrollToBottom: () => term.scrollToBottom(),
    onScroll: (listener) => term.onScroll(listener),
    onSelectionChange: (listener) => {
      selectionListeners.add(listener);
      return { dispose: () => selectionListeners.delete(listener) };
    },
  };
  let written = 0;
  return {
    term,
    trimmable,
    /** Print `count` numbered lines and wait until xterm has parsed them. */
    async print(count: number): Promise<void> {
      const text = Array.from({ length: count }, () => `line ${++written}\r\n`).join('');
      await new Promise<void>((resolve) => term.write(text, resolve));
    },
    get written() {
      return written;
    },
    select(on: boolean): void {
      selected = on;
      for (const listener of selectionListeners) listener();
    },
    /** The last non-empty line of the buffer. */
    lastLine(): string {
      const buffer = term.buffer.normal;
      for (let y = buffer.length - 1; y >= 0; y--) {
        const text = buffer.getLine(y)?.translateToString(true) ?? '';
        if (text) return text;
      }
      return '';
    },
    firstLine(): string {
      return term.buffer.normal.getLine(0)?.translateToString(true) ?? '';
    },
    atBottom(): boolean {
      return term.buffer.normal.viewportY === term.buffer.normal.baseY;
    },
  };
}

let trimmer: ScrollbackTrimmer | null = null;
afterEach(() => {
  trimmer?.dispose();
  trimmer = null;
});

function setup(trimAfterMs: number | null = 1_000) {
  let t = 0;
  const changes: Array<[string, number]> = [];
  trimmer = new ScrollbackTrimmer({ trimAfterMs, now: () => t, onBoundChange: (id, lines) => changes.push([id, lines]) });
  return {
    trimmer,
    changes,
    advance(ms: number): void {
      t += ms;
    },
  };
}

describe('scrollback policy', () => {
  it('keeps in a background pane at least what the engine would restore on a re-attach', () => {
    // Below the mirror's history, a re-attach would be needed to get lines back (it is not done).
    expect(BACKGROUND_SCROLLBACK_LINES).toBeGreaterThanOrEqual(MIRROR_SCROLLBACK_LINES);
    expect(BACKGROUND_SCROLLBACK_LINES).toBeLessThan(FULL_SCROLLBACK_LINES);
    expect(FULL_SCROLLBACK_LINES).toBe(SCROLLBACK_LINES);
  });

  it('never trims a pane that is focused, scrolled up or selecting, and trims every other only after the wait', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 0, max: 10 * TRIM_AFTER_MS }),
        (focused, scrolledUp, selecting, idle) => {
          const decision = scrollbackFor({ focused, scrolledUp, selecting, lastActiveAt: 1_000 }, 1_000 + idle, TRIM_AFTER_MS);
          const active = focused || scrolledUp || selecting;
          if (active || idle < TRIM_AFTER_MS) expect(decision.lines).toBe(FULL_SCROLLBACK_LINES);
          else expect(decision.lines).toBe(BACKGROUND_SCROLLBACK_LINES);
          // A waiting pane is looked at again exactly when its wait ends.
          expect(decision.recheckInMs).toBe(!active && idle < TRIM_AFTER_MS ? TRIM_AFTER_MS - idle : null);
        },
      ),
    );
    // Turned off: nothing is ever trimmed.
    expect(scrollbackFor({ focused: false, scrolledUp: false, selecting: false, lastActiveAt: 0 }, 1e9, null).lines).toBe(FULL_SCROLLBACK_LINES);
  });

  it('reads the page address switch, refusing values that would trim at once or never', () => {
    const from = (search: string) => trimScrollbackAfterFrom({ search });
    expect(from('')).toBe(TRIM_AFTER_MS);
    expect(from('?scrollbackTrim=off')).toBeNull();
    expect(from('?scrollbackTrim=1500')).toBe(1_500);
    expect(from('?scrollbackTrim=0')).toBe(TRIM_AFTER_MS);
    expect(from('?scrollbackTrim=99999999')).toBe(TRIM_AFTER_MS);
    expect(from('?scrollbackTrim=-5')).toBe(TRIM_AFTER_MS);
    expect(from('?scrollbackTrim=1e3')).toBe(TRIM_AFTER_MS);
  });
});

describe('ScrollbackTrimmer on a real xterm buffer', () => {
  it('trims a pane left in the background to the newest lines, at the bottom, and keeps the focused one whole', async () => {
    const { trimmer, changes, advance } = setup();
    const a = pane();
    const b = pane();
    trimmer.add('a', a.trimmable);
    trimmer.add('b', b.trimmable);
    trimmer.setFocused('b');
    await b.print(3_000);
    trimmer.setFocused('a');
    await a.print(3_000);
    changes.length = 0;

    advance(999);
    trimmer.sweep();
    expect(b.term.buffer.normal.length).toBe(3_000 + 1); // not yet: 3,000 lines and the prompt row
    advance(1);
    trimmer.sweep();

    expect(changes).toEqual([['b', BACKGROUND_SCROLLBACK_LINES]]);
    expect(b.term.options.scrollback).toBe(BACKGROUND_SCROLLBACK_LINES);
    expect(b.term.buffer.normal.length).toBe(BACKGROUND_SCROLLBACK_LINES + ROWS);
    expect(b.lastLine()).toBe('line 3000');
    expect(b.firstLine()).toBe(`line ${3_000 - BACKGROUND_SCROLLBACK_LINES - ROWS + 2}`);
    expect(b.atBottom()).toBe(true);
    // The focused pane keeps everything.
    expect(a.term.options.scrollback).toBe(FULL_SCROLLBACK_LINES);
    expect(a.term.buffer.normal.length).toBe(3_001);

    // Still in the background, it stays at the small bound while output continues.
    await b.print(2_000);
    expect(b.term.buffer.normal.length).toBe(BACKGROUND_SCROLLBACK_LINES + ROWS);
    expect(b.lastLine()).toBe('line 5000');
  });

  it('starts a pane the user has not worked with at the background bound, so it never holds more than a reload restores', async () => {
    const { trimmer, changes } = setup();
    const a = pane();
    const b = pane();
    trimmer.setFocused('b');
    trimmer.add('a', a.trimmable);
    trimmer.add('b', b.trimmable);
    expect(changes).toEqual([['a', BACKGROUND_SCROLLBACK_LINES]]);
    await a.print(2_000);
    await b.print(2_000);
    expect(a.term.buffer.normal.length).toBe(BACKGROUND_SCROLLBACK_LINES + ROWS);
    expect(a.lastLine()).toBe('line 2000');
    expect(b.term.buffer.normal.length).toBe(2_001);
  });

  it('gives a focused pane the full bound back, so its history grows past the background bound again', async () => {
    const { trimmer, changes, advance } = setup();
    const a = pane();
    trimmer.add('a', a.trimmable);
    await a.print(2_000);
    expect(a.term.buffer.normal.length).toBe(BACKGROUND_SCROLLBACK_LINES + ROWS);

    trimmer.setFocused('a');
    expect(a.term.options.scrollback).toBe(FULL_SCROLLBACK_LINES);
    await a.print(2_000);
    expect(a.term.buffer.normal.length).toBe(BACKGROUND_SCROLLBACK_LINES + ROWS + 2_000);
    expect(a.atBottom()).toBe(true);

    // Left again: it waits the full delay from the moment it lost focus, not from its last trim.
    trimmer.setFocused(null);
    advance(999);
    trimmer.sweep();
    expect(a.term.options.scrollback).toBe(FULL_SCROLLBACK_LINES);
    advance(1);
    trimmer.sweep();
    expect(a.term.options.scrollback).toBe(BACKGROUND_SCROLLBACK_LINES);
    expect(changes.map(([, lines]) => lines)).toEqual([BACKGROUND_SCROLLBACK_LINES, FULL_SCROLLBACK_LINES, BACKGROUND_SCROLLBACK_LINES]);
  });

  it('never trims a pane scrolled up, keeps its viewport on the same text, and waits again once it is back down', async () => {
    const { trimmer, advance } = setup();
    const a = pane();
    trimmer.add('a', a.trimmable);
    trimmer.setFocused('a');
    await a.print(3_000);
    a.term.scrollLines(-2_500);
    trimmer.setFocused(null);
    const top = a.term.buffer.normal.viewportY;
    const shown = a.term.buffer.normal.getLine(top)?.translateToString(true);

    advance(5_000);
    trimmer.sweep();
    expect(a.term.options.scrollback).toBe(FULL_SCROLLBACK_LINES);
    expect(a.term.buffer.normal.length).toBe(3_001);
    expect(a.term.buffer.normal.viewportY).toBe(top);
    expect(a.term.buffer.normal.getLine(top)?.translateToString(true)).toBe(shown);

    // Back at the bottom: the clock restarts there.
    a.term.scrollToBottom();
    advance(999);
    trimmer.sweep();
    expect(a.term.options.scrollback).toBe(FULL_SCROLLBACK_LINES);
    advance(1);
    trimmer.sweep();
    expect(a.term.options.scrollback).toBe(BACKGROUND_SCROLLBACK_LINES);
  });

  it('gives a trimmed pane the full bound back as soon as the user scrolls it up', async () => {
    const { trimmer, advance } = setup();
    const a = pane();
    trimmer.add('a', a.trimmable);
    trimmer.setFocused('a');
    await a.print(2_000);
    trimmer.setFocused(null);
    advance(1_000);
    trimmer.sweep();
    expect(a.term.options.scrollback).toBe(BACKGROUND_SCROLLBACK_LINES);

    a.term.scrollLines(-100);
    expect(a.term.options.scrollback).toBe(FULL_SCROLLBACK_LINES);
    // Output keeps coming while the user reads: what they read is not trimmed away under them.
    const top = a.term.buffer.normal.viewportY;
    const shown = a.term.buffer.normal.getLine(top)?.translateToString(true);
    await a.print(1_500);
    expect(a.term.buffer.normal.getLine(top)?.translateToString(true)).toBe(shown);
  });

  it('never trims a pane with a selection', async () => {
    const { trimmer, advance } = setup();
    const a = pane();
    trimmer.add('a', a.trimmable);
    trimmer.setFocused('a');
    await a.print(2_000);
    a.select(true);
    trimmer.setFocused(null);
    advance(10_000);
    trimmer.sweep();
    expect(a.term.options.scrollback).toBe(FULL_SCROLLBACK_LINES);
    a.select(false);
    advance(1_000);
    trimmer.sweep();
    expect(a.term.options.scrollback).toBe(BACKGROUND_SCROLLBACK_LINES);
  });

  it('never trims when turned off', async () => {
    const { trimmer, advance } = setup(null);
    const a = pane();
    trimmer.add('a', a.trimmable);
    await a.print(2_000);
    advance(1e9);
    trimmer.sweep();
    expect(a.term.options.scrollback).toBe(FULL_SCROLLBACK_LINES);
    expect(a.term.buffer.normal.length).toBe(2_001);
  });

  it('trims on its own timer, without anyone calling sweep', async () => {
    let trimmed: ((lines: number) => void) | null = null;
    trimmer = new ScrollbackTrimmer({ trimAfterMs: 50, onBoundChange: (_id, lines) => trimmed?.(lines) });
    const a = pane();
    trimmer.add('a', a.trimmable);
    trimmer.setFocused('a');
    await a.print(2_000);
    const done = new Promise<number>((resolve) => (trimmed = resolve));
    trimmer.setFocused(null);
    expect(a.term.options.scrollback).toBe(FULL_SCROLLBACK_LINES);
    expect(await done).toBe(BACKGROUND_SCROLLBACK_LINES);
    expect(a.term.buffer.normal.length).toBe(BACKGROUND_SCROLLBACK_LINES + ROWS);
  });
});

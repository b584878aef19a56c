// @vitest-environment jsdom
/**
 * An exited pane's saved screen, shown in a pane of another width, must read as that screen
 * reflowed (what a live terminal shows after a resize), not garbled at its wrapped lines: the
 * snapshot continues wrapped lines by wrapping and stores gaps as cursor moves, which do not wrap.
 * The terminal here is xterm's real core (@xterm/headless) behind the registry; the snapshot comes
 * from the engine's own mirror.
 */
import headless from '@xterm/headless';
import type { Terminal } from '@xterm/xterm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeadlessMirror } from '../../../src/main/engine/terminals/headless-mirror.ts';
import { TerminalRegistry } from '../../../src/renderer/terminals/terminal-registry.ts';
import { WebglPool } from '../../../src/renderer/terminals/webgl-pool.ts';
import type { SessionSink, TerminalDataClient } from '../../../src/shared/protocol/data-client.ts';

const SAVED = { cols: 20, rows: 5 };
/** A TUI's lines: a gap made by a cursor move inside a wrapped line, erased tails, background spaces. */
const OUTPUT = ['ab\x1b[18Gcdefgh\r\n', 'a'.repeat(15), '\x1b[K\x1b[20GQR\r\n', '\x1b[44mblue' + ' '.repeat(16) + 'next\x1b[0m\r\n'].join('');

/** xterm's core with the few calls the registry makes of a browser terminal. */
class CoreTerminal extends headless.Terminal {
  static created: CoreTerminal[] = [];
  constructor(cols: number, rows: number) {
    super({ cols, rows, allowProposedApi: true });
    CoreTerminal.created.push(this);
  }
  attachCustomKeyEventHandler(): void {}
  open(): void {}
  focus(): void {}
  hasSelection(): boolean {
    return false;
  }
  onSelectionChange() {
    return { dispose: () => {} };
  }
}

function lines(term: headless.Terminal): string[] {
  const buffer = term.buffer.active;
  const out: string[] = [];
  for (let row = 0; row < buffer.length; row++) out.push(buffer.getLine(row)?.translateToString(true) ?? '');
  while (out.length > 0 && out.at(-1) === '') out.pop();
  return out;
}

async function written(term: headless.Terminal): Promise<void> {
  await new Promise<void>((resolve) => term.write('', resolve));
}

async function savedScreen(): Promise<{ snapshot: string; reflowed: (cols: number) => Promise<string[]> }> {
  const mirror = new HeadlessMirror({ ...SAVED, deferMs: 0 });
  mirror.write(new TextEncoder().encode(OUTPUT));
  await new Promise<void>((resolve) => mirror.afterPending(resolve));
  const snapshot = mirror.serialize();
  mirror.dispose();
  // What the original terminal shows once resized to `cols`: xterm's own reflow.
  const reflowed = async (cols: number): Promise<string[]> => {
    const term = new headless.Terminal({ ...SAVED, allowProposedApi: true });
    term.write(OUTPUT);
    await written(term);
    term.resize(cols, SAVED.rows);
    await written(term);
    return lines(term);
  };
  return { snapshot, reflowed };
}

function showIn(cols: number, frozen: boolean): { term: () => CoreTerminal; sink: () => SessionSink } {
  let sink: SessionSink | null = null;
  const registry = new TerminalRegistry({
    resize: async () => true,
    keyHandler: () => true,
    webgl: new WebglPool(0),
    createTerminal: () => new CoreTerminal(cols, SAVED.rows) as unknown as Terminal,
    frozenSize: () => (frozen ? SAVED : null),
  });
  const client = { attach: (_id: string, s: SessionSink) => (sink = s), detach: () => undefined, input: () => undefined };
  registry.setDataClient(client as unknown as TerminalDataClient);
  registry.mount('s1', document.body.appendChild(document.createElement('div')));
  return { term: () => CoreTerminal.created.at(-1)!, sink: () => sink! };
}

describe('an exited pane’s saved screen', () => {
  beforeEach(() => {
    CoreTerminal.created = [];
    vi.stubGlobal('ResizeObserver', class { observe(): void {} disconnect(): void {} });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it.each([14, 20, 33])('shows in a %i-column pane exactly as the original reflowed to that width', async (cols) => {
    const saved = await savedScreen();
    const pane = showIn(cols, true);
    pane.sink().onSnapshot(saved.snapshot);
    await written(pane.term());
    expect(lines(pane.term())).toEqual(await saved.reflowed(cols));
    expect([pane.term().cols, pane.term().rows]).toEqual([cols, SAVED.rows]);
  });

  it('was garbled when written at the pane’s width (the defect this guards)', async () => {
    const saved = await savedScreen();
    const pane = showIn(14, false);
    pane.sink().onSnapshot(saved.snapshot);
    await written(pane.term());
    expect(lines(pane.term())).not.toEqual(await saved.reflowed(14));
  });
});

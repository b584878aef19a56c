// @vitest-environment jsdom
import type { Terminal } from '@xterm/xterm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionSink, TerminalDataClient } from '../../../src/shared/protocol/data-client.ts';
import { TerminalRegistry } from '../../../src/renderer/terminals/terminal-registry.ts';
import { WebglPool, type WebglLease } from '../../../src/renderer/terminals/webgl-pool.ts';

/**
 * The parts of xterm's Terminal the registry uses. jsdom cannot run xterm's renderer (no canvas,
 * no matchMedia), so this records calls instead; the real terminal is covered by the e2e tests.
 */
class FakeTerminal {
  static created: FakeTerminal[] = [];
  cols = 80;
  rows = 24;
  openCalls = 0;
  element: HTMLElement | null = null;
  log: string[] = [];
  disposed = false;
  keyHandler: ((event: KeyboardEvent) => boolean) | null = null;
  // What the scrollback trimmer reads (its behaviour on a real xterm: scrollback-trimmer.test.ts).
  options: { scrollback?: number } = { scrollback: 5_000 };
  buffer = { active: { type: 'normal' as const }, normal: { viewportY: 0, baseY: 0, length: 24 } };
  private dataListener: ((data: string) => void) | null = null;

  constructor() {
    FakeTerminal.created.push(this);
  }
  open(parent: HTMLElement): void {
    this.openCalls++;
    this.element = document.createElement('div');
    this.element.className = 'xterm';
    parent.appendChild(this.element);
  }
  write(data: string | Uint8Array, callback?: () => void): void {
    this.log.push(`write:${typeof data === 'string' ? data : new TextDecoder().decode(data)}`);
    callback?.();
  }
  reset(): void {
    this.log.push('reset');
  }
  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
  }
  focus(): void {
    this.log.push('focus');
  }
  loadAddon(): void {}
  attachCustomKeyEventHandler(handler: (event: KeyboardEvent) => boolean): void {
    this.keyHandler = handler;
  }
  onData(listener: (data: string) => void) {
    this.dataListener = listener;
    return { dispose: () => (this.dataListener = null) };
  }
  onBinary() {
    return { dispose: () => {} };
  }
  onScroll() {
    return { dispose: () => {} };
  }
  onSelectionChange() {
    return { dispose: () => {} };
  }
  hasSelection(): boolean {
    return false;
  }
  scrollLines(): void {}
  scrollToBottom(): void {}
  type(data: string): void {
    this.dataListener?.(data);
  }
  dispose(): void {
    this.disposed = true;
  }
}

class FakeDataClient {
  readonly sinks = new Map<string, SessionSink>();
  readonly inputs: Array<[string, string | Uint8Array]> = [];
  readonly detached: string[] = [];
  attach(sessionId: string, sink: SessionSink): void {
    this.sinks.set(sessionId, sink);
  }
  detach(sessionId: string): void {
    this.detached.push(sessionId);
    this.sinks.delete(sessionId);
  }
  input(sessionId: string, data: string | Uint8Array): void {
    this.inputs.push([sessionId, data]);
  }
}

/**
 * A pool that records which terminals hold a WebGL lease, and can lose a context like Chromium
 * does (the real addon is covered by the e2e tests; jsdom has no WebGL).
 */
class RecordingPool extends WebglPool {
  readonly holders = new Map<Terminal, { lose(): void }>();
  acquired = 0;
  override acquire(term: Terminal, onLost: () => void): WebglLease | null {
    this.acquired++;
    const release = (): void => {
      this.holders.delete(term);
    };
    this.holders.set(term, {
      lose: () => {
        release();
        onLost();
      },
    });
    return { release };
  }
}

/** requestAnimationFrame under the test's control: frames run when `flush` is called. */
function manualFrames() {
  const queue = new Map<number, FrameRequestCallback>();
  let next = 1;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => {
    queue.set(next, callback);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => queue.delete(id));
  return {
    flush(): void {
      const callbacks = [...queue.values()];
      queue.clear();
      for (const callback of callbacks) callback(0);
    },
  };
}

function webglSetup(webglPanes?: 'focused' | 'every-pane') {
  const frames = manualFrames();
  const pool = new RecordingPool();
  const registry = new TerminalRegistry({
    resize: async () => true,
    keyHandler: () => true,
    webgl: pool,
    ...(webglPanes ? { webglPanes } : {}),
    createTerminal: () => new FakeTerminal() as unknown as Terminal,
  });
  const container = (): HTMLDivElement => document.body.appendChild(document.createElement('div'));
  const renderers = (): string[] => registry.sessionIds().map((id) => `${id}:${registry.rendererOf(id)}`);
  return { registry, pool, frames, container, renderers };
}

function setup() {
  const keyHandler = vi.fn(() => true);
  const registry = new TerminalRegistry({
    resize: async () => true,
    keyHandler,
    webgl: new WebglPool(0),
    createTerminal: () => new FakeTerminal() as unknown as Terminal,
  });
  const container = (): HTMLDivElement => document.body.appendChild(document.createElement('div'));
  return { registry, keyHandler, container };
}

/** Per test: a fresh list of fake terminals, a ResizeObserver that never fires, a clean body. */
function useFakeDom(): void {
  beforeEach(() => {
    FakeTerminal.created = [];
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe(): void {}
        disconnect(): void {}
      },
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });
}

describe('TerminalRegistry', () => {
  useFakeDom();

  it('creates one terminal per session and opens it once, re-parenting it between panes', () => {
    const { registry, container } = setup();
    const first = container();
    const second = container();

    registry.mount('s1', first);
    const host = first.firstElementChild;
    expect(host?.className).toBe('terminal-host');
    registry.unmount('s1', first);
    expect(first.childElementCount).toBe(0);

    registry.mount('s1', second);
    expect(second.firstElementChild).toBe(host);
    expect(FakeTerminal.created).toHaveLength(1);
    expect(FakeTerminal.created[0]!.openCalls).toBe(1);
  });

  it('ignores an unmount from a container the terminal has already left (React effect order)', () => {
    const { registry, container } = setup();
    const first = container();
    const second = container();
    registry.mount('s1', first);
    registry.mount('s1', second);
    registry.unmount('s1', first);
    expect(second.childElementCount).toBe(1);
  });

  it('installs the app’s key handler on every terminal (shortcuts beat xterm)', () => {
    const { registry, container, keyHandler } = setup();
    registry.mount('s1', container());
    const event = new KeyboardEvent('keydown', { key: '1', ctrlKey: true });
    FakeTerminal.created[0]!.keyHandler?.(event);
    expect(keyHandler).toHaveBeenCalledWith(event);
  });

  it('attaches every terminal to a new data client; a snapshot resets the screen, then writes', () => {
    const { registry, container } = setup();
    registry.mount('s1', container());
    registry.mount('s2', container());
    const client = new FakeDataClient();
    registry.setDataClient(client as unknown as TerminalDataClient);
    expect([...client.sinks.keys()]).toEqual(['s1', 's2']);

    const term = FakeTerminal.created[0]!;
    term.log = [];
    client.sinks.get('s1')!.onSnapshot('$ echo hi\r\nhi\r\n$ ');
    expect(term.log).toEqual(['reset', 'write:$ echo hi\r\nhi\r\n$ ']);
  });

  it('acknowledges output only from xterm’s write callback', () => {
    const { registry, container } = setup();
    const client = new FakeDataClient();
    registry.setDataClient(client as unknown as TerminalDataClient);
    registry.mount('s1', container());
    const processed = vi.fn();
    client.sinks.get('s1')!.onData(new TextEncoder().encode('out'), processed);
    expect(FakeTerminal.created[0]!.log).toContain('write:out');
    expect(processed).toHaveBeenCalledTimes(1);
  });

  it('sends keystrokes through the current data client, and drops them while disconnected', () => {
    const { registry, container } = setup();
    registry.mount('s1', container());
    const term = FakeTerminal.created[0]!;
    term.type('lost');
    const client = new FakeDataClient();
    registry.setDataClient(client as unknown as TerminalDataClient);
    term.type('ls\r');
    registry.setDataClient(null);
    term.type('also lost');
    expect(client.inputs).toEqual([['s1', 'ls\r']]);
  });

  it('explains an attach error inside the terminal with the app’s error text', () => {
    const { registry, container } = setup();
    const client = new FakeDataClient();
    registry.setDataClient(client as unknown as TerminalDataClient);
    registry.mount('s1', container());
    client.sinks.get('s1')!.onError?.({ kind: 'SESSION_NOT_FOUND', sessionId: 's1' });
    expect(FakeTerminal.created[0]!.log.at(-1)).toContain('That terminal session no longer exists.');
  });

  it('disposes and detaches terminals whose panes left the layout', () => {
    const { registry, container } = setup();
    const client = new FakeDataClient();
    registry.setDataClient(client as unknown as TerminalDataClient);
    const pane = container();
    registry.mount('s1', pane);
    registry.mount('s2', container());

    registry.retain(['s2']);
    expect(FakeTerminal.created[0]!.disposed).toBe(true);
    expect(FakeTerminal.created[1]!.disposed).toBe(false);
    expect(client.detached).toEqual(['s1']);
    expect(pane.childElementCount).toBe(0);
    expect(registry.sessionIds()).toEqual(['s2']);
  });

  it('focuses only terminals that are on screen', () => {
    const { registry, container } = setup();
    const pane = container();
    registry.mount('s1', pane);
    registry.focus('s1');
    registry.unmount('s1', pane);
    registry.focus('s1');
    expect(FakeTerminal.created[0]!.log.filter((entry) => entry === 'focus')).toHaveLength(1);
  });
});

describe('TerminalRegistry: WebGL only for the focused pane', () => {
  useFakeDom();

  it('gives WebGL to the focused pane only, after layout settles (next frame)', () => {
    const { registry, frames, container, renderers } = webglSetup('focused');
    registry.mount('s1', container());
    registry.mount('s2', container());
    registry.mount('s3', container());
    registry.setFocused('s2');
    expect(renderers()).toEqual(['s1:dom', 's2:dom', 's3:dom']);
    frames.flush();
    expect(renderers()).toEqual(['s1:dom', 's2:webgl', 's3:dom']);
  });

  it('moves WebGL with focus in the same task (xterm redraws before the next paint)', () => {
    const { registry, pool, frames, container, renderers } = webglSetup('focused');
    registry.mount('s1', container());
    registry.mount('s2', container());
    registry.setFocused('s1');
    frames.flush();
    registry.setFocused('s2');
    expect(renderers()).toEqual(['s1:dom', 's2:webgl']);
    expect(pool.holders.size).toBe(1);
    registry.setFocused('s1');
    registry.setFocused('s2');
    registry.setFocused('s1');
    expect(renderers()).toEqual(['s1:webgl', 's2:dom']);
    expect(pool.holders.size).toBe(1);
    expect(pool.holders.has(FakeTerminal.created[0] as unknown as Terminal)).toBe(true);
  });

  it('does not load WebGL into a pane whose first frame comes after it lost focus', () => {
    const { registry, pool, frames, container, renderers } = webglSetup('focused');
    registry.setFocused('s1');
    registry.mount('s1', container());
    registry.mount('s2', container());
    registry.setFocused('s2');
    expect(renderers()).toEqual(['s1:dom', 's2:dom']);
    frames.flush();
    expect(renderers()).toEqual(['s1:dom', 's2:webgl']);
    expect(pool.acquired).toBe(1);
  });

  it('loads WebGL for a pane focused before it is mounted (restored layout), and frees it when hidden', () => {
    const { registry, pool, frames, container, renderers } = webglSetup('focused');
    registry.setFocused('s1');
    const pane = container();
    registry.mount('s1', pane);
    frames.flush();
    expect(renderers()).toEqual(['s1:webgl']);
    registry.unmount('s1', pane);
    expect(renderers()).toEqual(['s1:dom']);
    expect(pool.holders.size).toBe(0);
  });

  it('stays on the DOM renderer after a context loss until the pane is focused again', () => {
    const { registry, pool, frames, container, renderers } = webglSetup('focused');
    registry.mount('s1', container());
    registry.mount('s2', container());
    registry.setFocused('s1');
    frames.flush();
    pool.holders.get(FakeTerminal.created[0] as unknown as Terminal)!.lose();
    frames.flush();
    expect(renderers()).toEqual(['s1:dom', 's2:dom']);
    expect(pool.acquired).toBe(1);
    registry.setFocused('s2');
    registry.setFocused('s1');
    frames.flush();
    expect(renderers()).toEqual(['s1:webgl', 's2:dom']);
  });

  it('by default gives every visible pane WebGL (the focused-only mode is a measured option)', () => {
    const { registry, frames, container, renderers } = webglSetup();
    registry.mount('s1', container());
    registry.mount('s2', container());
    registry.setFocused('s1');
    frames.flush();
    expect(renderers()).toEqual(['s1:webgl', 's2:webgl']);
  });
});


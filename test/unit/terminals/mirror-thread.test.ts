import headless from '@xterm/headless';
import { describe, expect, it, vi } from 'vitest';
import { HeadlessMirror } from '../../../src/main/engine/terminals/headless-mirror.ts';
import { MIRROR_SCROLLBACK_LINES } from '../../../src/main/engine/terminals/headless-mirror.ts';
import { hostMirrors, type HostPort } from '../../../src/main/engine/terminals/mirror/mirror-host.ts';
import {
  MIRROR_ENTRY_MAX_BYTES,
  MIRROR_UNANNOUNCED_MAX_BYTES,
  MIRROR_WRITE_MESSAGE_MS,
  MIRROR_RING_BYTES,
  MIRROR_IDLE_MS,
  MirrorThread,
  mirrorThread,
  setMirrorIdleMs,
} from '../../../src/main/engine/terminals/mirror/mirror-thread.ts';
import { MessageChannel } from 'node:worker_threads';
import type { ToMirror } from '../../../src/main/engine/terminals/mirror/mirror-messages.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i} ${'x'.repeat((from + i) % 97)}\r\n`).join('');
/** Every line a fresh terminal holds after writing `snapshot` (what an attaching client shows). */
async function replay(snapshot: string, cols: number, rows: number): Promise<string[]> {
  const terminal = new headless.Terminal({ cols, rows, scrollback: 100_000, allowProposedApi: true });
  await new Promise<void>((resolve) => terminal.write(snapshot, resolve));
  const buffer = terminal.buffer.active;
  const lines = Array.from({ length: buffer.length }, (_, row) => buffer.getLine(row)?.translateToString(true) ?? '');
  terminal.dispose();
  return lines;
}
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Feed the same chunks to a lazy mirror in the mirror thread and an eager one in this thread;
 * the snapshot the thread captures must equal the eager serialization.
 */
async function compare(chunks: string[], options: { rows?: number; scrollback?: number; oneTurn?: boolean } = {}) {
  const size = { cols: 80, rows: options.rows ?? 24, scrollback: options.scrollback ?? 200 };
  let consumed = 0;
  const remote = mirrorThread().open({ ...size, deferMs: 5, deferMaxBytes: 16 * 1024, onConsumed: (n) => (consumed += n) });
  const eager = new HeadlessMirror({ ...size, deferMs: 0 });
  let written = 0;
  for (const chunk of chunks) {
    const data = bytes(chunk);
    written += data.length;
    remote.write(data);
    // The caller may reuse its buffer at once: the mirror copied it.
    data.fill(0x41);
    eager.write(bytes(chunk));
    if (!options.oneTurn) await turn();
  }
  const [captured] = await Promise.all([remote.capture(), new Promise<void>((resolve) => eager.afterPending(resolve))]);
  const result = { remote: captured.snapshot, eager: eager.serialize(), screen: captured.screen, eagerScreen: eager.screen(), written };
  // Everything written is reported consumed (flow control depends on it), shortly after.
  for (let i = 0; i < 200 && consumed < written; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  remote.dispose();
  eager.dispose();
  return { ...result, consumed };
}

describe('the mirror thread', () => {
  it('runs in a worker thread from the sources', () => {
    expect(mirrorThread().inWorker).toBe(true);
  });

  it('always matches eager in-thread parsing (20 random streams, escape sequences split across chunks)', async () => {
    let seed = 4242;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pieces = [
      () => lines(0, 50 + Math.floor(random() * 800)),
      () => '\x1b[3' + Math.floor(random() * 8) + 'm',
      () => '\x1b[0m',
      () => '\x1b[' + (1 + Math.floor(random() * 20)) + 'A',
      () => '\x1b[?1049h',
      () => '\x1b[?1049l',
      () => '\x1b[3;12r',
      () => '\x1b[r',
      () => 'plain without CR\n'.repeat(40),
      () => '\x1b]0;title\x07',
      () => 'ünïcödé ° ©\r\n',
    ];
    for (let run = 0; run < 20; run++) {
      let text = '';
      for (let i = 0; i < 30; i++) text += pieces[Math.floor(random() * pieces.length)]!();
      const chunks: string[] = [];
      for (let i = 0; i < text.length; ) {
        // Up to 128 KB: several frames' worth in one write.
        const size = 500 + Math.floor(random() * 128 * 1024);
        chunks.push(text.slice(i, i + size));
        i += size;
      }
      const result = await compare(chunks, { rows: 10, scrollback: 100 });
      expect(result.remote, `run ${run}`).toBe(result.eager);
      expect(result.screen, `run ${run}`).toEqual(result.eagerScreen);
      expect(result.consumed, `run ${run}`).toBe(result.written);
    }
  }, 120_000);

  it('passes more output than its ring holds in one turn whole and in order (the rest as copies)', async () => {
    const chunks: string[] = [];
    let size = 0;
    for (let i = 0; size <= 1.5 * MIRROR_RING_BYTES; i += 500) {
      const chunk = (i % 1000 === 0 ? '\x1b[3' + ((i / 500) % 8) + 'm' : '') + lines(i, i + 500);
      chunks.push(chunk);
      size += chunk.length;
    }
    const result = await compare(chunks, { rows: 10, scrollback: 100, oneTurn: true });
    expect(result.remote).toBe(result.eager);
    expect(result.remote).toContain(`line ${chunks.length * 500 - 1} `);
    expect(result.consumed).toBe(result.written);
    // The ring is usable again afterwards.
    const again = await compare([lines(0, 3000), lines(3000, 6000)]);
    expect(again.remote).toBe(again.eager);
  });

  it("announces a turn's output of every session in one message, in entries no larger than the flow-control margin", async () => {
    const { port1, port2 } = new MessageChannel();
    const messages: ToMirror[] = [];
    port2.on('message', (message: ToMirror) => messages.push(message));
    const thread = new MirrorThread(port1 as unknown as ConstructorParameters<typeof MirrorThread>[0], false);
    const a = thread.open({ cols: 40, rows: 5 });
    const b = thread.open({ cols: 40, rows: 5 });
    // One turn: 200 KB of session a in 4 KB reads, with one read of b in between.
    for (let i = 0; i < 50; i++) {
      a.write(new Uint8Array(4096).fill(0x61));
      if (i === 25) b.write(bytes('b'));
    }
    // A control message posted in a later turn arrives after every write message of this one
    // (one port, in order): wait for it, not for a time that a loaded machine may overrun.
    await new Promise((resolve) => setImmediate(resolve));
    a.resize(41, 5);
    await vi.waitFor(() => expect(messages.some((message) => message.t === 'resize')).toBe(true), { timeout: 15_000 });
    const writes = messages.filter((message) => message.t === 'write');
    expect(writes).toHaveLength(1);
    const entries = writes[0]!.t === 'write' ? writes[0]!.writes : [];
    const ids = [...new Set(entries.map((entry) => entry.id))];
    expect(ids).toHaveLength(2);
    // In order: a's first 104 KB, b's byte, then the rest of a.
    expect(entries.map((entry) => (entry.id === ids[0] ? 'a' : 'b')).join('')).toMatch(/^a+ba+$/);
    expect(entries.filter((entry) => entry.id === ids[0]).reduce((sum, entry) => sum + entry.length, 0)).toBe(50 * 4096);
    for (const entry of entries) expect(entry.length).toBeLessThanOrEqual(MIRROR_ENTRY_MAX_BYTES);
    a.dispose();
    b.dispose();
    port1.close();
  });

  it('sends write messages at most every MIRROR_WRITE_MESSAGE_MS, sooner past MIRROR_UNANNOUNCED_MAX_BYTES', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { port1, port2 } = new MessageChannel();
    const messages: ToMirror[] = [];
    port2.on('message', (message: ToMirror) => messages.push(message));
    const thread = new MirrorThread(port1 as unknown as ConstructorParameters<typeof MirrorThread>[0], false);
    const a = thread.open({ cols: 40, rows: 5 });
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    /** Sizes of the write messages sent so far: a marker posted on the same port arrives after them. */
    const writeSizes = async () => {
      // (Not vi.waitFor: with fake timers it advances the clock, which would send what waits.)
      const marked = new Promise((resolve) => port2.once('message', function onMessage(message: { t: string }) {
        if (message.t === 'marker') resolve(undefined);
        else port2.once('message', onMessage);
      }));
      port1.postMessage({ t: 'marker' });
      await marked;
      const sizes = messages.filter((message) => message.t === 'write').map((message) => (message.t === 'write' ? message.writes.reduce((sum, entry) => sum + entry.length, 0) : 0));
      messages.length = 0;
      return sizes;
    };
    try {
      // The first turn's output leaves at the end of the turn…
      a.write(bytes('x'));
      await turn();
      // …the next turns' within the period wait for it (the clock does not move here)…
      a.write(bytes('yy'));
      await turn();
      a.write(bytes('zzz'));
      await turn();
      expect(await writeSizes()).toEqual([1]);
      vi.advanceTimersByTime(MIRROR_WRITE_MESSAGE_MS);
      expect(await writeSizes()).toEqual([5]);
      // …unless that much is waiting: then at the end of the turn, period or not.
      a.write(bytes('w'));
      await turn();
      for (let sent = 0; sent < MIRROR_UNANNOUNCED_MAX_BYTES; sent += 32 * 1024) a.write(new Uint8Array(32 * 1024));
      await turn();
      expect(await writeSizes()).toEqual([1 + MIRROR_UNANNOUNCED_MAX_BYTES]);
    } finally {
      vi.useRealTimers();
      a.dispose();
      port1.close();
    }
  });

  it('pushes the visible screen without being asked, and answers resize in order', async () => {
    const remote = mirrorThread().open({ cols: 40, rows: 5, deferMs: 5 });
    remote.write(bytes('hello\r\nworld'));
    let screen = remote.screen();
    for (let i = 0; i < 300 && screen.lines[1] !== 'world'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      screen = remote.screen();
    }
    expect(screen.lines.slice(0, 2)).toEqual(['hello', 'world']);
    remote.resize(3, 5);
    remote.write(bytes('\r\nabcdef'));
    const captured = await remote.capture();
    // Written after the resize to 3 columns: the line wraps.
    expect(captured.screen.lines.slice(-2)).toEqual(['abc', 'def']);
    remote.dispose();
    // A disposed mirror answers at once with what it last knew.
    expect((await remote.capture()).screen.lines.slice(-2)).toEqual(['abc', 'def']);
  });

  it('keeps at most MIRROR_SCROLLBACK_LINES of history above the screen', async () => {
    const remote = mirrorThread().open({ cols: 80, rows: 10, deferMs: 0 });
    const total = MIRROR_SCROLLBACK_LINES * 3;
    remote.write(bytes(Array.from({ length: total }, (_, i) => `\x1b[32m${i + 1}\x1b[0m\r\n`).join('')));
    const { snapshot } = await remote.capture();
    remote.dispose();
    const numbers = (await replay(snapshot, 80, 10)).filter((line) => /^\d+$/.test(line)).map(Number);
    // The newest lines, contiguous up to the last; the scrollback plus the screen (minus the
    // cursor's empty row), never more.
    expect(numbers.at(-1)).toBe(total);
    expect(numbers.length).toBe(MIRROR_SCROLLBACK_LINES + 9);
    expect(numbers[0]).toBe(total - numbers.length + 1);
  });

  it('stops an idle worker and starts a new one for the next session', async () => {
    expect(MIRROR_IDLE_MS).toBeGreaterThan(0);
    setMirrorIdleMs(100);
    try {
      const thread = mirrorThread();
      const remote = thread.open({ cols: 40, rows: 5, deferMs: 0 });
      remote.write(bytes('before\r\n'));
      expect((await remote.capture()).screen.lines[0]).toBe('before');
      // Not while a session is open, however long it is quiet.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(thread.stopped).toBe(false);
      remote.dispose();
      for (let i = 0; i < 300 && !thread.stopped; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(thread.stopped).toBe(true);
      expect(thread.failed).toBe(false);

      const next = mirrorThread();
      expect(next).not.toBe(thread);
      expect(next.inWorker).toBe(true);
      const again = next.open({ cols: 40, rows: 5, deferMs: 0 });
      again.write(bytes('after\r\n'));
      expect((await again.capture()).screen.lines[0]).toBe('after');
      again.dispose();
    } finally {
      setMirrorIdleMs(MIRROR_IDLE_MS);
    }
  }, 60_000);

  it('runs one full collection after a burst of snapshots, none for screen-only captures', async () => {
    const { port1, port2 } = new MessageChannel();
    let collections = 0;
    hostMirrors(port2 as unknown as HostPort, { collect: () => collections++, collectAfterMs: 150 });
    const thread = new MirrorThread(port1 as unknown as ConstructorParameters<typeof MirrorThread>[0], false);
    try {
      const mirrors = [1, 2, 3].map(() => thread.open({ cols: 40, rows: 5, deferMs: 0 }));
      for (const [i, mirror] of mirrors.entries()) mirror.write(bytes(`pane ${i}\r\n`));
      // Screen-only captures (status detection) serialize nothing: no collection.
      await Promise.all(mirrors.map((mirror) => mirror.capture(false)));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(collections).toBe(0);
      // A burst of attaches: one collection once it is over, not one per snapshot.
      const captured = await Promise.all(mirrors.map((mirror) => mirror.capture()));
      expect(captured.map((c) => c.screen.lines[0])).toEqual(['pane 0', 'pane 1', 'pane 2']);
      expect(collections).toBe(0);
      for (let i = 0; i < 100 && collections === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(collections).toBe(1);
      for (const mirror of mirrors) mirror.dispose();
    } finally {
      port1.close();
      port2.close();
    }
  });
});

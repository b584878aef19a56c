import { describe, expect, it } from 'vitest';
import { droppablePrefix, firstUnsafeIndex, lastUnsafeIndex } from '../../../src/main/engine/terminals/mirror-compaction.ts';
import { HeadlessMirror } from '../../../src/main/engine/terminals/headless-mirror.ts';
import { MIRROR_FLOOD_BYTES } from '../../../src/shared/protocol/flow-control.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i} ${'x'.repeat((from + i) % 97)}\r\n`).join('');

describe('firstUnsafeIndex', () => {
  it('finds ESC, SO/SI and UTF-8 encoded C1 controls, and nothing in plain text', () => {
    expect(firstUnsafeIndex(bytes('plain\r\ntext é ° ©\n'))).toBe(bytes('plain\r\ntext é ° ©\n').length);
    expect(firstUnsafeIndex(bytes('ab\x1b[31mc'))).toBe(2);
    expect(firstUnsafeIndex(bytes('abc\x0edef'))).toBe(3);
    expect(firstUnsafeIndex(bytes('a\x0fb'))).toBe(1);
    expect(firstUnsafeIndex(new Uint8Array([0x41, 0xc2, 0x9b, 0x41]))).toBe(1); // U+009B CSI
    expect(firstUnsafeIndex(new Uint8Array([0x41, 0xc2, 0xb0, 0x41]))).toBe(4); // "°" is fine
  });
});

describe('droppablePrefix', () => {
  it('keeps a carriage return followed by the washout count of line feeds', () => {
    const text = bytes(lines(0, 100));
    const cut = droppablePrefix(text, 30);
    expect(cut).toBeGreaterThan(0);
    const kept = new TextDecoder().decode(text.subarray(cut));
    expect(kept.startsWith('\r\n')).toBe(true);
    expect(kept.split('\n').length - 1).toBeGreaterThanOrEqual(30);
    expect(kept.split('\n').length - 1).toBeLessThanOrEqual(31);
  });
  it('drops nothing when there are too few lines, or when state changes come early', () => {
    expect(droppablePrefix(bytes(lines(0, 10)), 30)).toBe(0);
    expect(droppablePrefix(bytes('\x1b[?1049h' + lines(0, 100)), 30)).toBe(0);
    expect(droppablePrefix(bytes(lines(0, 20) + '\x1b[2J' + lines(20, 100)), 30)).toBe(0);
  });
  it('only drops before the first unsafe byte', () => {
    const text = bytes(lines(0, 100) + '\x1b[1;5r' + lines(100, 200));
    const cut = droppablePrefix(text, 30);
    expect(cut).toBeGreaterThan(0);
    expect(cut).toBeLessThan(firstUnsafeIndex(text));
  });
});

/** Feed the same chunks to a lazy and an eager mirror; their serialized screens must match. */
async function compare(chunks: string[], options: { cols?: number; rows?: number; scrollback?: number } = {}) {
  const size = { cols: options.cols ?? 80, rows: options.rows ?? 24, scrollback: options.scrollback ?? 200 };
  const lazy = new HeadlessMirror({ ...size, deferMs: 5, deferMaxBytes: 16 * 1024 });
  const eager = new HeadlessMirror({ ...size, deferMs: 0 });
  let lazyDone = 0;
  for (const chunk of chunks) {
    const data = bytes(chunk);
    lazy.write(data, () => lazyDone++);
    eager.write(data);
    // Output arrives over several event-loop turns, as PTY reads do; xterm parses in between.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await Promise.all([lazy, eager].map((m) => new Promise<void>((resolve) => m.afterPending(resolve))));
  const result = { lazy: lazy.serialize(), eager: eager.serialize(), dropped: lazy.droppedBytes, lazyDone };
  lazy.dispose();
  eager.dispose();
  return result;
}

function chunked(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

describe('HeadlessMirror lazy parsing', () => {
  it('drops most of a plain-text flood and still ends with the exact same screen and scrollback', async () => {
    const flood = 'prompt$ cat big.log\r\n' + lines(0, 5000) + 'prompt$ ';
    const chunks = chunked(flood, 4096);
    const result = await compare(chunks);
    expect(result.lazy).toBe(result.eager);
    expect(result.lazy).toContain('line 4999');
    expect(result.dropped).toBeGreaterThan(flood.length / 2);
    expect(result.lazyDone).toBe(chunks.length);
  });

  it('matches eager parsing with colours, cursor moves, scroll regions and the alternate screen', async () => {
    const parts = [
      '\x1b[31mred\x1b[0m ' + lines(0, 400),
      '\x1b[5;10r' + lines(400, 800) + '\x1b[r',
      lines(800, 1200),
      '\x1b[?1049h' + lines(1200, 1600) + '\x1b[H\x1b[2Jfull screen app',
      '\x1b[?1049l' + lines(1600, 2100),
      'no newline at the end, wrapped '.repeat(10),
      lines(2100, 2600).replace(/\r\n/g, '\n'), // LF only: the column carries over
      '\x1b[10Aup\x1b[10B' + lines(2600, 3000),
    ];
    for (const size of [1000, 7777]) {
      const result = await compare(chunked(parts.join(''), size));
      expect(result.lazy).toBe(result.eager);
    }
  });

  it('keeps state from a colour set before a flood', async () => {
    const result = await compare(chunked('\x1b[1;32m' + lines(0, 3000) + 'still green', 3000));
    expect(result.lazy).toBe(result.eager);
    expect(result.dropped).toBeGreaterThan(0);
  });

  it('reads the screen after a quiet period without anyone asking', async () => {
    const mirror = new HeadlessMirror({ cols: 40, rows: 5, deferMs: 5 });
    // Waiting on the chunk's own "parsed" callback; nothing here flushes or reads with screen().
    const parsed = new Promise<void>((resolve) => mirror.write(bytes('hello\r\n'), resolve));
    expect(mirror.parsedScreen().lines[0]).toBe('');
    await parsed;
    expect(mirror.parsedScreen().lines[0]).toBe('hello');
    mirror.dispose();
  });

  it('waits longer before parsing a flood-sized backlog (a starved stream is not the end of it)', async () => {
    const floodDeferMs = 150;
    const mirror = new HeadlessMirror({ cols: 40, rows: 5, deferMs: 5, floodDeferMs });
    const small = new HeadlessMirror({ cols: 40, rows: 5, deferMs: 5, floodDeferMs });
    const count = Math.ceil(MIRROR_FLOOD_BYTES / 30);
    const flood = bytes(lines(0, count));
    expect(flood.length).toBeGreaterThanOrEqual(MIRROR_FLOOD_BYTES);
    const started = performance.now();
    let floodDone = false;
    const floodParsed = new Promise<number>((resolve) =>
      mirror.write(flood, () => {
        floodDone = true;
        resolve(performance.now() - started);
      }),
    );
    const burstParsed = new Promise<void>((resolve) => small.write(bytes('hello\r\n'), resolve));
    // A burst is parsed after `deferMs`, before the flood's quiet period is over…
    await burstParsed;
    expect(small.parsedScreen().lines[0]).toBe('hello');
    expect(floodDone).toBe(false);
    expect(mirror.parsedScreen().lines.join('')).toBe('');
    // …and the flood only once it has been quiet for `floodDeferMs`, then completely.
    expect(await floodParsed).toBeGreaterThanOrEqual(floodDeferMs - 1);
    expect(mirror.parsedScreen().lines.join('')).toContain(`line ${count - 1} `);
    mirror.dispose();
    small.dispose();
  });

  it('parses the escape sequences of a flood-sized backlog while the stream is idle, keeping its plain tail waiting', async () => {
    const floodDeferMs = 5_000;
    const mirror = new HeadlessMirror({ cols: 40, rows: 5, deferMs: 5, floodDeferMs });
    const coloured = bytes(lines(0, 1500).replace(/line/g, '\x1b[32mline\x1b[0m'));
    const plain = bytes(lines(1500, 3000));
    expect(coloured.length + plain.length).toBeGreaterThanOrEqual(MIRROR_FLOOD_BYTES);
    let plainDone = false;
    const started = performance.now();
    const colouredParsed = new Promise<number>((resolve) => mirror.write(coloured, () => resolve(performance.now() - started)));
    mirror.write(plain, () => (plainDone = true));
    // The coloured part is on the screen long before the flood's quiet period ends…
    expect(await colouredParsed).toBeLessThan(floodDeferMs);
    expect(mirror.parsedScreen().lines.join('')).toContain('line 1499 ');
    // …while the plain tail, which later output could still wash out, waits.
    expect(plainDone).toBe(false);
    mirror.dispose();
  });
});

describe('lastUnsafeIndex', () => {
  it('finds the last state-changing byte', () => {
    expect(lastUnsafeIndex(bytes('plain text\r\n'))).toBe(-1);
    expect(lastUnsafeIndex(bytes('\x1b[31mred\x1b[0m plain'))).toBe(8);
    expect(lastUnsafeIndex(new Uint8Array([0x1b, 0x41, 0xc2, 0x9b, 0x41, 0xc2, 0xb0]))).toBe(2);
  });
});

describe('HeadlessMirror lazy parsing, randomized', () => {
  it('always matches eager parsing (20 random streams, escape sequences split across chunks)', async () => {
    let seed = 12345;
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
    let dropped = 0;
    for (let run = 0; run < 20; run++) {
      let text = '';
      for (let i = 0; i < 30; i++) text += pieces[Math.floor(random() * pieces.length)]!();
      const chunks: string[] = [];
      for (let i = 0; i < text.length; ) {
        const size = 500 + Math.floor(random() * 6000);
        chunks.push(text.slice(i, i + size));
        i += size;
      }
      const result = await compare(chunks, { rows: 10, scrollback: 100 });
      expect(result.lazy, `run ${run}`).toBe(result.eager);
      dropped += result.dropped;
    }
    // The streams must actually exercise dropping, or this test proves nothing.
    expect(dropped).toBeGreaterThan(100_000);
  }, 60_000);
});

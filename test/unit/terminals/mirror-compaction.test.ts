import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  droppablePrefix,
  firstUnsafeIndex,
  foldedSgr,
  lastUnsafeIndex,
  sgrLength,
} from '../../../src/main/engine/terminals/mirror-compaction.ts';
import headless from '@xterm/headless';
import { HeadlessMirror } from '../../../src/main/engine/terminals/headless-mirror.ts';
import { MIRROR_FLOOD_BYTES } from '../../../src/shared/protocol/flow-control.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const lines = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${from + i} ${'x'.repeat((from + i) % 97)}\r\n`).join('');

describe('firstUnsafeIndex', () => {
  it('finds ESC, SO/SI and UTF-8 encoded C1 controls, and nothing in plain text', () => {
    expect(firstUnsafeIndex(bytes('plain\r\ntext é ° ©\n'))).toBe(bytes('plain\r\ntext é ° ©\n').length);
    expect(firstUnsafeIndex(bytes('ab\x1b[?1049hc'))).toBe(2);
    expect(firstUnsafeIndex(bytes('ab\x1b]0;title\x07c'))).toBe(2);
    expect(firstUnsafeIndex(bytes('abc\x0edef'))).toBe(3);
    expect(firstUnsafeIndex(bytes('a\x0fb'))).toBe(1);
    expect(firstUnsafeIndex(new Uint8Array([0x41, 0xc2, 0x9b, 0x41]))).toBe(1); // U+009B CSI
    expect(firstUnsafeIndex(new Uint8Array([0x41, 0xc2, 0xb0, 0x41]))).toBe(4); // "°" is fine
  });

  it('passes over colour and style changes (SGR), but no other CSI sequence', () => {
    const sgr = 'ab\x1b[31mc\x1b[mD\x1b[1;38;2;10;20;30me\x1b[4:3;58:2::255:0:0mf\x1b[0m';
    expect(firstUnsafeIndex(bytes(sgr))).toBe(bytes(sgr).length);
    expect(firstUnsafeIndex(bytes('ab\x1b[31mc\x1b[2Kd'))).toBe(8); // erase line after a colour
    expect(firstUnsafeIndex(bytes('ab\x1b[>4;2m'))).toBe(2); // XTMODKEYS: a private marker, not SGR
    expect(firstUnsafeIndex(bytes('ab\x1b[31'))).toBe(2); // cut off at the end of the backlog
    expect(firstUnsafeIndex(bytes('ab\x1b[3\r1m'))).toBe(2); // a control inside: not taken as one
    expect(firstUnsafeIndex(bytes(`ab\x1b[${'1;'.repeat(40)}m`))).toBe(2); // longer than we fold
  });
});

describe('sgrLength', () => {
  it('measures exactly ESC [ digits/;/: m', () => {
    expect(sgrLength(bytes('\x1b[m'), 0)).toBe(3);
    expect(sgrLength(bytes('x\x1b[1;32mx'), 1)).toBe(7);
    expect(sgrLength(bytes('\x1b[4:3m'), 0)).toBe(6);
    expect(sgrLength(bytes('\x1b[?25h'), 0)).toBe(0);
    expect(sgrLength(bytes('\x1bM'), 0)).toBe(0);
    expect(sgrLength(bytes('plain'), 0)).toBe(0);
  });
});

describe('foldedSgr', () => {
  it('keeps each distinct sequence once, at its last occurrence', () => {
    const text = bytes('\x1b[31ma\x1b[1m\r\n\x1b[32mb\x1b[4m\r\n\x1b[31mc\x1b[1m\r\nrest \x1b[35m');
    const end = new TextDecoder().decode(text).indexOf('rest');
    expect(new TextDecoder().decode(foldedSgr(text, end))).toBe('\x1b[32m\x1b[4m\x1b[31m\x1b[1m');
    expect(foldedSgr(bytes('plain\r\n'), 7).length).toBe(0);
  });

  it('starts from the last full reset', () => {
    const fold = (text: string) => new TextDecoder().decode(foldedSgr(bytes(text), bytes(text).length));
    expect(fold('\x1b[31ma\x1b[4m b\x1b[0m c\x1b[33md')).toBe('\x1b[0m\x1b[33m');
    expect(fold('\x1b[31ma\x1b[m b\x1b[1m')).toBe('\x1b[m\x1b[1m');
    expect(fold('\x1b[31ma\x1b[0;32m b')).toBe('\x1b[0;32m');
    expect(fold('\x1b[31ma\x1b[;32m b')).toBe('\x1b[;32m');
    // 01 and 00 are not taken for a reset (harmless: the fold then just starts earlier).
    expect(fold('\x1b[31ma\x1b[01m b')).toBe('\x1b[31m\x1b[01m');
  });

  it('refuses a prefix that holds another escape sequence (the caller must never drop one)', () => {
    expect(() => foldedSgr(bytes('a\x1b[2Jb'), 5)).toThrow(/other than SGR/);
  });

  it('leaves a fresh terminal with the same attributes as the sequences it folds (random SGR streams)', async () => {
    const parameter = fc.constantFrom(
      '0', '', '1', '2', '3', '4', '4:3', '5', '7', '8', '9', '21', '22', '23', '24', '25', '27', '28', '29',
      '31', '42', '93', '104', '39', '49', '38;5;196', '48;5;21', '38;2;1;2;3', '48:2::9:8:7', '58;5;3', '58:2::1:1:1',
      '59', '53', '55', '100', '4:4', '4:5', '4:0', '38:5:9', '58;2;4;5;6', '0;33', ';35', '00', '01',
    );
    const sequence = fc.array(parameter, { minLength: 1, maxLength: 3 }).map((list) => `\x1b[${list.join(';')}m`);
    await fc.assert(
      fc.asyncProperty(fc.array(sequence, { minLength: 1, maxLength: 30 }), async (sequences) => {
        // The attributes a sequence leaves show in the cell printed after it.
        const original = sequences.join('') + 'X';
        const folded = new TextDecoder().decode(foldedSgr(bytes(sequences.join('')), bytes(sequences.join('')).length)) + 'X';
        const [a, b] = await Promise.all([original, folded].map((text) => attributesAfter(text)));
        expect(b).toBe(a);
      }),
      { numRuns: 200 },
    );
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

/**
 * The text attributes xterm holds after parsing `text`: the parser's current attributes, read from
 * xterm's internals because the public API shows only what a cell's colours look like, not every
 * field (underline style and colour, overline) that the next printed character takes.
 */
async function attributesAfter(text: string): Promise<string> {
  const terminal = new headless.Terminal({ cols: 20, rows: 2, allowProposedApi: true });
  await new Promise<void>((resolve) => terminal.write(text, resolve));
  type Attr = { fg: number; bg: number; extended: { _ext: number; _urlId: number } };
  const current = (terminal as unknown as { _core: { _inputHandler: { _curAttrData: Attr } } })._core._inputHandler._curAttrData;
  const result = JSON.stringify([current.fg, current.bg, current.extended._ext, current.extended._urlId]);
  terminal.dispose();
  return result;
}

/** Feed the same chunks to a lazy and an eager mirror; their serialized screens must match. */
async function compare(chunks: string[], options: { cols?: number; rows?: number; scrollback?: number; deferMs?: number } = {}) {
  const size = { cols: options.cols ?? 80, rows: options.rows ?? 24, scrollback: options.scrollback ?? 200 };
  const lazy = new HeadlessMirror({ ...size, deferMs: options.deferMs ?? 5, deferMaxBytes: 16 * 1024 });
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

  it('drops most of a coloured flood too, replaying its colour changes folded', async () => {
    const line = (i: number) =>
      `\x1b[1;3${i % 8}m[tag ${i}]\x1b[0m line ${i} \x1b[38;2;${i % 256};9;9m${'y'.repeat(i % 40)}\x1b[39m\x1b[4:3m\r\n`;
    const flood = 'prompt$ build\r\n' + Array.from({ length: 5000 }, (_, i) => line(i)).join('') + '\x1b[33mstill yellow';
    // No quiet period ends during the feed (a loaded machine's pauses would otherwise have it
    // parsed): dropping is driven by the backlog's size alone.
    const result = await compare(chunked(flood, 4096), { deferMs: 60_000 });
    expect(result.lazy).toBe(result.eager);
    expect(result.lazy).toContain('line 4999');
    expect(result.dropped).toBeGreaterThan(flood.length / 2);
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
    // Erase-to-end-of-line, as progress output writes: a change a later flood cannot wash out.
    const coloured = bytes(lines(0, 1500).replace(/line/g, '\x1b[Kline'));
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
    expect(lastUnsafeIndex(bytes('\x1b[31mred\x1b[0m plain'))).toBe(-1);
    expect(lastUnsafeIndex(bytes('\x1b[2Kred\x1b[0m plain'))).toBe(0);
    // A colour change cut off at the end of a chunk is not taken for another sequence…
    expect(lastUnsafeIndex(bytes('\x1b[2Kred\x1b[0m plain\x1b[38;5'))).toBe(0);
    expect(lastUnsafeIndex(bytes('red plain\x1b'))).toBe(-1);
    // …but anything that cannot become one is.
    expect(lastUnsafeIndex(bytes('red plain\x1b[?2'))).toBe(9);
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
      () => '\x1b[m',
      () => '\x1b[4:3;58:2::200:10:10m',
      () => '\x1b[38;2;' + Math.floor(random() * 256) + ';1;2m',
      () => lines(0, 50 + Math.floor(random() * 800)).replace(/line/g, () => `\x1b[${Math.floor(random() * 108)}mline`),
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

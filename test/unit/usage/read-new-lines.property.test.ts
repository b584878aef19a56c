/**
 * The line reader against a plain reference (split the whole file on `\n`), for generated files
 * and read sizes: lines longer than one and than two reads, multi-byte UTF-8 across read
 * boundaries, CRLF, a last line without its newline, a half-written line completed by a later
 * append; and the Claude path, whose parser cuts `message.content` out of the read buffer in place
 * while the reader carries the unfinished line to the other buffer.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNewLines } from '../../../src/main/engine/usage/tail/read-new-lines.ts';
import { BufferPool } from '../../../src/main/engine/usage/tail/buffer-pool.ts';
import { parseClaudeLine, STRIP_MIN_BYTES } from '../../../src/main/engine/usage/sources/claude-line.ts';
import { CLAUDE_NEEDLES } from '../../../src/main/engine/usage/sources/claude-parser.ts';
import { tempDir } from './fixtures.ts';

let root = '';
let cleanup: () => Promise<void> = async () => undefined;
beforeAll(async () => ({ root, cleanup } = await tempDir()));
afterAll(() => cleanup());

/** Text with the characters that matter: multi-byte UTF-8 of every width, quotes, backslashes. */
const text = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom('a', 'b', ' ', '"', '\\', 'ü', '✓', '日', '🎉', '{', ']', '\t'), maxLength });

/** One JSON line: short, or long enough to span several reads of the sizes below. */
const line = fc.record({
  n: fc.nat(),
  t: fc.oneof({ weight: 4, arbitrary: text(40) }, { weight: 1, arbitrary: text(900) }),
});

let files = 0;
async function fileOf(content: Buffer | string): Promise<string> {
  const file = path.join(root, `f${files++}.jsonl`);
  await writeFile(file, content);
  return file;
}

async function readValues(file: string, offset: number, chunkBytes: number, pool: BufferPool) {
  const values: unknown[] = [];
  const result = await readNewLines(file, offset, { needles: null, onValue: (v) => values.push(v), chunkBytes, pool });
  return { values, result };
}

describe('readNewLines (generated files, every read size)', () => {
  it('yields exactly the complete lines, in order, whatever the read size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 30 }),
        fc.integer({ min: 16, max: 300 }),
        fc.boolean(),
        fc.boolean(),
        async (rows, chunkBytes, crlf, finalNewline) => {
          const eol = crlf ? '\r\n' : '\n';
          const body = rows.map((r) => JSON.stringify(r)).join(eol) + (rows.length > 0 && finalNewline ? eol : '');
          const file = await fileOf(body);
          const { values, result } = await readValues(file, 0, chunkBytes, new BufferPool());
          // A complete last line without its newline counts too (it is a whole JSON value).
          expect(values).toEqual(rows);
          expect(result.offset).toBe(Buffer.byteLength(body));
          expect(result.bytesRead).toBe(Buffer.byteLength(body));
          expect(result.corrupt).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps a line cut anywhere (inside a UTF-8 character too) until the rest is appended', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 16, max: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (rows, chunkBytes, where) => {
          const bytes = Buffer.from(rows.map((r) => JSON.stringify(r) + '\n').join(''));
          const cut = Math.floor(where * bytes.length);
          const file = await fileOf(bytes.subarray(0, cut));
          const pool = new BufferPool();
          const first = await readValues(file, 0, chunkBytes, pool);
          await appendFile(file, bytes.subarray(cut));
          const second = await readValues(file, first.result.offset, chunkBytes, pool);
          expect([...first.values, ...second.values]).toEqual(rows);
          expect(second.result.offset).toBe(bytes.length);
          expect(first.result.corrupt + second.result.corrupt).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads lines of 100–300 KB (whole files on one line) at a 64 KB read size', async () => {
    const big = (n: number, fill: string) => JSON.stringify({ n, t: fill.repeat(Math.ceil(n / fill.length)).slice(0, n) });
    const rows = [big(100_000, 'ab✓'), big(10, 'x'), big(300_000, '日本"\\'), big(64 * 1024 - 20, 'y'), big(200_000, '🎉 ')];
    const file = await fileOf(rows.join('\n') + '\n');
    const pool = new BufferPool();
    const { values, result } = await readValues(file, 0, 64 * 1024, pool);
    expect(values).toEqual(rows.map((r) => JSON.parse(r)));
    expect(result.corrupt).toBe(0);
    // The pooled buffers went back; the ones grown for the long lines were dropped.
    expect(pool.held(64 * 1024)).toBe(1);
    expect(pool.held(128 * 1024)).toBeLessThanOrEqual(2);
  });
});

describe('the Claude path: content cut in place while lines are carried between buffers', () => {
  const assistant = (i: number, blocks: { type: string; text: string }[], pad: string) => ({
    parentUuid: pad,
    type: 'assistant',
    sessionId: 's',
    message: { id: `msg_${i}`, model: 'claude-sonnet-4-5-20250929', content: blocks, usage: { input_tokens: i, output_tokens: 2 * i } },
    timestamp: '2026-09-10T08:00:00.000Z',
  });

  it('parses every usage row (content emptied when large) and nothing else, for any read size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            usage: fc.boolean(),
            blocks: fc.array(fc.record({ type: fc.constantFrom('text', 'thinking'), text: text(600) }), { maxLength: 3 }),
            pad: text(30),
          }),
          { maxLength: 20 },
        ),
        fc.integer({ min: 64, max: 700 }),
        async (specs, chunkBytes) => {
          const rows = specs.map((s, i) =>
            s.usage ? assistant(i, s.blocks, s.pad) : { type: 'user', message: { content: s.blocks }, uuid: s.pad },
          );
          const file = await fileOf(rows.map((r) => JSON.stringify(r) + '\n').join(''));
          const values: unknown[] = [];
          const result = await readNewLines(file, 0, {
            needles: CLAUDE_NEEDLES,
            parse: parseClaudeLine,
            onValue: (v) => values.push(v),
            chunkBytes,
            pool: new BufferPool(),
          });
          const want = specs.flatMap((s, i) => {
            if (!s.usage) return [];
            const row = assistant(i, s.blocks, s.pad);
            const large = Buffer.byteLength(JSON.stringify(s.blocks)) > STRIP_MIN_BYTES;
            return [large ? { ...row, message: { ...row.message, content: [] } } : row];
          });
          expect(values).toEqual(want);
          expect(result.corrupt).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});

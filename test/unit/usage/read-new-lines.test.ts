/**
 * The byte-offset line reader: partial lines, CRLF, split UTF-8, missing final newline, corrupt
 * lines, the needle prefilter and lines longer than the read buffer (agent-logs.md §5.1, §7.2).
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readNewLines } from '../../../src/main/engine/usage/tail/read-new-lines.ts';
import { BufferPool } from '../../../src/main/engine/usage/tail/buffer-pool.ts';
import { FIXTURES, expected, tempDir } from './fixtures.ts';

const P = path.join(FIXTURES, 'partial');
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

interface Row {
  message: { id: string; content: { text: string }[]; usage: { input_tokens: number; output_tokens: number } };
}

async function readAll(file: string, offset = 0, needles: Buffer[] | null = null, chunkBytes?: number) {
  const rows: Row[] = [];
  const result = await readNewLines(file, offset, {
    needles,
    onValue: (v) => rows.push(v as Row),
    ...(chunkBytes ? { chunkBytes } : {}),
  });
  const sum = (f: (r: Row) => number) => rows.reduce((s, r) => s + f(r), 0);
  return {
    rows,
    result,
    requests: rows.length,
    inputTokens: sum((r) => r.message.usage.input_tokens),
    outputTokens: sum((r) => r.message.usage.output_tokens),
  };
}

describe('readNewLines', () => {
  it('reads CRLF files and strips the carriage returns', async () => {
    const want = (await expected('partial'))['crlf.jsonl'];
    const got = await readAll(path.join(P, 'crlf.jsonl'));
    expect({ requests: got.requests, inputTokens: got.inputTokens, outputTokens: got.outputTokens, corruptLines: got.result.corrupt }).toEqual(want);
    expect(got.result.offset).toBe((await readFile(path.join(P, 'crlf.jsonl'))).length);
  });

  it('counts a complete last line without a final newline, and ignores the newline that arrives later', async () => {
    const want = (await expected('partial'))['no-final-newline.jsonl'];
    const { root, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const file = path.join(root, 'x.jsonl');
    await writeFile(file, await readFile(path.join(P, 'no-final-newline.jsonl')));
    const first = await readAll(file);
    expect({ requests: first.requests, inputTokens: first.inputTokens, outputTokens: first.outputTokens, corruptLines: first.result.corrupt }).toEqual(want);
    await appendFile(file, '\n');
    const again = await readAll(file, first.result.offset);
    expect(again.requests).toBe(0);
    expect(again.result.corrupt).toBe(0);
  });

  it('keeps a half-written line until its newline arrives', async () => {
    const want = (await expected('partial'))['half-line.jsonl'];
    const { root, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const file = path.join(root, 'x.jsonl');
    await writeFile(file, await readFile(path.join(P, 'half-line.jsonl')));
    const first = await readAll(file);
    expect({ requests: first.requests, inputTokens: first.inputTokens, outputTokens: first.outputTokens }).toEqual(want.beforeCompletion);
    expect(first.result.corrupt).toBe(0);
    const rest = await readFile(path.join(P, 'half-line.rest'));
    expect(rest.length - 1).toBe(want.secondHalfBytes);
    await appendFile(file, rest);
    const second = await readAll(file, first.result.offset);
    expect({
      requests: first.requests + second.requests,
      inputTokens: first.inputTokens + second.inputTokens,
      outputTokens: first.outputTokens + second.outputTokens,
    }).toEqual(want.afterCompletion);
  });

  it('never mangles a UTF-8 character split across two appends (every split point)', async () => {
    const want = (await expected('partial'))['split-utf8.jsonl'];
    const bytes = await readFile(path.join(P, 'split-utf8.jsonl'));
    const { root, cleanup } = await tempDir();
    cleanups.push(cleanup);
    // Split inside every multi-byte character of the first line.
    const firstLineEnd = bytes.indexOf(0x0a);
    let splits = 0;
    for (let cut = 1; cut < firstLineEnd; cut++) {
      if ((bytes[cut]! & 0xc0) !== 0x80) continue; // only cuts inside a character
      splits += 1;
      const file = path.join(root, `s${cut}.jsonl`);
      await writeFile(file, bytes.subarray(0, cut));
      const a = await readAll(file);
      await appendFile(file, bytes.subarray(cut));
      const b = await readAll(file, a.result.offset);
      const rows = [...a.rows, ...b.rows];
      expect(rows.map((r) => r.message.content[0]!.text)).toEqual(want.texts);
      expect(a.result.corrupt + b.result.corrupt).toBe(0);
    }
    expect(splits).toBeGreaterThan(10);
  });

  it('reads nothing from an empty file', async () => {
    const got = await readAll(path.join(P, 'empty.jsonl'));
    expect(got.requests).toBe(0);
    expect(got.result.offset).toBe(0);
  });

  it('skips and counts a corrupt complete line, never throws', async () => {
    const { root, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const file = path.join(root, 'x.jsonl');
    const good = '{"message":{"id":"a","content":[{"text":"t"}],"usage":{"input_tokens":1,"output_tokens":2}}}';
    await writeFile(file, `${good}\n{"message":{"usage":{"inp\n${good}\n`);
    const got = await readAll(file);
    expect(got.requests).toBe(2);
    expect(got.result.corrupt).toBe(1);
  });

  it('parses only lines containing a needle, and handles lines longer than the buffer', async () => {
    const { root, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const file = path.join(root, 'x.jsonl');
    const big = 'x'.repeat(50_000);
    const lines = [
      JSON.stringify({ kind: 'noise', text: big }),
      JSON.stringify({ kind: 'hit', usage: 1, text: big }),
      '{"kind":"noise but corrupt',
      JSON.stringify({ kind: 'hit', usage: 2 }),
      JSON.stringify({ kind: 'noise', text: 'the \\"usage\\" word escaped' }),
    ];
    await writeFile(file, lines.join('\n') + '\n');
    const seen: unknown[] = [];
    const result = await readNewLines(file, 0, { needles: [Buffer.from('"usage"')], onValue: (v) => seen.push(v), chunkBytes: 4096 });
    expect(seen.map((v) => (v as { usage: number }).usage)).toEqual([1, 2]);
    expect(result.corrupt).toBe(0); // the corrupt line has no needle: never parsed
  });

  it('reuses pooled buffers across files and never pools a buffer grown for a long line', async () => {
    const { root, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const pool = new BufferPool();
    const long = JSON.stringify({ usage: 1, text: 'y'.repeat(20_000) });
    const files = [0, 1, 2].map((i) => path.join(root, `f${i}.jsonl`));
    for (const file of files) await writeFile(file, `${long}\n{"usage":2}\n${'{"noise":1}\n'.repeat(300)}`);
    for (const file of files) {
      const seen: number[] = [];
      await readNewLines(file, 0, { needles: [Buffer.from('"usage"')], onValue: (v) => seen.push((v as { usage: number }).usage), chunkBytes: 1024, pool });
      expect(seen).toEqual([1, 2]);
      // The read buffer and the work buffer the long line did not outgrow are back in the pool
      // after every file: reused, not piling up.
      expect([pool.held(1024), pool.held(2048)]).toEqual([1, 1]);
    }
    expect(pool.held(32_768)).toBe(0); // the grown work buffer is dropped, not kept
  });

  it('parses a file that fits one read where it was read: no work buffer', async () => {
    const { root, cleanup } = await tempDir();
    cleanups.push(cleanup);
    const pool = new BufferPool();
    const file = path.join(root, 'small.jsonl');
    await writeFile(file, '{"usage":1}\n{"usage":2}\n{"usage":3}');
    const seen: number[] = [];
    const result = await readNewLines(file, 0, { needles: [Buffer.from('"usage"')], onValue: (v) => seen.push((v as { usage: number }).usage), chunkBytes: 1024, pool });
    expect(seen).toEqual([1, 2, 3]);
    expect(result.offset).toBe(35);
    expect([pool.held(1024), pool.held(2048)]).toEqual([1, 0]);
  });
});

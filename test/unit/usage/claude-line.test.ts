/**
 * Claude rows parsed without their bulky content: the same value as a full parse with
 * `message.content` emptied, whatever the content holds (quotes, backslashes, escapes, unicode,
 * a `"content":` key of its own); limit rows and malformed lines keep their full-parse behaviour.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClaudeLine, skipJsonValue, STRIP_MIN_BYTES } from '../../../src/main/engine/usage/sources/claude-line.ts';

const row = (content: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'assistant',
  sessionId: 's',
  ...extra,
  message: { id: 'msg_1', model: 'claude-sonnet-4-5-20250929', content, usage: { input_tokens: 3, output_tokens: 9 } },
  timestamp: '2026-09-10T08:00:00.000Z',
});
const parse = (line: string) => {
  const buffer = Buffer.from(`garbage before\n${line}\nafter`);
  const start = buffer.indexOf('\n') + 1;
  const end = start + Buffer.byteLength(line);
  const value = parseClaudeLine(buffer, start, end);
  // It may rewrite the row in place (the reader never reads a row twice), never the bytes around it.
  expect(buffer.toString('utf8', 0, start)).toBe('garbage before\n');
  expect(buffer.toString('utf8', end)).toBe('\nafter');
  return value;
};

describe('parseClaudeLine', () => {
  it('equals a full parse with the content emptied, for any content', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '"', '\\', '\n', 'ü', '✓', '日', '🎉', '{', '}', '[', ']', ',', ':', '"content":', 'u00fc'), minLength: 0, maxLength: 3000 });
    fc.assert(
      fc.property(fc.array(fc.record({ type: fc.constantFrom('text', 'thinking', 'tool_use'), text, input: fc.record({ content: text }) }), { maxLength: 4 }), (blocks) => {
        const value = row(blocks);
        const line = JSON.stringify(value);
        const got = parse(line) as ReturnType<typeof row>;
        const big = Buffer.byteLength(JSON.stringify(blocks)) > STRIP_MIN_BYTES;
        expect(got).toEqual(big ? { ...value, message: { ...value.message, content: [] } } : value);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the content of limit rows, and reports a malformed line as an error', () => {
    const limit = row([{ type: 'text', text: `You've hit your limit · resets 3pm (Europe/Berlin) ${'x'.repeat(5000)}` }], { isApiErrorMessage: true });
    expect(parse(JSON.stringify(limit))).toEqual(limit);
    const line = JSON.stringify(row([{ type: 'text', text: 'y'.repeat(5000) }]));
    expect(() => parse(line.slice(0, -30))).toThrow();
  });

  it('finds the end of strings after runs of backslashes', () => {
    const b = Buffer.from('"a\\\\" ,"b\\\\\\"c"');
    expect(skipJsonValue(b, 0, b.length)).toBe(5);
    expect(skipJsonValue(b, 7, b.length)).toBe(b.length);
    expect(skipJsonValue(Buffer.from('[1,"]",{"x":[2]}]x'), 0, 18)).toBe(17);
    expect(skipJsonValue(Buffer.from('["unterminated'), 0, 14)).toBe(-1);
  });
});

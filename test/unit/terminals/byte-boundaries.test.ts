import { describe, expect, it } from 'vitest';
import {
  incompleteEscapeStart,
  incompleteUtf8TailLength,
  safeCutIndex,
} from '../../../src/main/engine/terminals/byte-boundaries.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const raw = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('incompleteUtf8TailLength', () => {
  it('is 0 for ASCII and for complete multi-byte characters', () => {
    expect(incompleteUtf8TailLength(bytes('hello'))).toBe(0);
    expect(incompleteUtf8TailLength(bytes('é'))).toBe(0);
    expect(incompleteUtf8TailLength(bytes('€'))).toBe(0);
    expect(incompleteUtf8TailLength(bytes('a😀'))).toBe(0);
    expect(incompleteUtf8TailLength(new Uint8Array(0))).toBe(0);
  });

  it('counts every prefix of a multi-byte character as incomplete', () => {
    for (const char of ['é', '€', '😀']) {
      const encoded = bytes(`ab${char}`);
      for (let cut = 1; cut < bytes(char).length; cut++) {
        expect(incompleteUtf8TailLength(encoded.subarray(0, 2 + cut))).toBe(cut);
      }
    }
  });

  it('does not hold back stray continuation bytes or invalid lead bytes', () => {
    expect(incompleteUtf8TailLength(raw(0x61, 0x80, 0x80, 0x80, 0x80))).toBe(0);
    expect(incompleteUtf8TailLength(raw(0x61, 0xff))).toBe(0);
  });

  it('honours an explicit end', () => {
    const euro = bytes('x€');
    expect(incompleteUtf8TailLength(euro, 2)).toBe(1);
    expect(incompleteUtf8TailLength(euro, 3)).toBe(2);
  });
});

describe('incompleteEscapeStart', () => {
  const start = (text: string, max?: number): number => incompleteEscapeStart(bytes(text), undefined, max);

  it('returns the end when the data ends outside a sequence', () => {
    expect(start('plain text')).toBe(10);
    expect(start('red \x1b[31mtext\x1b[0m')).toBe(17);
    expect(start('\x1b]0;title\x07rest')).toBe(14);
    expect(start('\x1b]0;title\x1b\\')).toBe(11);
    expect(start('\x1b(B')).toBe(3);
    expect(start('\x1b7')).toBe(2);
  });

  it('finds an unfinished CSI, OSC, DCS or charset sequence', () => {
    expect(start('abc\x1b')).toBe(3);
    expect(start('abc\x1b[')).toBe(3);
    expect(start('abc\x1b[38;5;1')).toBe(3);
    expect(start('abc\x1b[?2004')).toBe(3);
    expect(start('abc\x1b]0;my title')).toBe(3);
    expect(start('abc\x1bP1$r')).toBe(3);
    expect(start('abc\x1b(')).toBe(3);
  });

  it('treats an OSC whose ST has only half arrived as unfinished from the ST', () => {
    // The last ESC starts the ST; the OSC before it is already out, which is as good as it gets
    // without unbounded look-behind.
    expect(start('ab\x1b]0;t\x1b')).toBe(7);
  });

  it('treats CAN and SUB as ending a sequence', () => {
    expect(start('\x1b[31\x18x')).toBe(6);
    expect(start('\x1b]0;ti\x1a')).toBe(7);
  });

  it('does not hold back a sequence longer than the limit', () => {
    const long = `\x1bP${'#'.repeat(2000)}`;
    expect(start(long, 1024)).toBe(long.length);
    expect(start(`x\x1b]0;${'t'.repeat(100)}`, 1024)).toBe(1);
  });
});

describe('safeCutIndex', () => {
  it('cuts before an incomplete character or sequence, whichever comes first', () => {
    const euro = bytes('ok€');
    expect(safeCutIndex(euro.subarray(0, 4))).toBe(2);
    expect(safeCutIndex(bytes('ok\x1b[3'))).toBe(2);
    // A title with a half-arrived character is still inside its unfinished OSC.
    const title = bytes('ok\x1b]0;€');
    expect(safeCutIndex(title.subarray(0, title.length - 1))).toBe(2);
    expect(safeCutIndex(bytes('all good\r\n'))).toBe(10);
  });
});

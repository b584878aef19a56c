import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MirrorBacklog } from '../../../src/main/engine/terminals/mirror-backlog.ts';
import { firstUnsafeIndex, lastUnsafeIndex } from '../../../src/main/engine/terminals/mirror-compaction.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (view: Uint8Array) => new TextDecoder().decode(view);

describe('MirrorBacklog', () => {
  it('resumes its scan where it stopped and agrees with a full scan (random chunks, sequences split anywhere)', () => {
    const piece = fc.constantFrom('text ', 'line\r\n', '\x1b[31m', '\x1b[0m', '\x1b[1;38;2;1;2;3m', '\x1b[2K', '\x1b]0;t\x07', '°', '\x0e');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }), (pieces, sizes) => {
        const all = bytes(pieces.join(''));
        const backlog = new MirrorBacklog(() => true);
        let offset = 0;
        for (let index = 0; offset < all.length; index++) {
          const size = sizes[index % sizes.length]!;
          backlog.append(all.subarray(offset, offset + size));
          offset += size;
          // Asked after every chunk, as the mirror does when its backlog is full.
          expect(backlog.firstUnsafe()).toBe(firstUnsafeIndex(backlog.view()));
          expect(backlog.lastUnsafe()).toBe(lastUnsafeIndex(backlog.view()));
        }
        expect(text(backlog.view())).toBe(pieces.join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('drops a prefix in place, putting the replay in front of what it keeps, and runs the callbacks of dropped bytes', () => {
    const backlog = new MirrorBacklog(() => true);
    const done: string[] = [];
    backlog.append(bytes('\x1b[31mred\r\n'), () => done.push('first'));
    backlog.append(bytes('more\r\n'), () => done.push('second'));
    backlog.append(bytes('kept'), () => done.push('third'));
    const cut = text(backlog.view()).indexOf('more');
    backlog.drop(cut + 'more\r\n'.length, bytes('\x1b[31m'));
    expect(done).toEqual(['first', 'second']);
    expect(text(backlog.view())).toBe('\x1b[31mkept');
    const taken = backlog.take(backlog.bytes);
    expect(text(taken.chunk)).toBe('\x1b[31mkept');
    taken.done.forEach((callback) => callback());
    expect(done).toEqual(['first', 'second', 'third']);
    expect(backlog.bytes).toBe(0);
  });

  it('never overwrites bytes handed to the parser while something is being parsed', () => {
    let parsing = true;
    const backlog = new MirrorBacklog(() => !parsing);
    backlog.append(bytes('a'.repeat(10_000)));
    backlog.append(bytes('b'.repeat(5_000)));
    const taken = backlog.take(10_000);
    // Growing past the buffer while the taken bytes are still queued in xterm: a new buffer.
    backlog.append(bytes('c'.repeat(20_000)));
    expect(text(taken.chunk)).toBe('a'.repeat(10_000));
    expect(text(backlog.view())).toBe('b'.repeat(5_000) + 'c'.repeat(20_000));
    // Once parsed, the space is reused by moving what is left to the front.
    parsing = false;
    const second = backlog.take(25_000);
    expect(second.chunk.length).toBe(25_000);
    backlog.append(bytes('d'.repeat(100)));
    expect(text(backlog.view())).toBe('d'.repeat(100));
  });

  it('keeps an empty write as a point in the stream (its callback waits for the bytes before it)', () => {
    const backlog = new MirrorBacklog(() => true);
    const order: string[] = [];
    backlog.append(bytes('abc'));
    backlog.append(new Uint8Array(0), () => order.push('mark'));
    expect(backlog.waiting).toBe(true);
    const taken = backlog.take(backlog.bytes);
    expect(taken.done).toHaveLength(1);
    expect(backlog.waiting).toBe(false);
  });
});

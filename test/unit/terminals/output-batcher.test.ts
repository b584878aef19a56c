import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutputBatcher } from '../../../src/main/engine/terminals/output-batcher.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const batchers: OutputBatcher[] = [];

function collect(options: { flushMs?: number; maxBytes?: number } = {}): { batcher: OutputBatcher; frames: Uint8Array[] } {
  const frames: Uint8Array[] = [];
  const batcher = new OutputBatcher({ onFlush: (chunk) => frames.push(chunk.slice()), ...options });
  batchers.push(batcher);
  return { batcher, frames };
}

afterEach(() => {
  for (const batcher of batchers.splice(0)) batcher.dispose();
});

describe('OutputBatcher', () => {
  it('sends output after a quiet period at once, and coalesces the reads that follow', () => {
    // Fake timers (and a fake performance.now): the batching window is checked to the millisecond.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      const { batcher, frames } = collect({ flushMs: 300 });
      vi.advanceTimersByTime(300); // quiet since it was made
      batcher.push(encoder.encode('echo'));
      expect(frames.map((frame) => decoder.decode(frame))).toEqual(['echo']);
      for (const part of ['a', 'b', 'c']) batcher.push(encoder.encode(part));
      vi.advanceTimersByTime(299);
      expect(frames).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(frames.map((frame) => decoder.decode(frame))).toEqual(['echo', 'abc']);
      // Quiet again: the next keystroke echo goes out immediately too.
      vi.advanceTimersByTime(300);
      batcher.push(encoder.encode('x'));
      expect(frames.map((frame) => decoder.decode(frame))).toEqual(['echo', 'abc', 'x']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('flushes at once when the size cap is reached', () => {
    const { batcher, frames } = collect({ flushMs: 10_000, maxBytes: 8 });
    batcher.push(encoder.encode('0'));
    batcher.push(encoder.encode('12345'));
    expect(frames.map((frame) => decoder.decode(frame))).toEqual(['0']);
    batcher.push(encoder.encode('6789'));
    expect(frames.map((frame) => decoder.decode(frame))).toEqual(['0', '123456789']);
  });

  it('never splits a multi-byte character, whatever the read boundaries', () => {
    const text = 'héllo wörld — 日本語 😀 '.repeat(50);
    const encoded = encoder.encode(text);
    for (const step of [1, 2, 3, 5, 7]) {
      const { batcher, frames } = collect({ flushMs: 10_000, maxBytes: 4 });
      for (let offset = 0; offset < encoded.length; offset += step) batcher.push(encoded.subarray(offset, offset + step));
      batcher.flushAll();
      // `fatal: true` throws on any frame that starts or ends mid-character.
      expect(frames.map((frame) => decoder.decode(frame)).join('')).toBe(text);
    }
  });

  it('holds an unfinished escape sequence back until it completes', () => {
    const { batcher, frames } = collect({ flushMs: 10_000 });
    // The first output after a quiet period is sent at once: the held tail applies there too.
    batcher.push(encoder.encode('red: \x1b[3'));
    expect(frames.map((frame) => decoder.decode(frame))).toEqual(['red: ']);
    expect(batcher.pendingBytes).toBe(3);
    batcher.push(encoder.encode('1mX'));
    batcher.flush();
    expect(frames.map((frame) => decoder.decode(frame))).toEqual(['red: ', '\x1b[31mX']);
  });

  it('emits the held tail on flushAll (end of stream)', () => {
    const { batcher, frames } = collect({ flushMs: 10_000 });
    batcher.push(encoder.encode('bye\x1b['));
    batcher.flushAll();
    expect(frames.map((frame) => decoder.decode(frame))).toEqual(['bye', '\x1b[']);
    expect(batcher.pendingBytes).toBe(0);
  });

  it('resets its buffer before emitting, so a re-entrant push is not lost or doubled', () => {
    const frames: string[] = [];
    let reentered = false;
    const batcher: OutputBatcher = new OutputBatcher({
      flushMs: 10_000,
      onFlush: (chunk) => {
        frames.push(new TextDecoder().decode(chunk));
        if (!reentered) {
          reentered = true;
          batcher.push(encoder.encode('second'));
        }
      },
    });
    batchers.push(batcher);
    batcher.push(encoder.encode('first'));
    batcher.flush();
    batcher.flush();
    expect(frames).toEqual(['first', 'second']);
  });
});

describe('OutputBatcher frames built in place', () => {
  it('writes the header before every payload in the same buffer, for small and large frames', () => {
    const header = encoder.encode('HDR');
    const got: Array<{ chunk: Uint8Array; frame: Uint8Array }> = [];
    const batcher = new OutputBatcher({ header, flushMs: 10_000, maxBytes: 8 * 1024, onFlush: (chunk, frame) => got.push({ chunk, frame }) });
    batchers.push(batcher);
    const small = encoder.encode('echo');
    const large = encoder.encode('y\r\n'.repeat(4000));
    batcher.push(small);
    batcher.push(large);
    batcher.push(small);
    batcher.flushAll();
    const payloads = got.map(({ chunk }) => decoder.decode(chunk)).join('');
    expect(payloads).toBe('echo' + 'y\r\n'.repeat(4000) + 'echo');
    for (const { chunk, frame } of got) {
      expect(decoder.decode(frame.subarray(0, 3))).toBe('HDR');
      expect(frame.buffer).toBe(chunk.buffer);
      expect(frame.byteOffset + 3).toBe(chunk.byteOffset);
      expect(frame.length).toBe(chunk.length + 3);
    }
    // Frames already handed out never change afterwards (the buffer is not reused under them).
    const before = got.map(({ frame }) => decoder.decode(frame));
    batcher.push(encoder.encode('more output that must not overwrite earlier frames'));
    batcher.flushAll();
    expect(got.slice(0, before.length).map(({ frame }) => decoder.decode(frame))).toEqual(before);
  });
});

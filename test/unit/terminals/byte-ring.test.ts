import { describe, expect, it } from 'vitest';
import { ByteRing } from '../../../src/main/engine/terminals/mirror/byte-ring.ts';

const bytesOf = (from: number, length: number) => Uint8Array.from({ length }, (_, i) => (from + i) & 0xff);

/** What a reader does: copy the next `length` bytes out of the ring's views, then free them. */
function readOut(ring: ByteRing, length: number): number[] {
  const parts = ring.peek(length);
  const out = parts.flatMap((part) => Array.from(part));
  ring.skip(length);
  return out;
}

describe('ByteRing', () => {
  it('hands bytes over in order across the wrap, and refuses what does not fit', () => {
    const shared = ByteRing.allocate(16);
    const writer = new ByteRing(shared);
    const reader = new ByteRing(shared);
    let written = 0;
    let read = 0;
    // Lengths that make writes and reads straddle the end of the ring many times.
    for (const length of [5, 7, 3, 11, 16, 1, 9, 13, 6, 15, 2, 8]) {
      expect(writer.write(bytesOf(written, length))).toBe(true);
      written += length;
      expect(writer.used).toBe(written - read);
      // Too much for what is left: nothing is written.
      expect(writer.write(bytesOf(0, 16 - writer.used + 1))).toBe(false);
      expect(reader.used).toBe(written - read);
      // Straddling the end: two views; the space stays taken until skipped.
      const parts = reader.peek(length);
      expect(parts.length).toBe(((read & 15) + length > 16) ? 2 : 1);
      expect(reader.used).toBe(written - read);
      expect(readOut(reader, length)).toEqual(Array.from(bytesOf(read, length)));
      read += length;
      expect(reader.used).toBe(0);
    }
  });

  it('skips bytes without copying them and keeps the next ones aligned', () => {
    const ring = new ByteRing(ByteRing.allocate(8));
    expect(ring.write(bytesOf(0, 6))).toBe(true);
    ring.skip(6);
    expect(ring.write(bytesOf(100, 8))).toBe(true);
    expect(ring.write(bytesOf(0, 1))).toBe(false);
    expect(readOut(ring, 8)).toEqual(Array.from(bytesOf(100, 8)));
  });

  it('works from another thread through the same shared memory', async () => {
    const { Worker } = await import('node:worker_threads');
    const shared = ByteRing.allocate(1024);
    const ring = new ByteRing(shared);
    // The worker only reads the two cursors and the data the way ByteRing does; it echoes a sum.
    const worker = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const cursors = new Int32Array(workerData, 0, 2);
       const data = new Uint8Array(workerData, 8);
       parentPort.on('message', (length) => {
         const read = Atomics.load(cursors, 1);
         let sum = 0;
         for (let i = 0; i < length; i++) sum += data[(read + i) & 1023];
         Atomics.store(cursors, 1, (read + length) | 0);
         parentPort.postMessage(sum);
       });`,
      { eval: true, workerData: shared },
    );
    try {
      for (let round = 0; round < 20; round++) {
        const chunk = bytesOf(round * 37, 700);
        expect(ring.write(chunk)).toBe(true);
        const sum = new Promise((resolve) => worker.once('message', resolve));
        worker.postMessage(chunk.length);
        expect(await sum).toBe(chunk.reduce((total, byte) => total + byte, 0));
        expect(ring.used).toBe(0);
      }
    } finally {
      await worker.terminate();
    }
  });
});

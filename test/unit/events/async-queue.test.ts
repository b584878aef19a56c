import { describe, expect, it } from 'vitest';
import { AsyncQueue } from '../../../src/main/engine/events/async-queue.ts';

async function drain<T>(queue: AsyncQueue<T>): Promise<T[]> {
  queue.close();
  const items: T[] = [];
  for (;;) {
    const next = await queue.next();
    if (next.done) return items;
    items.push(next.value);
  }
}

describe('AsyncQueue', () => {
  it('keeps every item in order for a reader that keeps up', async () => {
    const queue = new AsyncQueue<number>();
    const reading = queue.next();
    queue.push(1);
    expect(await reading).toEqual({ value: 1, done: false });
    queue.push(2);
    queue.push(3);
    expect(await drain(queue)).toEqual([2, 3]);
  });

  it('replaces an undelivered item with the same key, keeps others (a slow reader gets the latest state)', async () => {
    const queue = new AsyncQueue<{ type: string; n: number }>(100, (item) => (item.type === 'note' ? null : item.type));
    for (let n = 0; n < 1000; n++) queue.push({ type: 'settings', n });
    queue.push({ type: 'note', n: 1 });
    queue.push({ type: 'note', n: 2 });
    queue.push({ type: 'layout', n: 7 });
    queue.push({ type: 'settings', n: 1000 });
    expect(await drain(queue)).toEqual([
      { type: 'note', n: 1 },
      { type: 'note', n: 2 },
      { type: 'layout', n: 7 },
      { type: 'settings', n: 1000 },
    ]);
  });

  it('closes itself past its limit instead of growing', async () => {
    const queue = new AsyncQueue<number>(10);
    for (let n = 0; n < 50; n++) queue.push(n);
    expect(queue.overflowed).toBe(true);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });
});

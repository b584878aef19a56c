import { describe, expect, it, vi } from 'vitest';
import { Disposables } from '../../../src/main/engine/lifecycle/disposables.ts';

describe('Disposables', () => {
  it('undoes in reverse order, awaiting asynchronous undos, once', async () => {
    const order: string[] = [];
    const bag = new Disposables();
    bag.add(() => void order.push('listener'));
    bag.add({ dispose: async () => void order.push('watcher') });
    bag.add(() => void order.push('last'));
    await bag.dispose();
    await bag.dispose();
    expect(order).toEqual(['last', 'watcher', 'listener']);
    expect(bag.isDisposed).toBe(true);
  });

  it('keeps going when one undo fails, and reports it', async () => {
    const errors: unknown[] = [];
    const bag = new Disposables((error) => errors.push(error));
    const after = vi.fn();
    bag.add(after);
    bag.add(() => {
      throw new Error('boom');
    });
    await bag.dispose();
    expect(after).toHaveBeenCalledOnce();
    expect(errors).toHaveLength(1);
  });

  it('undoes at once what is added after disposal (a watcher that finished starting late)', async () => {
    const bag = new Disposables();
    await bag.dispose();
    const late = vi.fn();
    bag.add(late);
    await Promise.resolve();
    expect(late).toHaveBeenCalledOnce();
  });

  it('cancels pending timers and pollers on dispose; fired or cancelled ones are forgotten', async () => {
    vi.useFakeTimers();
    try {
      const bag = new Disposables();
      const fired = vi.fn();
      const polled = vi.fn();
      const cancelled = vi.fn();
      bag.timeout(fired, 10);
      bag.interval(polled, 5);
      bag.timeout(cancelled, 10)();
      const pending = vi.fn();
      bag.timeout(pending, 1_000);
      vi.advanceTimersByTime(12);
      expect(fired).toHaveBeenCalledOnce();
      expect(polled).toHaveBeenCalledTimes(2);
      expect(cancelled).not.toHaveBeenCalled();
      await bag.dispose();
      vi.advanceTimersByTime(2_000);
      expect(pending).not.toHaveBeenCalled();
      expect(polled).toHaveBeenCalledTimes(2);
      expect(bag.timeout(pending, 1)).toBeTypeOf('function');
      vi.advanceTimersByTime(5);
      expect(pending).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});

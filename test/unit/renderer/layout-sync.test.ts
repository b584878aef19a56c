import { describe, expect, it, vi } from 'vitest';
import type { Layout } from '../../../src/shared/protocol/index.ts';
import type { Result } from '../../../src/shared/result.ts';
import { LayoutSync } from '../../../src/renderer/grid/layout-sync.ts';
import { createAppStore } from '../../../src/renderer/store/app-store.ts';
import { deferred, fakeEngine } from './fake-engine.ts';

const L = (panes: string[], focused: string | null = null): Layout => ({ panes, focused, maximized: null });

describe('LayoutSync', () => {
  it('applies a change at once and sends it to the engine', async () => {
    const store = createAppStore();
    const set = vi.fn(async (layout: Layout): Promise<Result<Layout>> => ({ ok: true, value: layout }));
    const sync = new LayoutSync(store, fakeEngine({ layout: { set } }));
    const pending = sync.commit(L(['a'], 'a'));
    expect(store.getState().layout).toEqual(L(['a'], 'a'));
    await pending;
    expect(set).toHaveBeenCalledWith(L(['a'], 'a'));
  });

  it('skips the round trip for a no-op (same object)', async () => {
    const store = createAppStore();
    const set = vi.fn();
    const sync = new LayoutSync(store, fakeEngine({ layout: { set } }));
    await sync.commit(store.getState().layout);
    expect(set).not.toHaveBeenCalled();
  });

  it('ignores echoes of its own sets while any is in flight, then takes the last answer', async () => {
    const store = createAppStore();
    const answers = [deferred<Result<Layout>>(), deferred<Result<Layout>>()];
    let call = 0;
    const sync = new LayoutSync(store, fakeEngine({ layout: { set: () => answers[call++]!.promise } }));

    const first = sync.commit(L(['a', 'b'], 'b'));
    const second = sync.commit(L(['a'], 'a')); // pane b closed
    // The engine's echo of the first set arrives: it must not bring pane b back.
    sync.received(L(['a', 'b'], 'b'), false);
    expect(store.getState().layout).toEqual(L(['a'], 'a'));

    answers[0]!.resolve({ ok: true, value: L(['a', 'b'], 'b') });
    await first;
    expect(store.getState().layout).toEqual(L(['a'], 'a'));
    answers[1]!.resolve({ ok: true, value: L(['a'], 'a') });
    await second;
    expect(store.getState().layout).toEqual(L(['a'], 'a'));

    // Nothing in flight: changes from elsewhere (another window) apply.
    sync.received(L(['a', 'c'], 'c'), false);
    expect(store.getState().layout).toEqual(L(['a', 'c'], 'c'));
  });

  it('always applies a snapshot (a reconnect), even with a set still out', async () => {
    const store = createAppStore();
    const answer = deferred<Result<Layout>>();
    const sync = new LayoutSync(store, fakeEngine({ layout: { set: () => answer.promise } }));
    const pending = sync.commit(L(['a'], 'a'));
    sync.received(L(['x'], 'x'), true);
    expect(store.getState().layout).toEqual(L(['x'], 'x'));
    answer.resolve({ ok: true, value: L(['a'], 'a') });
    await pending;
    // After the snapshot reset the count, the late answer is the newest truth again.
    sync.received(L(['y'], 'y'), false);
    expect(store.getState().layout).toEqual(L(['y'], 'y'));
  });

  it('shows an engine refusal as a toast', async () => {
    const store = createAppStore();
    const sync = new LayoutSync(
      store,
      fakeEngine({ layout: { set: async () => ({ ok: false, error: { kind: 'SESSION_NOT_FOUND', sessionId: 'zz' } }) } }),
    );
    await sync.commit(L(['zz'], 'zz'));
    expect(store.getState().toasts.map((toast) => toast.text)).toEqual(['That terminal session no longer exists.']);
  });

  it('stays quiet while disconnected (the reconnect snapshot brings the engine’s layout back)', async () => {
    const store = createAppStore();
    const sync = new LayoutSync(store, fakeEngine({}, false));
    await sync.commit(L(['a'], 'a'));
    expect(store.getState().toasts).toEqual([]);
  });
});

/**
 * The renderer's layout: engine commands shown at once, with commands in flight replayed over
 * the engine's last word.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Layout } from '../../../src/shared/protocol/index.ts';
import type { Result } from '../../../src/shared/result.ts';
import { LayoutCommands } from '../../../src/renderer/grid/layout-commands.ts';
import { createAppStore } from '../../../src/renderer/store/app-store.ts';
import { deferred, fakeEngine } from './fake-engine.ts';

const L = (panes: string[], focused: string | null = null, maximized: string | null = null): Layout => ({ panes, focused, maximized });

function setup(procedures: Record<string, (input: never) => Promise<Result<Layout>>>, connected = true) {
  const store = createAppStore();
  const commands = new LayoutCommands(store, fakeEngine({ layout: procedures }, connected));
  return { store, commands };
}

describe('LayoutCommands', () => {
  it('shows a command at once and sends it as that command (no whole-layout write)', async () => {
    const focus = vi.fn(async (): Promise<Result<Layout>> => ({ ok: true, value: L(['a', 'b'], 'b') }));
    const { store, commands } = setup({ focus });
    commands.received(L(['a', 'b'], 'a'), true);
    const pending = commands.run({ type: 'focus', sessionId: 'b' });
    expect(store.getState().layout).toEqual(L(['a', 'b'], 'b'));
    await pending;
    expect(focus).toHaveBeenCalledWith({ sessionId: 'b' });
    expect(store.getState().layout).toEqual(L(['a', 'b'], 'b'));
  });

  it('does not send a no-op (focusing the focused pane)', async () => {
    const focus = vi.fn();
    const { commands } = setup({ focus });
    commands.received(L(['a'], 'a'), true);
    await commands.run({ type: 'focus', sessionId: 'a' });
    expect(focus).not.toHaveBeenCalled();
  });

  it('replays commands in flight over the engine’s events, so an echo cannot bring a closed pane back', async () => {
    const answers = { focus: deferred<Result<Layout>>(), close: deferred<Result<Layout>>() };
    const { store, commands } = setup({ focus: () => answers.focus.promise, close: () => answers.close.promise });
    commands.received(L(['a', 'b'], 'a'), true);

    const first = commands.run({ type: 'focus', sessionId: 'b' });
    const second = commands.run({ type: 'close', sessionId: 'b' });
    expect(store.getState().layout).toEqual(L(['a'], 'a'));
    // The engine's event for the first command arrives: pane b must stay closed.
    commands.received(L(['a', 'b'], 'b'), false);
    expect(store.getState().layout).toEqual(L(['a'], 'a'));
    // Another window opens c meanwhile: shown at once, with b still closed.
    commands.received(L(['a', 'b', 'c'], 'c'), false);
    expect(store.getState().layout).toEqual(L(['a', 'c'], 'c'));

    answers.focus.resolve({ ok: true, value: L(['a', 'b'], 'b') });
    await first;
    expect(store.getState().layout.panes).toEqual(['a']);
    answers.close.resolve({ ok: true, value: L(['a', 'c'], 'c') });
    await second;
    expect(store.getState().layout).toEqual(L(['a', 'c'], 'c'));
  });

  it('a snapshot (reconnect) replaces everything', async () => {
    const answer = deferred<Result<Layout>>();
    const { store, commands } = setup({ maximize: () => answer.promise });
    commands.received(L(['a'], 'a'), true);
    const pending = commands.run({ type: 'maximize', sessionId: 'a' });
    commands.received(L(['x'], 'x'), true);
    expect(store.getState().layout).toEqual(L(['x'], 'x'));
    answer.resolve({ ok: false, error: { kind: 'SESSION_NOT_FOUND', sessionId: 'a' } });
    await pending;
    expect(store.getState().layout).toEqual(L(['x'], 'x'));
  });

  it('shows an engine refusal as a toast and falls back to the engine’s layout', async () => {
    const { store, commands } = setup({
      move: async () => ({ ok: false, error: { kind: 'SESSION_NOT_FOUND', sessionId: 'b' } }),
    });
    commands.received(L(['a', 'b'], 'a'), true);
    await commands.run({ type: 'move', sessionId: 'b', index: 0 });
    expect(store.getState().toasts.map((toast) => toast.text)).toEqual(['That terminal session no longer exists.']);
    expect(store.getState().layout).toEqual(L(['a', 'b'], 'a'));
  });

  it('stays quiet while disconnected (the reconnect snapshot brings the engine’s layout back)', async () => {
    const { store, commands } = setup({}, false);
    commands.received(L(['a', 'b'], 'a'), true);
    await commands.run({ type: 'close', sessionId: 'a' });
    expect(store.getState().toasts).toEqual([]);
    expect(store.getState().layout).toEqual(L(['a', 'b'], 'a'));
  });
});

import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/renderer/store/app-store.ts';
import { MAX_TOASTS } from '../../../src/renderer/store/ui-slice.ts';
import { repo } from './samples.ts';

describe('app store', () => {
  it('starts empty and connecting, and every store is independent', () => {
    const first = createAppStore();
    const second = createAppStore();
    first.getState().selectRepo('a');
    expect(second.getState().selectedRepoId).toBeNull();
    expect(second.getState().connection).toEqual({ status: 'connecting', attempt: 0, everConnected: false });
    expect(second.getState().layout).toEqual({ panes: [], focused: null, maximized: null });
  });

  it('applies engine events into the server slice', () => {
    const store = createAppStore();
    store.getState().applyEngineEvent({ type: 'repos.changed', repos: [repo('a')] });
    expect(store.getState().server.repos).toEqual([repo('a')]);
  });

  it('toggles collapsed repositories with a new Set each time', () => {
    const store = createAppStore();
    const before = store.getState().collapsedRepoIds;
    store.getState().toggleRepoCollapsed('a');
    const collapsed = store.getState().collapsedRepoIds;
    expect(collapsed.has('a')).toBe(true);
    expect(collapsed).not.toBe(before);
    store.getState().toggleRepoCollapsed('a');
    expect(store.getState().collapsedRepoIds.has('a')).toBe(false);
  });

  it('keeps only the newest toasts and dismisses by id', () => {
    const store = createAppStore();
    const ids = Array.from({ length: MAX_TOASTS + 2 }, (_, n) => store.getState().pushToast('error', `t${n}`));
    expect(store.getState().toasts.map((toast) => toast.text)).toEqual(
      Array.from({ length: MAX_TOASTS }, (_, n) => `t${n + 2}`),
    );
    expect(new Set(ids).size).toBe(ids.length);
    store.getState().dismissToast(ids[ids.length - 1]!);
    expect(store.getState().toasts).toHaveLength(MAX_TOASTS - 1);
  });

  it('opens and closes one dialog at a time', () => {
    const store = createAppStore();
    store.getState().openDialog({ kind: 'confirm-close-pane', sessionId: 's1' });
    store.getState().openDialog({ kind: 'confirm-remove-repo', repoId: 'r1' });
    expect(store.getState().dialog).toEqual({ kind: 'confirm-remove-repo', repoId: 'r1' });
    store.getState().closeDialog();
    expect(store.getState().dialog).toBeNull();
  });
});

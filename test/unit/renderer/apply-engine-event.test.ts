import { describe, expect, it, vi } from 'vitest';
import type { Worktree } from '../../../src/shared/protocol/index.ts';
import type { Result } from '../../../src/shared/result.ts';
import { applyEngineEvent } from '../../../src/renderer/engine/apply-engine-event.ts';
import { LayoutCommands } from '../../../src/renderer/grid/layout-commands.ts';
import { createWorktreeRefresher } from '../../../src/renderer/repos/worktree-refresher.ts';
import { createAppStore } from '../../../src/renderer/store/app-store.ts';
import { deferred, fakeEngine } from './fake-engine.ts';
import { repo, worktree } from './samples.ts';

function setup() {
  const store = createAppStore();
  const layoutCommands = new LayoutCommands(store, fakeEngine({}));
  const refreshWorktrees = vi.fn(async () => {});
  return { store, layoutCommands, refreshWorktrees, targets: { store, layoutCommands, refreshWorktrees } };
}

describe('applyEngineEvent', () => {
  it('takes a snapshot whole: server data, layout, and a worktree read per repository', () => {
    const { store, refreshWorktrees, targets } = setup();
    const layout = { panes: [], focused: null, maximized: null };
    applyEngineEvent({ type: 'snapshot', repos: [repo('a'), repo('b')], sessions: [], layout }, targets);
    expect(store.getState().server.repos).toHaveLength(2);
    expect(store.getState().layout).toEqual(layout);
    expect(refreshWorktrees.mock.calls).toEqual([['a'], ['b']]);
  });

  it('reads worktrees only for newly added repositories on repos.changed', () => {
    const { store, refreshWorktrees, targets } = setup();
    store.getState().applyEngineEvent({ type: 'repos.changed', repos: [repo('a')] });
    store.getState().setWorktrees('a', { ok: true, value: [] });
    applyEngineEvent({ type: 'repos.changed', repos: [repo('a'), repo('b')] }, targets);
    expect(refreshWorktrees.mock.calls).toEqual([['b']]);
  });

  it('re-reads one repository on worktrees.changed', () => {
    const { refreshWorktrees, targets } = setup();
    applyEngineEvent({ type: 'worktrees.changed', repoId: 'a' }, targets);
    expect(refreshWorktrees.mock.calls).toEqual([['a']]);
  });

  it('applies layout.changed from elsewhere', () => {
    const { store, targets } = setup();
    const layout = { panes: ['s1'], focused: 's1', maximized: 's1' };
    applyEngineEvent({ type: 'layout.changed', layout }, targets);
    expect(store.getState().layout).toEqual(layout);
  });
});

describe('createWorktreeRefresher', () => {
  it('keeps the newest answer when refreshes overlap', async () => {
    const store = createAppStore();
    store.getState().applyEngineEvent({ type: 'repos.changed', repos: [repo('a')] });
    const answers = [deferred<Result<Worktree[]>>(), deferred<Result<Worktree[]>>()];
    let call = 0;
    const refresh = createWorktreeRefresher(store, fakeEngine({ worktrees: { list: () => answers[call++]!.promise } }));

    const older = refresh('a');
    const newer = refresh('a');
    answers[1]!.resolve({ ok: true, value: [worktree('a', '/new')] });
    await newer;
    answers[0]!.resolve({ ok: true, value: [worktree('a', '/old')] });
    await older;
    expect(store.getState().server.worktrees.get('a')?.worktrees.map((w) => w.path)).toEqual(['/new']);
  });

  it('leaves the listing alone while disconnected', async () => {
    const store = createAppStore();
    store.getState().applyEngineEvent({ type: 'repos.changed', repos: [repo('a')] });
    await createWorktreeRefresher(store, fakeEngine({}, false))('a');
    expect(store.getState().server.worktrees.has('a')).toBe(false);
  });
});

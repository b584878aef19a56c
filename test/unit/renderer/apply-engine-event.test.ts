/**
 * Where engine events land: the store (repositories, sessions), the layout commands, and the
 * query cache of worktree listings (an invalidation or a delta per event, never more reads than
 * needed).
 */
import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { BootstrapState, Worktree } from '../../../src/shared/protocol/index.ts';
import type { Result } from '../../../src/shared/result.ts';
import { applyEngineEvent } from '../../../src/renderer/engine/apply-engine-event.ts';
import { createQueryClient, engineQueryUtils } from '../../../src/renderer/data/query-client.ts';
import { toListing, WorktreeData, type CachedListing } from '../../../src/renderer/data/worktree-data.ts';
import { LayoutCommands } from '../../../src/renderer/grid/layout-commands.ts';
import { createAppStore } from '../../../src/renderer/store/app-store.ts';
import { deferred, fakeEngine } from './fake-engine.ts';
import { repo, worktree } from './samples.ts';

const EMPTY = { panes: [], focused: null, maximized: null };

/** The renderer's data layer over a fake engine whose `worktrees.list` answers are scripted. */
function setup(list: (input: { repoId: string }) => Promise<Result<Worktree[]>> = async () => ({ ok: true, value: [] })) {
  const store = createAppStore();
  const calls = vi.fn(list);
  const engine = fakeEngine({ worktrees: { list: calls } });
  const layoutCommands = new LayoutCommands(store, engine);
  const queryClient = createQueryClient();
  const worktrees = new WorktreeData(queryClient, engineQueryUtils(engine));
  /** A mounted component showing a repository's worktrees. */
  const show = (repoId: string) => {
    const observer = new QueryObserver<CachedListing>(queryClient, worktrees.options(repoId));
    const stop = observer.subscribe(() => undefined);
    return { listing: () => toListing(observer.getCurrentResult().data), stop };
  };
  return { store, calls, queryClient, worktrees, show, targets: { store, layoutCommands, queries: [worktrees] } };
}

const settled = (queryClient: ReturnType<typeof createQueryClient>) => expect.poll(() => queryClient.isFetching()).toBe(0);

describe('applyEngineEvent', () => {
  it('takes a snapshot whole: server data, layout, and a fresh read of every listing shown', async () => {
    const { store, calls, queryClient, show, targets } = setup();
    const shown = show('a');
    await settled(queryClient);
    expect(calls).toHaveBeenCalledTimes(1);
    applyEngineEvent({ type: 'snapshot', repos: [repo('a'), repo('b')], sessions: [], layout: EMPTY }, targets);
    expect(store.getState().server.repos).toHaveLength(2);
    expect(store.getState().layout).toEqual(EMPTY);
    await settled(queryClient);
    expect(calls).toHaveBeenCalledTimes(2);
    shown.stop();
  });

  it('applies layout.changed from elsewhere', () => {
    const { store, targets } = setup();
    const layout = { panes: ['s1'], focused: 's1', maximized: 's1' };
    applyEngineEvent({ type: 'layout.changed', layout }, targets);
    expect(store.getState().layout).toEqual(layout);
  });
});

describe('worktree listings in the query cache', () => {
  it('one read however many components show a listing', async () => {
    const { calls, queryClient, show } = setup(async () => ({ ok: true, value: [worktree('a', '/work/a')] }));
    const first = show('a');
    const second = show('a');
    await settled(queryClient);
    expect(calls).toHaveBeenCalledTimes(1);
    expect(second.listing()).toEqual({ worktrees: [worktree('a', '/work/a')], loaded: true, error: null });
    first.stop();
    second.stop();
  });

  it('a burst of changes during a read costs one more read, and the newest answer wins', async () => {
    const answers = [deferred<Result<Worktree[]>>(), deferred<Result<Worktree[]>>(), deferred<Result<Worktree[]>>()];
    let call = 0;
    const { calls, queryClient, show, targets } = setup(() => answers[call++]!.promise);
    const shown = show('a');
    answers[0]!.resolve({ ok: true, value: [] });
    await settled(queryClient);

    applyEngineEvent({ type: 'worktrees.changed', repoId: 'a' }, targets);
    await expect.poll(() => calls.mock.calls.length).toBe(2);
    // Three more announcements while that read is out: it may predate them, so one more read.
    for (let n = 0; n < 3; n++) applyEngineEvent({ type: 'worktrees.changed', repoId: 'a' }, targets);
    answers[1]!.resolve({ ok: true, value: [worktree('a', '/old')] });
    await expect.poll(() => calls.mock.calls.length).toBe(3);
    answers[2]!.resolve({ ok: true, value: [worktree('a', '/new')] });
    await settled(queryClient);
    expect(calls).toHaveBeenCalledTimes(3);
    expect(shown.listing().worktrees.map((w) => w.path)).toEqual(['/new']);
    shown.stop();
  });

  it('applies bootstrap.changed as a delta, without reading the list again', async () => {
    const { calls, queryClient, show, targets } = setup(async () => ({ ok: true, value: [worktree('a', '/work/a'), worktree('a', '/work/a-fix')] }));
    const shown = show('a');
    await settled(queryClient);
    const state: BootstrapState = { repoId: 'a', path: '/work/a-fix', status: 'running', step: { index: 1, total: 3, title: 'npm ci' }, startedAt: null, finishedAt: null, error: null, logFile: '/l' };
    applyEngineEvent({ type: 'bootstrap.changed', repoId: 'a', state }, targets);
    expect(shown.listing().worktrees.map((w) => w.bootstrap ?? null)).toEqual([null, state]);
    expect(calls).toHaveBeenCalledTimes(1);
    shown.stop();
  });

  it('keeps the previous worktrees visible with the reason when a read fails', async () => {
    let fail = false;
    const { queryClient, show, targets } = setup(async () =>
      fail ? { ok: false, error: { kind: 'WORKTREE_MISSING', path: '/work/a' } } : { ok: true, value: [worktree('a', '/work/a')] },
    );
    const shown = show('a');
    await settled(queryClient);
    fail = true;
    applyEngineEvent({ type: 'worktrees.changed', repoId: 'a' }, targets);
    await expect.poll(() => shown.listing().error).toEqual({ kind: 'WORKTREE_MISSING', path: '/work/a' });
    expect(shown.listing().worktrees).toHaveLength(1);
    shown.stop();
  });

  it('drops the listings of removed repositories', async () => {
    const { queryClient, worktrees, show, targets } = setup();
    const a = show('a');
    await settled(queryClient);
    a.stop();
    applyEngineEvent({ type: 'repos.changed', repos: [repo('b')] }, targets);
    expect(queryClient.getQueryData(worktrees.key('a'))).toBeUndefined();
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { CreateSessionInput, Layout, SessionInfo } from '../../../src/shared/protocol/index.ts';
import type { Result } from '../../../src/shared/result.ts';
import { closePane, INITIAL_SIZE, openShell, requestClosePane } from '../../../src/renderer/grid/pane-actions.ts';
import { fakeEngine } from './fake-engine.ts';
import { repo, session, worktree } from './samples.ts';
import { testServices } from './test-services.ts';


describe('openShell', () => {
  it('starts a shell in the worktree and adds it as the focused pane', async () => {
    const create = vi.fn(
      async (input: CreateSessionInput): Promise<Result<SessionInfo>> => ({
        ok: true,
        value: session('new', { cwd: input.cwd, repoId: input.repoId ?? null, title: input.title ?? '' }),
      }),
    );
    // The engine places the new shell's pane itself; the renderer shows it at once and only sends
    // an idempotent `layout.open` in case the engine's event has not arrived yet.
    const open = vi.fn(async (): Promise<Result<Layout>> => ({ ok: true, value: { panes: ['old', 'new'], focused: 'new', maximized: null } }));
    const services = testServices(fakeEngine({ terminals: { create }, layout: { open } }));
    services.layoutCommands.received({ panes: ['old'], focused: 'old', maximized: 'old' }, true);

    await openShell(services, repo('r1', { name: 'app' }), worktree('r1', '/work/app-fix'));

    expect(create).toHaveBeenCalledWith({ cwd: '/work/app-fix', repoId: 'r1', title: 'app · app-fix', ...INITIAL_SIZE });
    expect(services.store.getState().server.sessions.get('new')?.cwd).toBe('/work/app-fix');
    expect(services.store.getState().layout).toEqual({ panes: ['old', 'new'], focused: 'new', maximized: null });
  });

  it('explains the limit instead of starting a tenth shell', async () => {
    const create = vi.fn();
    const services = testServices(fakeEngine({ terminals: { create } }));
    const panes = Array.from({ length: 9 }, (_, n) => `s${n}`);
    services.layoutCommands.received({ panes, focused: 's0', maximized: null }, true);

    await openShell(services, repo('r1'), worktree('r1', '/work/r1'));

    expect(create).not.toHaveBeenCalled();
    expect(services.store.getState().toasts.map((toast) => toast.text)).toEqual([
      'The grid holds at most 9 terminals. Close one to open another.',
    ]);
  });

  it('shows why the engine could not start it, and leaves the layout alone', async () => {
    const services = testServices(
      fakeEngine({
        terminals: { create: async () => ({ ok: false, error: { kind: 'WORKTREE_MISSING', path: '/work/gone' } }) },
      }),
    );
    await openShell(services, repo('r1'), worktree('r1', '/work/gone'));
    expect(services.store.getState().toasts[0]?.text).toContain('/work/gone is missing');
    expect(services.store.getState().layout.panes).toEqual([]);
  });
});

describe('closing panes', () => {
  it('asks before closing a running process', async () => {
    const remove = vi.fn();
    const services = testServices(fakeEngine({ terminals: { remove } }));
    services.store.getState().upsertSession(session('s1'));
    await requestClosePane(services, 's1');
    expect(services.store.getState().dialog).toEqual({ kind: 'confirm-close-pane', sessionId: 's1' });
    expect(remove).not.toHaveBeenCalled();
  });

  it('closes an exited one at once: out of the layout, and forgotten by the engine', async () => {
    const remove = vi.fn(async (): Promise<Result<null>> => ({ ok: true, value: null }));
    const close = vi.fn(async (): Promise<Result<Layout>> => ({ ok: true, value: { panes: ['s2'], focused: 's2', maximized: null } }));
    const services = testServices(fakeEngine({ terminals: { remove }, layout: { close } }));
    services.store.getState().upsertSession(session('s1', { status: 'exited', exitCode: 0 }));
    services.layoutCommands.received({ panes: ['s1', 's2'], focused: 's1', maximized: null }, true);

    await requestClosePane(services, 's1');

    expect(services.store.getState().dialog).toBeNull();
    expect(services.store.getState().layout).toEqual({ panes: ['s2'], focused: 's2', maximized: null });
    expect(close).toHaveBeenCalledWith({ sessionId: 's1' });
    expect(remove).toHaveBeenCalledWith({ sessionId: 's1' });
  });

  it('does not complain when the session is already gone', async () => {
    const services = testServices(
      fakeEngine({
        terminals: { remove: async () => ({ ok: false, error: { kind: 'SESSION_NOT_FOUND', sessionId: 's1' } }) },
        layout: { close: async () => ({ ok: true, value: { panes: [], focused: null, maximized: null } }) },
      }),
    );
    services.layoutCommands.received({ panes: ['s1'], focused: 's1', maximized: null }, true);
    await closePane(services, 's1');
    expect(services.store.getState().toasts).toEqual([]);
  });
});

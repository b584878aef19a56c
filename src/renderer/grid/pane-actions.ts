/**
 * What the grid does with panes: open a shell, focus, maximize, close.
 *
 * Layout changes go through {@link LayoutSync} (applied at once, then persisted with
 * `layout.set`); session changes through the terminals procedures.
 */
import { MAX_PANES, type Repo, type Worktree } from '../../shared/protocol/index.ts';
import type { AppServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import { folderName } from '../repos/worktree-label.ts';
import { addPane, focusPane, focusPaneAt, removePane, toggleMaximize } from './layout-ops.ts';

/**
 * Size a new shell starts with. The pane fits it to its real size as soon as it is shown; this
 * only has to be plausible for the first prompt.
 */
export const INITIAL_SIZE = { cols: 100, rows: 30 } as const;

/** Open a shell in a worktree as a new, focused pane. */
export async function openShell(services: AppServices, repo: Repo, worktree: Worktree): Promise<void> {
  const { store } = services;
  if (store.getState().layout.panes.length >= MAX_PANES) {
    store.getState().pushToast('error', errorMessage({ kind: 'TOO_MANY_PANES', max: MAX_PANES }));
    return;
  }
  const created = await callEngine(services.engine, (client) =>
    client.terminals.create({
      cwd: worktree.path,
      repoId: repo.id,
      title: `${repo.name} · ${folderName(worktree.path)}`,
      ...INITIAL_SIZE,
    }),
  );
  if (!created.ok) {
    store.getState().pushToast('error', errorMessage(created.error));
    return;
  }
  store.getState().upsertSession(created.value);
  // Read the layout again: it may have changed while the create was out (events, other panes).
  const added = addPane(store.getState().layout, created.value.id);
  if (!added.ok) {
    store.getState().pushToast('error', errorMessage({ kind: 'TOO_MANY_PANES', max: added.max }));
    return;
  }
  await services.layoutSync.commit(added.layout);
}

/** Focus a pane (click, or a pane's terminal got keyboard focus). */
export async function focusSession(services: AppServices, sessionId: string): Promise<void> {
  await services.layoutSync.commit(focusPane(services.store.getState().layout, sessionId));
}

/** Focus the pane at a 0-based position (Ctrl/Cmd+1..9). */
export async function focusPaneNumber(services: AppServices, index: number): Promise<void> {
  await services.layoutSync.commit(focusPaneAt(services.store.getState().layout, index));
}

/** Maximize a pane or restore the grid; null means the focused pane. */
export async function toggleMaximized(services: AppServices, sessionId: string | null): Promise<void> {
  await services.layoutSync.commit(toggleMaximize(services.store.getState().layout, sessionId));
}

/** Close a pane, asking first if its process is still running. */
export async function requestClosePane(services: AppServices, sessionId: string): Promise<void> {
  const session = services.store.getState().server.sessions.get(sessionId);
  if (session?.status === 'running') {
    services.store.getState().openDialog({ kind: 'confirm-close-pane', sessionId });
    return;
  }
  await closePane(services, sessionId);
}

/**
 * Close a pane: drop it from the layout at once, then forget the session (the engine kills
 * its process first if it still runs), so it does not come back after a reload.
 */
export async function closePane(services: AppServices, sessionId: string): Promise<void> {
  const { store, engine } = services;
  await services.layoutSync.commit(removePane(store.getState().layout, sessionId));
  const removed = await callEngine(engine, (client) => client.terminals.remove({ sessionId }));
  if (!removed.ok && removed.error.kind !== 'SESSION_NOT_FOUND') {
    store.getState().pushToast('error', errorMessage(removed.error));
  }
}

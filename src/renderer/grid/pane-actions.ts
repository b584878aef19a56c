/**
 * What the grid does with panes: open a shell, focus, maximize, close.
 *
 * Layout changes are engine commands sent through {@link LayoutCommands} (shown at once, applied
 * by the engine); a new shell's pane is placed by the engine itself when it creates the session.
 */
import { MAX_PANES, type Repo, type Worktree } from '../../shared/protocol/index.ts';
import type { AppServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import { folderName } from '../repos/worktree-label.ts';
import { hasRoom, maximizeToggleTarget, paneAt } from '../../shared/layout/layout-ops.ts';

/**
 * Size a new shell starts with. The pane fits it to its real size as soon as it is shown; this
 * only has to be plausible for the first prompt.
 */
export const INITIAL_SIZE = { cols: 100, rows: 30 } as const;

/** Open a shell in a worktree as a new, focused pane. */
export async function openShell(services: AppServices, repo: Repo, worktree: Worktree): Promise<void> {
  const { store } = services;
  if (!hasRoom(store.getState().layout)) {
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
  // The engine placed the pane already; its `layout.changed` may still be on its way.
  await services.layoutCommands.run({ type: 'open', sessionId: created.value.id });
}

/** Focus a pane (click, or a pane's terminal got keyboard focus). */
export async function focusSession(services: AppServices, sessionId: string): Promise<void> {
  await services.layoutCommands.run({ type: 'focus', sessionId });
}

/**
 * Focus the pane at a 0-based position (Ctrl/Cmd+1..9) and put the keyboard in its terminal.
 *
 * The keyboard follows a *change* of the focused pane (TerminalGrid's effect); when pane N is
 * already the focused one nothing changes, so without the explicit focus here typed text would
 * stay in the sidebar input or checkbox that had it.
 */
export async function focusPaneNumber(services: AppServices, index: number): Promise<void> {
  const sessionId = paneAt(services.store.getState().layout, index);
  if (sessionId === null) return;
  // Before and after: the layout may not change (pane N already focused), and then nothing else
  // moves the keyboard out of the sidebar input that has it.
  services.registry.focus(sessionId);
  await services.layoutCommands.run({ type: 'focus', sessionId });
  services.registry.focus(sessionId);
}

/** Maximize a pane or restore the grid; null means the focused pane. */
export async function toggleMaximized(services: AppServices, sessionId: string | null): Promise<void> {
  const target = maximizeToggleTarget(services.store.getState().layout, sessionId);
  if (target) await services.layoutCommands.run({ type: 'maximize', sessionId: target.sessionId });
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
  await services.layoutCommands.run({ type: 'close', sessionId });
  const removed = await callEngine(engine, (client) => client.terminals.remove({ sessionId }));
  if (!removed.ok && removed.error.kind !== 'SESSION_NOT_FOUND') {
    store.getState().pushToast('error', errorMessage(removed.error));
  }
}

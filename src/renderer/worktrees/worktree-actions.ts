/**
 * What the UI does with worktrees: create (with its setup streamed into a new pane), remove,
 * archive, restore, prune, and open a bootstrap log in a pane.
 *
 * Every action returns the engine's answer so a dialog can show a failure next to its inputs;
 * actions started from a button report failures as toasts instead. None re-reads the listing
 * itself: the engine's `worktrees.changed` does (`data/worktree-data.ts`), once.
 */
import type {
  CreatedWorktree,
  CreateWorktreeInput,
  Repo,
  RepoConfigView,
  SessionInfo,
  Worktree,
  WorktreeArchive,
} from '../../shared/protocol/index.ts';
import { MAX_PANES } from '../../shared/protocol/index.ts';
import type { AppServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import type { UiResult } from '../errors/ui-error.ts';
import { INITIAL_SIZE } from '../grid/pane-actions.ts';

/**
 * Create a worktree. Its bootstrap streams into a new pane when the grid has room (otherwise it
 * runs without one; the badge shows its progress and can open the log later).
 */
export async function createWorktree(
  services: AppServices,
  input: Omit<CreateWorktreeInput, 'openPane'>,
): Promise<UiResult<CreatedWorktree>> {
  const room = services.store.getState().layout.panes.length < MAX_PANES;
  const wantsPane = input.bootstrap !== false && room;
  const result = await callEngine(services.engine, (client) =>
    client.worktrees.create({ ...input, ...(wantsPane ? { openPane: INITIAL_SIZE } : {}) }),
  );
  if (result.ok) {
    if (result.value.sessionId) await showSession(services, result.value.sessionId);
  }
  return result;
}

/** Open a worktree's bootstrap log (following it while it runs) as a new pane. */
export async function openBootstrapLog(services: AppServices, repo: Repo, worktree: Worktree): Promise<void> {
  const { store } = services;
  if (store.getState().layout.panes.length >= MAX_PANES) {
    store.getState().pushToast('error', errorMessage({ kind: 'TOO_MANY_PANES', max: MAX_PANES }));
    return;
  }
  const session = await callEngine(services.engine, (client) =>
    client.worktrees.openBootstrapLog({ repoId: repo.id, path: worktree.path, ...INITIAL_SIZE }),
  );
  if (!session.ok) {
    store.getState().pushToast('error', errorMessage(session.error));
    return;
  }
  await showSession(services, session.value);
}

/** Run the setup again, streamed into a new pane. */
export async function rerunBootstrap(services: AppServices, repo: Repo, worktree: Worktree): Promise<void> {
  const room = services.store.getState().layout.panes.length < MAX_PANES;
  const result = await callEngine(services.engine, (client) =>
    client.worktrees.bootstrap({ repoId: repo.id, path: worktree.path, ...(room ? { openPane: INITIAL_SIZE } : {}) }),
  );
  if (!result.ok) {
    services.store.getState().pushToast('error', errorMessage(result.error));
    return;
  }
  if (result.value.sessionId) await showSession(services, result.value.sessionId);
}

/**
 * Remove a worktree. Returns the engine's answer: a refusal (changes, unmerged commits, lock) is
 * for the caller to offer "remove anyway".
 */
export async function removeWorktree(
  services: AppServices,
  repo: Repo,
  worktree: Worktree,
  force: boolean,
  stopSessions = false,
): Promise<UiResult<unknown>> {
  const result = await callEngine(services.engine, (client) =>
    client.worktrees.remove({ repoId: repo.id, path: worktree.path, force, stopSessions }),
  );
  return result;
}

/**
 * Archive a worktree (changes saved on a ref, folder removed, branch kept). Running sessions refuse
 * (WORKTREE_HAS_SESSIONS) unless `stopSessions`: the caller lists them and asks.
 */
export async function archiveWorktree(
  services: AppServices,
  repo: Repo,
  worktree: Worktree,
  stopSessions = false,
): Promise<UiResult<unknown>> {
  const result = await callEngine(services.engine, (client) =>
    client.worktrees.archive({ repoId: repo.id, path: worktree.path, stopSessions }),
  );
  if (result.ok) {
    services.store.getState().pushToast('info', `Archived ${result.value.archive.name}. Restore it from the repository's archive list.`);
  }
  return result;
}

/** Recreate an archived worktree (or a missing one, by path) with its setup in a pane. */
export async function restoreWorktree(
  services: AppServices,
  repo: Repo,
  what: { archive: string } | { path: string },
): Promise<UiResult<CreatedWorktree>> {
  const room = services.store.getState().layout.panes.length < MAX_PANES;
  const result = await callEngine(services.engine, (client) =>
    client.worktrees.restore({ repoId: repo.id, ...what, ...(room ? { openPane: INITIAL_SIZE } : {}) }),
  );
  if (result.ok) {
    if (result.value.sessionId) await showSession(services, result.value.sessionId);
  } else {
    services.store.getState().pushToast('error', errorMessage(result.error));
  }
  return result;
}

/** Forget a worktree whose folder is gone. */
export async function pruneWorktree(services: AppServices, repo: Repo, worktree: Worktree): Promise<void> {
  const result = await callEngine(services.engine, (client) => client.worktrees.prune({ repoId: repo.id, path: worktree.path }));
  if (!result.ok) services.store.getState().pushToast('error', errorMessage(result.error));
}

/** The repository's archives (for the archive list). */
export function loadArchives(services: AppServices, repoId: string): Promise<UiResult<WorktreeArchive[]>> {
  return callEngine(services.engine, (client) => client.worktrees.archives({ repoId }));
}

/** The repository's effective configuration (targets, prefix, folder) for the create dialog. */
export function loadConfig(services: AppServices, repoId: string): Promise<UiResult<RepoConfigView>> {
  return callEngine(services.engine, (client) => client.worktrees.config({ repoId }));
}

/**
 * Show a session the engine placed in the grid (by id, or with its info ahead of the event): the
 * engine's `layout.changed` may still be on its way, so the pane is opened locally at once; the
 * command is idempotent and not sent when the event already arrived.
 */
async function showSession(services: AppServices, session: string | SessionInfo): Promise<void> {
  if (typeof session !== 'string') services.store.getState().upsertSession(session);
  const id = typeof session === 'string' ? session : session.id;
  await services.layoutCommands.run({ type: 'open', sessionId: id });
}

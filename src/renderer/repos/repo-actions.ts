/**
 * What the sidebar does with repositories: add by path, remove.
 */
import type { Repo, RepoTrust } from '../../shared/protocol/index.ts';
import type { AppServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import type { UiResult } from '../errors/ui-error.ts';

/**
 * Register the repository containing `path`. On success (or if it was already added) select it;
 * the caller shows a failure inline, and nothing else changes.
 */
export async function addRepository(services: AppServices, path: string): Promise<UiResult<Repo>> {
  const result = await callEngine(services.engine, (client) => client.repos.add({ path: path.trim() }));
  const state = services.store.getState();
  if (result.ok) {
    // Its worktrees are read when its section shows them (repos.changed lists it).
    state.selectRepo(result.value.id);
    void askTrustIfNeeded(services, result.value.id);
  } else if (result.error.kind === 'REPO_ALREADY_ADDED') {
    state.selectRepo(result.error.repoId);
  }
  return result;
}

/**
 * A newly added repository that asks to run something (setup, teardown, agent entries, install
 * scripts) gets the trust dialog at once, so the user decides before creating a worktree.
 */
export async function askTrustIfNeeded(services: AppServices, repoId: string): Promise<void> {
  const trust = await callEngine(services.engine, (client) => client.trust.get({ repoId }));
  if (trust.ok && !trust.value.trusted && asksForSomething(trust.value)) services.store.getState().openTrustDialog(repoId);
}

/** Whether a repository's config or manifests ask to run anything. */
export function asksForSomething(trust: RepoTrust): boolean {
  return trust.setup.length + trust.teardown.length + trust.check.length + trust.agents.length + trust.installs.length > 0;
}

/** Ask before removing (files on disk are never touched, but the entry disappears). */
export function requestRemoveRepository(services: AppServices, repoId: string): void {
  services.store.getState().openDialog({ kind: 'confirm-remove-repo', repoId });
}

/** Unregister a repository; failures become a toast. */
export async function removeRepository(services: AppServices, repoId: string): Promise<void> {
  const result = await callEngine(services.engine, (client) => client.repos.remove({ repoId }));
  if (!result.ok) services.store.getState().pushToast('error', errorMessage(result.error));
}

/** Add every dropped folder; errors become toasts (there is no input to show them next to). */
export async function addDroppedFolders(services: AppServices, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const result = await addRepository(services, path);
    if (!result.ok) services.store.getState().pushToast('error', errorMessage(result.error));
  }
}

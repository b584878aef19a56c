/**
 * Mounts the create-worktree dialog for the repository the store names (from a repository's "+"
 * or the command palette).
 */
import { useCallback } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { CreateWorktreeDialog } from './CreateWorktreeDialog.tsx';

export function CreateWorktreeDialogHost() {
  const services = useServices();
  const repoId = useAppStore((state) => state.createWorktreeRepoId);
  const repo = useAppStore((state) => state.server.repos.find((candidate) => candidate.id === state.createWorktreeRepoId));
  const close = useCallback(() => services.store.getState().closeCreateWorktree(), [services]);
  if (repoId === null || !repo) return null;
  return <CreateWorktreeDialog key={repo.id} repo={repo} onClose={close} />;
}

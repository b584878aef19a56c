/**
 * The "+" next to a repository's name: opens the create dialog for that repository (the dialog
 * itself is mounted once at the app's root, so the command palette can open it too).
 */
import { Plus } from 'lucide-react';
import type { Repo } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { IconButton } from '../ui/IconButton.tsx';
import './worktrees.css';

export function NewWorktreeButton({ repo }: { repo: Repo }) {
  const services = useServices();
  return (
    <IconButton
      icon={Plus}
      className="repo__new-worktree"
      label={`New worktree in ${repo.name}`}
      tip="New worktree"
      onClick={() => services.store.getState().openCreateWorktree(repo.id)}
    />
  );
}


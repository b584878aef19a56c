/**
 * The "+" next to a repository's name: opens the create dialog for that repository.
 */
import { useCallback, useState } from 'react';
import type { Repo } from '../../shared/protocol/index.ts';
import { CreateWorktreeDialog } from './CreateWorktreeDialog.tsx';
import './worktrees.css';

export function NewWorktreeButton({ repo }: { repo: Repo }) {
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  return (
    <>
      <button
        type="button"
        className="icon-button repo__new-worktree"
        aria-label={`New worktree in ${repo.name}`}
        title="New worktree"
        onClick={() => setOpen(true)}
      >
        +
      </button>
      {open && <CreateWorktreeDialog repo={repo} onClose={close} />}
    </>
  );
}

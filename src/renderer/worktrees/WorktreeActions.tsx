/**
 * A worktree's lifecycle actions in the sidebar: archive / remove (asking again, with the reason,
 * when that would lose work), setup again; for a missing folder: restore / prune.
 */
import { useState } from 'react';
import type { Repo, Worktree } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { errorMessage } from '../errors/messages.ts';
import { folderName } from '../repos/worktree-label.ts';
import { archiveWorktree, pruneWorktree, removeWorktree, rerunBootstrap, restoreWorktree } from './worktree-actions.ts';

/** Refusals that "remove anyway" overrides. */
const FORCEABLE = new Set(['WORKTREE_DIRTY', 'WORKTREE_UNMERGED', 'WORKTREE_LOCKED', 'BOOTSTRAP_RUNNING']);

type Pending = { kind: 'confirm-remove' } | { kind: 'confirm-force'; reason: string } | null;

export function WorktreeActions({ repo, worktree }: { repo: Repo; worktree: Worktree }) {
  const services = useServices();
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  if (worktree.isMain) return null;
  const name = folderName(worktree.path);
  const missing = worktree.missing === true || worktree.prunable;

  const run = async (task: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await task();
    } finally {
      setBusy(false);
    }
  };

  const remove = (force: boolean) =>
    run(async () => {
      const result = await removeWorktree(services, repo, worktree, force);
      if (result.ok) return setPending(null);
      if (!force && FORCEABLE.has(result.error.kind)) return setPending({ kind: 'confirm-force', reason: errorMessage(result.error) });
      setPending(null);
      services.store.getState().pushToast('error', errorMessage(result.error));
    });

  const archive = () =>
    run(async () => {
      const result = await archiveWorktree(services, repo, worktree);
      if (!result.ok) services.store.getState().pushToast('error', errorMessage(result.error));
    });

  if (pending) {
    return (
      <div className="worktree-confirm" role="group" aria-label={`Confirm removing ${name}`}>
        <span className="worktree-confirm__text">
          {pending.kind === 'confirm-force' ? pending.reason : `Remove ${name}? The branch is kept.`}
        </span>
        <button type="button" className="button button--small" onClick={() => setPending(null)}>
          Cancel
        </button>
        <button
          type="button"
          className="button button--small button--danger"
          disabled={busy}
          onClick={() => void remove(pending.kind === 'confirm-force')}
        >
          {pending.kind === 'confirm-force' ? 'Remove anyway' : 'Remove'}
        </button>
      </div>
    );
  }

  if (missing) {
    return (
      <div className="worktree-actions">
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          aria-label={`Restore ${name}`}
          title="Check the branch out again in the same folder"
          onClick={() => void run(async () => void (await restoreWorktree(services, repo, { path: worktree.path })))}
        >
          Restore
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          aria-label={`Prune ${name}`}
          title="Forget this worktree (the branch is kept)"
          onClick={() => void run(() => pruneWorktree(services, repo, worktree))}
        >
          Prune
        </button>
      </div>
    );
  }

  return (
    <div className="worktree-actions">
      <button
        type="button"
        className="icon-button"
        disabled={busy}
        aria-label={`Set up ${name} again`}
        title="Run the setup again"
        onClick={() => void rerunBootstrap(services, repo, worktree)}
      >
        ↻
      </button>
      <button
        type="button"
        className="icon-button"
        disabled={busy}
        aria-label={`Archive ${name}`}
        title="Archive: save uncommitted changes, run teardown, remove the folder, keep the branch"
        onClick={() => void archive()}
      >
        ⤓
      </button>
      <button
        type="button"
        className="icon-button"
        disabled={busy}
        aria-label={`Remove ${name}`}
        title="Remove the worktree (the branch is kept)"
        onClick={() => setPending({ kind: 'confirm-remove' })}
      >
        ×
      </button>
    </div>
  );
}

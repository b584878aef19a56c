/**
 * A worktree row's fix actions: "Fix a bug here" on every worktree with a branch, "Land" on a
 * fix worktree (one with a recorded parent), "Restack" on a worktree whose children fork from an
 * older commit of its branch.
 */
import { ArrowUpFromLine, Bug } from 'lucide-react';
import type { Repo, Worktree } from '../../shared/protocol/index.ts';
import { IconButton } from '../ui/IconButton.tsx';
import { useServices } from '../app/services.ts';
import { folderName } from '../repos/worktree-label.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { restackChildren } from './fix-actions.ts';
import { Tip } from '../ui/Tip.tsx';

export function FixActions({ repo, worktree }: { repo: Repo; worktree: Worktree }) {
  const services = useServices();
  const listing = useWorktreeListing(repo.id);
  const hasChildren = worktree.branch !== null && listing.worktrees.some((other) => other.parent === worktree.branch);
  if (worktree.branch === null || worktree.missing || worktree.prunable) return null;
  const name = folderName(worktree.path);
  const { openFixDialog } = services.store.getState();
  return (
    <>
      <IconButton
        icon={Bug}
        label={`Fix a bug here: ${name}`}
        tip="Fix a bug here: branch a fix in its own worktree, with an agent, landing on the target without a hop"
        onClick={() => openFixDialog({ kind: 'start', repoId: repo.id, worktreePath: worktree.path })}
      />
      {worktree.parent && (
        <Tip content={`Land: only this fix's commits onto its target, then into ${worktree.parent}`}>
          <button
            type="button"
            className="button button--small"
            aria-label={`Land ${name}`}
            onClick={() => openFixDialog({ kind: 'land', repoId: repo.id, worktreePath: worktree.path })}
          >
            Land
          </button>
        </Tip>
      )}
      {hasChildren && (
        <IconButton
          icon={ArrowUpFromLine}
          label={`Restack children of ${name}`}
          tip="Restack: rebase the branches started from this one onto its current tip"
          onClick={() => void restackChildren(services, repo, worktree)}
        />
      )}
    </>
  );
}

/**
 * A worktree row's fix actions: "Fix a bug here" on every worktree with a branch, "Land" on a
 * fix worktree (one with a recorded parent), and a branch menu: integrate branches here (an
 * integrator worktree), mark or unmark it as integrator, restack the branches started from it.
 */
import { ArrowUpFromLine, Bug, GitMerge, GitPullRequestArrow } from 'lucide-react';
import type { Repo, Worktree } from '../../shared/protocol/index.ts';
import { IconButton } from '../ui/IconButton.tsx';
import { Menu, type MenuItem } from '../ui/Menu.tsx';
import { useServices } from '../app/services.ts';
import { folderName } from '../repos/worktree-label.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { setIntegrator } from './fix-actions.ts';
import { Tip } from '../ui/Tip.tsx';

export function FixActions({ repo, worktree }: { repo: Repo; worktree: Worktree }) {
  const services = useServices();
  const listing = useWorktreeListing(repo.id);
  const hasChildren = worktree.branch !== null && listing.worktrees.some((other) => other.parent === worktree.branch);
  if (worktree.branch === null || worktree.missing || worktree.prunable) return null;
  const name = folderName(worktree.path);
  const { openFixDialog } = services.store.getState();
  const branchItems: MenuItem[] = [
    {
      label: worktree.integrator ? 'Integrate branches here…' : 'Integrate branches here (makes it an integrator)…',
      icon: GitMerge,
      onSelect: () => openFixDialog({ kind: 'integrate', repoId: repo.id, worktreePath: worktree.path }),
    },
    ...(worktree.integrator ? [{ label: 'No longer an integrator', icon: GitPullRequestArrow, onSelect: () => void setIntegrator(services, repo, worktree, false) }] : []),
    ...(hasChildren
      ? [{ label: 'Restack the branches started here…', icon: ArrowUpFromLine, onSelect: () => openFixDialog({ kind: 'restack', repoId: repo.id, worktreePath: worktree.path }) }]
      : []),
  ];
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
      <Menu
        label={`Branch actions for ${name}`}
        items={branchItems}
        trigger={
          <button type="button" className="icon-button" aria-label={`Branch actions for ${name}`} title="Integrate, restack">
            <GitMerge size={14} aria-hidden="true" />
          </button>
        }
      />
    </>
  );
}

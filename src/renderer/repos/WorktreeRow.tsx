/**
 * One worktree: folder, branch (or detached commit), badges, and "Shell" to open a terminal in it.
 */
import type { ReactNode } from 'react';
import type { Repo, Worktree } from '../../shared/protocol/index.ts';
import { StartAgentButton, WorktreeAgents } from '../agents/WorktreeAgents.tsx';
import { useServices } from '../app/services.ts';
import { openShell } from '../grid/pane-actions.ts';
import { branchLabel, folderName, worktreeBadges } from './worktree-label.ts';
import { BootstrapBadge } from '../worktrees/BootstrapBadge.tsx';
import { WorktreeActions } from '../worktrees/WorktreeActions.tsx';
import { CiBadge } from '../ci/CiBadge.tsx';
import { TargetBadges } from '../git-map/TargetBadges.tsx';
import { Tip } from '../ui/Tip.tsx';

export interface WorktreeRowProps {
  repo: Repo;
  worktree: Worktree;
  /** More badges in the row's one badge line (CI status, git-map targets), after the built-in ones. */
  badges?: ReactNode;
}

export function WorktreeRow({ repo, worktree, badges }: WorktreeRowProps) {
  const services = useServices();
  const folder = folderName(worktree.path);
  const branch = branchLabel(worktree);
  const canOpen = !worktree.prunable && !worktree.missing;

  return (
    <li className="worktree" data-testid="worktree-row" data-path={worktree.path} title={worktree.path}>
      <div className="worktree__text">
        <div className="worktree__folder">{folder}</div>
        {/* Compact: the branch only when it says something the folder name does not. */}
        {branch !== folder && (
          <div className={`worktree__branch${worktree.branch ? '' : ' worktree__branch--detached'}`}>{branch}</div>
        )}
      </div>
      <div className="worktree__badges">
        {worktreeBadges(worktree).map((badge) => (
          <Tip key={badge.kind} content={badge.title}>
            <span className={`badge badge--${badge.kind}`}>
              {badge.label}
            </span>
          </Tip>
        ))}
        <BootstrapBadge repo={repo} worktree={worktree} />
        <CiBadge worktree={worktree.path} />
        <TargetBadges repo={repo} worktree={worktree} />
        <WorktreeAgents worktree={worktree} />
        {badges}
      </div>
      {/* One group, so that on a narrow sidebar the buttons wrap together under the names. */}
      <div className="worktree__buttons">
        <WorktreeActions repo={repo} worktree={worktree} />
        <StartAgentButton repo={repo} worktree={worktree} />
        <Tip content={canOpen ? `Open a shell in ${worktree.path}` : 'The worktree folder is missing'}>
          <button
            type="button"
            className="button button--small worktree__open"
            disabled={!canOpen}
            aria-label={`Open shell in ${folder}`}
            onClick={() => void openShell(services, repo, worktree)}
          >
            Shell
          </button>
        </Tip>
      </div>
    </li>
  );
}

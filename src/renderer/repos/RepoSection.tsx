/**
 * One repository in the sidebar: a header (collapse, name, remove) and its worktrees.
 */
import type { Repo } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { errorMessage } from '../errors/messages.ts';
import { requestRemoveRepository } from './repo-actions.ts';
import { WorktreeRow } from './WorktreeRow.tsx';
import { ArchivedWorktrees } from '../worktrees/ArchivedWorktrees.tsx';
import { NewWorktreeButton } from '../worktrees/NewWorktreeButton.tsx';
import { TrustChip } from './TrustChip.tsx';
import { Tip } from '../ui/Tip.tsx';

export function RepoSection({ repo }: { repo: Repo }) {
  const services = useServices();
  const listing = useWorktreeListing(repo.id);
  const collapsed = useAppStore((state) => state.collapsedRepoIds.has(repo.id));
  const selected = useAppStore((state) => state.selectedRepoId === repo.id);
  const { selectRepo, toggleRepoCollapsed } = services.store.getState();

  return (
    <section
      className={`repo${selected ? ' repo--selected' : ''}`}
      data-testid="repo-section"
      data-repo-id={repo.id}
    >
      <div className="repo__header">
        <Tip content={repo.path}>
          <button
            type="button"
            className="repo__toggle"
            aria-expanded={!collapsed}
            onClick={() => {
              selectRepo(repo.id);
              toggleRepoCollapsed(repo.id);
            }}
          >
            <span className={`caret${collapsed ? ' caret--collapsed' : ''}`} aria-hidden="true" />
            <span className="repo__name">{repo.name}</span>
            {listing?.loaded && <span className="repo__count">{listing.worktrees.length}</span>}
          </button>
        </Tip>
        <TrustChip repoId={repo.id} />
        <NewWorktreeButton repo={repo} />
        <button
          type="button"
          className="icon-button repo__remove"
          aria-label={`Remove repository ${repo.name}`}
          title="Remove from the list (nothing on disk changes)"
          onClick={() => requestRemoveRepository(services, repo.id)}
        >
          ×
        </button>
      </div>
      {!collapsed && (
        <div className="repo__body">
          {/* Right-to-left so a long path is cut at its start; <bdi> keeps the slashes in place. */}
          <div className="repo__path" title={repo.path}>
            <bdi>{repo.path}</bdi>
          </div>
          {listing?.error && <p className="repo__error">{errorMessage(listing.error)}</p>}
          {!listing?.loaded && <p className="repo__loading">Reading worktrees…</p>}
          <ul className="worktrees">
            {listing?.worktrees.map((worktree) => (
              <WorktreeRow key={worktree.path} repo={repo} worktree={worktree} />
            ))}
          </ul>
          <ArchivedWorktrees repo={repo} />
        </div>
      )}
    </section>
  );
}

/**
 * A repository's archived worktrees, each with "Restore". Re-read whenever the repository's
 * worktree listing changes (archiving and restoring both change it).
 */
import { useEffect, useState } from 'react';
import type { Repo, WorktreeArchive } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { loadArchives, restoreWorktree } from './worktree-actions.ts';

export function ArchivedWorktrees({ repo }: { repo: Repo }) {
  const services = useServices();
  const listing = useWorktreeListing(repo.id);
  const [archives, setArchives] = useState<readonly WorktreeArchive[]>([]);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let live = true;
    void loadArchives(services, repo.id).then((result) => {
      if (live && result.ok) setArchives(result.value);
    });
    return () => {
      live = false;
    };
  }, [services, repo.id, listing]);

  if (archives.length === 0) return null;
  return (
    <div className="archives" data-testid="archived-worktrees">
      <button type="button" className="archives__toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className={`caret${open ? '' : ' caret--collapsed'}`} aria-hidden="true" />
        Archived ({archives.length})
      </button>
      {open && (
        <ul className="archives__list">
          {archives.map((archive) => (
            <li key={archive.ref} className="archives__item" title={`${archive.path}\n${archive.ref}`}>
              <span className="archives__name">{archive.name}</span>
              <span className="archives__branch">{archive.branch ?? 'detached'}</span>
              <button
                type="button"
                className="button button--small"
                aria-label={`Restore archive ${archive.name}`}
                onClick={() => void restoreWorktree(services, repo, { archive: archive.name })}
              >
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

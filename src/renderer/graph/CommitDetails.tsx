/**
 * The selected commit: what it is, where it is merged, and what can be done with it.
 */
import type { GraphRow, Worktree } from '../../shared/protocol/index.ts';
import { FixActions } from './FixActions.tsx';
import { availableActions } from './graph-actions.ts';
import { Tip } from '../ui/Tip.tsx';

interface Props {
  readonly repoId: string;
  readonly row: GraphRow;
  readonly targets: readonly string[];
  readonly worktrees: readonly Worktree[];
  readonly onJump: (sha: string) => void;
  readonly onApplied: () => void;
  /**
   * "Branch a fix from here" (issue 10): shown once `worktrees.branchFix` exists and the page
   * passes a handler for it.
   */
  readonly onBranchFix?: (sha: string) => void;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

export function CommitDetails({ repoId, row, targets, worktrees, onJump, onApplied, onBranchFix }: Props) {
  const actions = availableActions();
  const branchFix = actions.find((action) => action.id === 'branch-fix');
  const when = new Date(row.time * 1000);
  return (
    <aside className="commit-details" aria-label="Commit details" data-testid="commit-details">
      <h3 className="commit-details__subject">{row.subject || '(no subject)'}</h3>
      <dl className="commit-details__facts">
        <dt>Commit</dt>
        <dd>
          <code data-testid="commit-details-sha">{row.sha}</code>
          <button type="button" className="link-button" onClick={() => void navigator.clipboard?.writeText(row.sha)}>
            Copy
          </button>
        </dd>
        <dt>Author</dt>
        <dd>{row.author}</dd>
        <dt>Date</dt>
        <dd>
          <time dateTime={when.toISOString()}>{when.toLocaleString()}</time>
        </dd>
        <dt>{row.parents.length > 1 ? 'Parents' : 'Parent'}</dt>
        <dd>
          {row.parents.length === 0 && <span className="commit-details__none">none (a root commit)</span>}
          {row.parents.map((parent) => (
            <button key={parent} type="button" className="link-button commit-details__parent" onClick={() => onJump(parent)}>
              <code>{parent.slice(0, 10)}</code>
            </button>
          ))}
        </dd>
        {(row.refs.length > 0 || row.worktrees.length > 0) && (
          <>
            <dt>Refs</dt>
            <dd className="commit-details__refs">
              {row.refs.map((ref) => (
                <span key={`${ref.kind}:${ref.name}`} className={`ref-chip ref-chip--${ref.target ? 'target' : ref.worktree ? 'worktree' : ref.kind}`}>
                  {ref.name}
                  {ref.target && ' · target'}
                  {ref.worktree && ` · worktree ${baseName(ref.worktree)}`}
                </span>
              ))}
              {row.worktrees.map((path) => (
                <span key={path} className="ref-chip ref-chip--worktree">
                  worktree {baseName(path)} (detached)
                </span>
              ))}
            </dd>
          </>
        )}
      </dl>
      {targets.length > 0 && (
        <section className="commit-details__section">
          <h4>Merged into (by ancestry)</h4>
          <ul className="commit-details__targets" data-testid="commit-details-targets">
            {targets.map((target, bit) => {
              const merged = (row.inTargets & (1 << bit)) !== 0;
              return (
                <li key={target} className={merged ? 'is-merged' : 'is-unmerged'}>
                  <span aria-hidden="true">{merged ? '✓' : '✗'}</span> {target}
                  <span className="commit-details__state">{merged ? 'contains it' : 'does not contain it'}</span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {actions.some((action) => action.id !== 'branch-fix') && (
        <FixActions repoId={repoId} row={row} actions={actions} worktrees={worktrees} onApplied={onApplied} />
      )}
      {branchFix && onBranchFix && (
        <section className="commit-details__section commit-details__actions">
          <Tip content={branchFix.title}>
            <button type="button" className="button" data-testid="commit-action-branch-fix" onClick={() => onBranchFix(row.sha)}>
              {branchFix.label}
            </button>
          </Tip>
        </section>
      )}
    </aside>
  );
}

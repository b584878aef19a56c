/**
 * What can be done with a selected commit: where its fix is (every target and worktree branch:
 * the commit itself, an equivalent, or missing), and applying it (`cherry-pick -x`) to chosen
 * worktrees, with each worktree's outcome: applied, already there, a conflict left in progress
 * (abort it, or hand it to the worktree's agent), or refused (dirty, busy).
 */
import { useEffect, useState } from 'react';
import type { ApplyOutcome, FixPresence, GraphRow, Worktree } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import type { UiError } from '../errors/ui-error.ts';
import type { CommitAction } from './graph-actions.ts';
import { Tip } from '../ui/Tip.tsx';
import { Checkbox } from '../ui/Checkbox.tsx';

interface Props {
  readonly repoId: string;
  readonly row: GraphRow;
  readonly actions: readonly CommitAction[];
  readonly worktrees: readonly Worktree[];
  /** After an apply made commits: the graph re-reads. */
  readonly onApplied: () => void;
}

const PRESENCE_TEXT: Record<FixPresence['branches'][number]['presence'], string> = {
  contains: 'has it',
  equivalent: 'has an equivalent',
  missing: 'missing',
};

function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

export function FixActions({ repoId, row, actions, worktrees, onApplied }: Props) {
  const services = useServices();
  const [presence, setPresence] = useState<FixPresence | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [allowDirty, setAllowDirty] = useState(false);
  const [outcomes, setOutcomes] = useState<readonly ApplyOutcome[] | null>(null);
  const repo = { repoId };

  // Another commit: nothing from the previous one applies.
  useEffect(() => {
    setPresence(null);
    setChoosing(false);
    setOutcomes(null);
    setError(null);
  }, [row.sha]);

  const check = async (): Promise<FixPresence | null> => {
    setBusy('check');
    const result = await callEngine(services.engine, (client) => client.gitMap.contains({ repo, commit: row.sha }));
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return null;
    }
    setError(null);
    setPresence(result.value);
    return result.value;
  };

  const openApply = async (): Promise<void> => {
    const known = presence ?? (await check());
    if (!known) return;
    // Preselect the worktrees that miss the fix.
    const missing = new Set(known.branches.filter((entry) => entry.worktree && entry.presence === 'missing').map((entry) => entry.worktree!));
    setChosen(missing);
    setOutcomes(null);
    setChoosing(true);
  };

  const apply = async (): Promise<void> => {
    setBusy('apply');
    const result = await callEngine(services.engine, (client) =>
      client.gitMap.apply({ repo, commit: row.sha, worktrees: [...chosen], ...(allowDirty ? { allowDirty } : {}) }),
    );
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setError(null);
    setChoosing(false);
    setOutcomes(result.value);
    if (result.value.some((outcome) => outcome.outcome === 'applied')) {
      onApplied();
      await check();
    }
  };

  const abort = async (worktree: string): Promise<void> => {
    const result = await callEngine(services.engine, (client) => client.gitMap.abortApply({ repo, worktree }));
    if (!result.ok) return setError(result.error);
    setOutcomes((current) => current?.map((outcome) => (outcome.worktree === worktree ? { ...outcome, outcome: 'refused', error: null, conflictedPaths: [] } : outcome)) ?? null);
  };

  const handToAgent = async (worktree: string): Promise<void> => {
    const result = await callEngine(services.engine, (client) => client.gitMap.handToAgent({ repo, worktree, commit: row.sha }));
    if (!result.ok) return setError(result.error);
    services.store.getState().setGraphPageOpen(false);
  };

  const has = (id: CommitAction['id']): CommitAction | undefined => actions.find((action) => action.id === id);
  const checkAction = has('check-fix');
  const applyAction = has('apply-fix');
  const candidates = worktrees.filter((worktree) => worktree.branch !== null && !worktree.missing);

  return (
    <section className="commit-details__section" data-testid="fix-actions">
      <div className="commit-details__actions">
        {checkAction && (
          <Tip content={checkAction.title}>
            <button type="button" className="button" data-testid="fix-check" disabled={busy !== null} onClick={() => void check()}>
              {busy === 'check' ? 'Checking…' : checkAction.label}
            </button>
          </Tip>
        )}
        {applyAction && (
          <Tip content={applyAction.title}>
            <button type="button" className="button" data-testid="fix-apply-open" disabled={busy !== null} onClick={() => void openApply()}>
              {applyAction.label}
            </button>
          </Tip>
        )}
      </div>
      {error && (
        <p className="form-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      {presence && (
        <ul className="fix-presence" data-testid="fix-presence" aria-label="Fix presence">
          {presence.branches.map((entry) => (
            <li key={`${entry.branch ?? ''}:${entry.worktree ?? ''}`} data-presence={entry.presence} data-branch={entry.branch ?? ''}>
              <span className={`fix-presence__badge fix-presence__badge--${entry.presence}`}>{PRESENCE_TEXT[entry.presence]}</span>
              <span className="fix-presence__name">
                {entry.isTarget ? '◎ ' : entry.worktree ? '⌂ ' : ''}
                {entry.branch ?? `${folderName(entry.worktree ?? '')} (detached)`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {choosing && (
        <div className="fix-apply" data-testid="fix-apply">
          <p className="fix-apply__hint">Cherry-pick (with -x) into:</p>
          {candidates.map((worktree) => (
            <Checkbox
              key={worktree.path}
              title={worktree.path}
              label={`Apply to ${folderName(worktree.path)}`}
              checked={chosen.has(worktree.path)}
              onCheckedChange={() =>
                setChosen((current) => {
                  const next = new Set(current);
                  if (!next.delete(worktree.path)) next.add(worktree.path);
                  return next;
                })
              }
            >
              {folderName(worktree.path)} <span className="fix-apply__branch">{worktree.branch}</span>
              {worktree.dirty && <span className="fix-apply__dirty">uncommitted changes</span>}
            </Checkbox>
          ))}
          <Checkbox checked={allowDirty} onCheckedChange={setAllowDirty}>
            Also into worktrees with uncommitted changes
          </Checkbox>
          <div className="commit-details__actions">
            <button type="button" className="button button--primary" data-testid="fix-apply-run" disabled={chosen.size === 0 || busy !== null} onClick={() => void apply()}>
              {busy === 'apply' ? 'Applying…' : `Apply to ${chosen.size} worktree${chosen.size === 1 ? '' : 's'}`}
            </button>
            <button type="button" className="button" onClick={() => setChoosing(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {outcomes && (
        <ul className="fix-outcomes" data-testid="fix-outcomes" aria-label="Apply results">
          {outcomes.map((outcome) => (
            <li key={outcome.worktree} data-outcome={outcome.outcome} data-worktree={outcome.worktree}>
              <strong>{folderName(outcome.worktree)}</strong>{' '}
              {outcome.outcome === 'applied' && <>applied as <code>{outcome.commit?.slice(0, 8)}</code></>}
              {outcome.outcome === 'already-present' && 'already has it'}
              {outcome.outcome === 'refused' && (outcome.error ? errorMessage(outcome.error) : 'not applied')}
              {outcome.outcome === 'conflict' && (
                <>
                  conflicts in {outcome.conflictedPaths.join(', ') || 'some files'}; the cherry-pick is left in progress.
                  <span className="commit-details__actions">
                    <button type="button" className="button" onClick={() => void abort(outcome.worktree)}>
                      Abort
                    </button>
                    <button type="button" className="button" onClick={() => void handToAgent(outcome.worktree)}>
                      Hand to its agent
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

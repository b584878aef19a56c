/**
 * "Land": put only the fix's own commits on the chosen targets and bring the fix into the
 * worktree it came from, in one action. Shows the result per target; a conflict lists its files
 * and offers to hand it to the agent; a success offers to archive the fix worktree.
 */
import { useEffect, useState } from 'react';
import type { LandResult, SourceMode } from '../../shared/protocol/index.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { errorMessage } from '../errors/messages.ts';
import { ModalForm } from '../feedback/ModalForm.tsx';
import { Select } from '../ui/Select.tsx';
import { folderName } from '../repos/worktree-label.ts';
import { archiveWorktree } from '../worktrees/worktree-actions.ts';
import { handConflictToAgent, landFix, landTargets } from './fix-actions.ts';
import { landLines } from './land-view.ts';
import { Checkbox } from '../ui/Checkbox.tsx';

const SOURCE_MODES: ReadonlyArray<[SourceMode, string]> = [
  ['cherry-pick', 'Cherry-pick the fix'],
  ['merge', 'Merge the fix branch'],
  ['rebase', 'Rebase onto the fix'],
  ['skip', 'Leave it'],
];

export function LandDialog({ repoId, worktreePath, onClose }: { repoId: string; worktreePath: string; onClose: () => void }) {
  const services = useServices();
  const repo = useAppStore((state) => state.server.repos.find((candidate) => candidate.id === repoId));
  const worktree = useWorktreeListing(repoId).worktrees.find((candidate) => candidate.path === worktreePath);
  const [targets, setTargets] = useState<string[] | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [source, setSource] = useState<SourceMode>('cherry-pick');
  const [result, setResult] = useState<LandResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!repo || !worktree || targets !== null) return;
    void landTargets(services, repo, worktree).then((names) => {
      setTargets(names);
      setChosen(new Set(names.slice(0, 1)));
    });
  }, [services, repo, worktree, targets]);

  if (!repo || !worktree) return null;
  const name = folderName(worktreePath);

  const land = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    if (result?.landed) {
      // Second press after a success: archive the fix worktree (the branch is kept).
      setBusy(true);
      // Archiving the fix worktree ends its agent too: the work is committed and landed.
      const archived = await archiveWorktree(services, repo, worktree, true);
      setBusy(false);
      if (!archived.ok) return setError(errorMessage(archived.error));
      return onClose();
    }
    if (result && !result.landed) {
      setBusy(true);
      const failure = await handConflictToAgent(services, repoId, worktreePath, result.conflict.target, result.conflict.files);
      setBusy(false);
      if (failure) return setError(failure);
      services.store.getState().pushToast('info', `Sent the conflict to the agent in ${name}. Land again when it is resolved.`);
      return onClose();
    }
    setBusy(true);
    const landed = await landFix(services, repoId, worktreePath, [...chosen], source);
    setBusy(false);
    if (!landed.ok) return setError(errorMessage(landed.error));
    setError(null);
    setResult(landed.value);
  };

  const submitLabel = busy ? 'Working…' : result?.landed ? 'Archive fix worktree' : result ? 'Hand to agent' : `Land on ${[...chosen].join(' + ') || '…'}`;
  const problem = result === null && chosen.size === 0 ? 'Choose at least one target.' : null;
  return (
    <ModalForm
      title={<>Land {worktree.branch ?? name}</>}
      className="agent-dialog land-dialog"
      testId="land-dialog"
      onClose={onClose}
      onSubmit={land}
      error={error}
      submit={{ label: submitLabel, disabled: busy || problem !== null, title: problem ?? undefined }}
    >
      {result === null ? (
        <>
          <p className="field__hint">
            Only the fix&apos;s own commits go to each target (forked from {worktree.parent ?? 'its parent'}); checked-out files are never touched, and a conflict
            anywhere changes nothing.
          </p>
          <fieldset className="field">
            <legend className="field__label">Targets</legend>
            {targets === null && <span className="field__hint">Loading…</span>}
            {targets?.map((target) => (
              <Checkbox
                key={target}
                label={`Land on ${target}`}
                checked={chosen.has(target)}
                onCheckedChange={() =>
                  setChosen((previous) => {
                    const next = new Set(previous);
                    if (!next.delete(target)) next.add(target);
                    return next;
                  })
                }
              >
                <span>{target}</span>
              </Checkbox>
            ))}
          </fieldset>
          <label className="field">
            <span className="field__label">Then, in {worktree.parent ?? 'the source'}</span>
            <Select label="Source update" value={source} options={SOURCE_MODES.map(([mode, label]) => ({ value: mode, label }))} onChange={(value) => setSource(value as SourceMode)} />
          </label>
        </>
      ) : (
        <ul className="land-result" data-testid="land-result">
          {landLines(result).map((line) => (
            <li key={line.text} className={`land-result__line land-result__line--${line.tone}`}>
              {line.text}
            </li>
          ))}
          {result.landed && <li className="field__hint">Archive the fix worktree? Its sessions stop; its branch is kept.</li>}
          {!result.landed && <li className="field__hint">Hand the conflict to the agent in {name} with what it needs to resolve it.</li>}
        </ul>
      )}
    </ModalForm>
  );
}

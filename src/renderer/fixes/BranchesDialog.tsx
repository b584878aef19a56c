/**
 * Two dialogs over a list of branches to choose from, then one result line per branch:
 * - **Restack**: the children of a branch that moved (rebased or amended) — each shown as up to
 *   date, behind or diverged, the stale ones checked — rebased onto it (`--update-refs`);
 * - **Integrate**: branches merged into an integrator worktree in dependency order (parents
 *   first), marking the worktree as integrator on the first run.
 * A conflict leaves that branch as it was and says which files; the others go on.
 */
import { useEffect, useState } from 'react';
import type { ChildResult } from '../../shared/protocol/index.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { useServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import { ModalForm } from '../feedback/ModalForm.tsx';
import { folderName } from '../repos/worktree-label.ts';
import { childLines, integrateChoices, restackChoices, type BranchChoice } from './branches-view.ts';
import { Checkbox } from '../ui/Checkbox.tsx';

export function BranchesDialog({ mode, repoId, worktreePath, onClose }: { mode: 'restack' | 'integrate'; repoId: string; worktreePath: string; onClose: () => void }) {
  const services = useServices();
  const listing = useWorktreeListing(repoId);
  const worktree = listing.worktrees.find((candidate) => candidate.path === worktreePath);
  const [choices, setChoices] = useState<BranchChoice[] | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [results, setResults] = useState<ChildResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!worktree || choices !== null) return;
    const show = (list: BranchChoice[]): void => {
      setChoices(list);
      setChosen(new Set(list.filter((choice) => choice.checked).map((choice) => choice.branch)));
    };
    if (mode === 'integrate') return show(integrateChoices(listing.worktrees, worktree));
    void callEngine(services.engine, (client) => client.fixes.children({ repoId, parent: worktreePath })).then((children) => {
      if (children.ok) show(restackChoices(children.value));
      else {
        setError(errorMessage(children.error));
        show([]);
      }
    });
  }, [services, mode, repoId, worktreePath, worktree, listing.worktrees, choices]);

  if (!worktree) return null;
  const name = worktree.branch ?? folderName(worktreePath);

  const run = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    if (results) return onClose();
    setBusy(true);
    setError(null);
    const branches = [...chosen];
    if (mode === 'integrate' && !worktree.integrator) {
      const marked = await callEngine(services.engine, (client) => client.fixes.setIntegrator({ repoId, worktree: worktreePath, integrator: true }));
      if (!marked.ok) {
        setBusy(false);
        return setError(errorMessage(marked.error));
      }
    }
    const outcome =
      mode === 'integrate'
        ? await callEngine(services.engine, (client) => client.fixes.integrate({ repoId, integrator: worktreePath, children: branches })).then((result) =>
            result.ok ? { ok: true as const, value: result.value.results } : result,
          )
        : await callEngine(services.engine, (client) => client.fixes.restack({ repoId, parent: worktreePath, children: branches }));
    setBusy(false);
    services.worktreeData.refresh(repoId);
    if (!outcome.ok) return setError(errorMessage(outcome.error));
    setResults(outcome.value);
  };

  const verb = mode === 'integrate' ? 'Merge' : 'Restack';
  const problem = results === null && chosen.size === 0 ? 'Choose at least one branch.' : null;
  const label = busy ? 'Working…' : results ? 'Close' : `${verb} ${chosen.size} branch${chosen.size === 1 ? '' : 'es'}`;
  return (
    <ModalForm
      title={mode === 'integrate' ? <>Integrate into {name}</> : <>Restack the children of {name}</>}
      className="agent-dialog land-dialog"
      testId={`${mode}-dialog`}
      onClose={onClose}
      onSubmit={run}
      error={error}
      submit={{ label, disabled: busy || problem !== null, title: problem ?? undefined }}
      cancel={results === null}
    >
      {results === null ? (
        <>
          <p className="field__hint">
            {mode === 'integrate'
              ? `Merged into ${name} one by one, parents before their children. A conflict leaves ${name} at the last good merge and skips what depends on it.`
              : `Rebased onto the current tip of ${name}, keeping branches stacked on them in place. A conflict leaves that branch as it was.`}
          </p>
          <fieldset className="field">
            <legend className="field__label">Branches</legend>
            {choices === null && <span className="field__hint">Loading…</span>}
            {choices?.length === 0 && <span className="field__hint">{mode === 'integrate' ? 'No other branch has a worktree.' : 'No branch was started from this one.'}</span>}
            {choices?.map((choice) => (
              <Checkbox
                key={choice.branch}
                label={`${verb} ${choice.branch}`}
                checked={chosen.has(choice.branch)}
                onCheckedChange={() =>
                  setChosen((previous) => {
                    const next = new Set(previous);
                    if (!next.delete(choice.branch)) next.add(choice.branch);
                    return next;
                  })
                }
              >
                <span>{choice.branch}</span>
                <span className="field__hint"> · {choice.note}</span>
              </Checkbox>
            ))}
          </fieldset>
        </>
      ) : (
        <ul className="land-result" data-testid={`${mode}-result`}>
          {results.length === 0 && <li className="land-result__line land-result__line--ok">Nothing to do: every branch is up to date.</li>}
          {childLines(results).map((line) => (
            <li key={line.text} className={`land-result__line land-result__line--${line.tone}`}>
              {line.text}
            </li>
          ))}
        </ul>
      )}
    </ModalForm>
  );
}

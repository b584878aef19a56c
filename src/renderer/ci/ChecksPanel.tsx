/**
 * A worktree's checks: its PR (or "Create PR" with push progress), every check run with its link,
 * the local checks with "Run checks", the auto-triage toggle, and the last failure's cleaned
 * log tail. A Radix dialog: focus trap, Escape and the overlay close it.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState } from 'react';
import type { CiFailureLog, CiStatus, CiWorktree } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import { ciBadge, createPrBlocker, waitingText } from './ci-view.ts';
import { GitHubTokenForm, wantsTokenForm } from './GitHubTokenForm.tsx';
import { Tip } from '../ui/Tip.tsx';
import { Checkbox } from '../ui/Checkbox.tsx';
import { useReturnFocus } from '../feedback/ModalForm.tsx';

export function ChecksPanel() {
  const services = useServices();
  const open = useAppStore((state) => state.ciPanel);
  const ci = useAppStore((state) => (state.ciPanel ? state.ciByWorktree.get(state.ciPanel) : undefined));
  const github = useAppStore((state) => state.ci?.github ?? null);
  const close = (): void => services.store.getState().closeCiPanel();
  const shown = open !== null && ci !== undefined;
  // Opened from the store (a badge, the palette), not a Dialog.Trigger: Radix would leave the
  // focus on the page's body on close, so the opener is recorded and gets it back.
  const returnFocus = useReturnFocus(shown);
  return (
    <Dialog.Root open={shown} onOpenChange={(next) => (next ? undefined : close())}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-backdrop" />
        <Dialog.Content className="modal ci-panel" data-testid="ci-panel" aria-describedby={undefined} onCloseAutoFocus={returnFocus}>
          {ci && <PanelBody ci={ci} github={github} />}
          <div className="modal__buttons">
            <Dialog.Close className="button">Close</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function PanelBody({ ci, github }: { ci: CiWorktree; github: CiStatus['github'] | null }) {
  const services = useServices();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'pr' | 'checks' | 'toggle' | null>(null);
  const [log, setLog] = useState<CiFailureLog | null>(null);
  // The toggle shows the user's choice at once and keeps showing it until the engine's state
  // agrees (its answer or a ci.changed, whichever comes first) or the call fails: clearing it
  // when the call returns would flip the box back for as long as the old state is still shown.
  const [toggled, setToggled] = useState<boolean | null>(null);
  useEffect(() => {
    if (toggled !== null && toggled === ci.triage.enabled) setToggled(null);
  }, [toggled, ci.triage.enabled]);
  const signature = ci.lastFailure?.signature ?? null;

  useEffect(() => {
    let live = true;
    if (signature === null) {
      setLog(null);
      return;
    }
    void callEngine(services.engine, (client) => client.ci.failureLog({ worktree: ci.worktree })).then((result) => {
      if (live) setLog(result.ok ? result.value : null);
    });
    return () => {
      live = false;
    };
  }, [services, ci.worktree, signature]);

  const run = async (what: 'pr' | 'checks' | 'toggle', call: () => Promise<{ ok: boolean; error?: Parameters<typeof errorMessage>[0] }>) => {
    setBusy(what);
    setError(null);
    const result = await call();
    setBusy(null);
    if (!result.ok && result.error) setError(errorMessage(result.error));
  };
  const badge = ciBadge(ci);
  const blocker = createPrBlocker(ci);
  const pushing = ci.push && (ci.push.phase === 'pushing' || ci.push.phase === 'creating-pr');
  const hasOpenPr = ci.pr !== null && (ci.pr.state === 'open' || ci.pr.state === 'draft');

  return (
    <>
      <Dialog.Title className="modal__title">
        Checks · <span className="ci-panel__branch">{ci.branch ?? 'detached'}</span>
        {badge && <span className={`badge ci-badge ci-badge--${badge.tone} ci-panel__badge`}>{badge.label}</span>}
      </Dialog.Title>

      <section className="ci-panel__section">
        <h3>Pull request</h3>
        {ci.pr ? (
          <p>
            <a href={ci.pr.url} target="_blank" rel="noreferrer noopener" data-testid="ci-pr-link">
              #{ci.pr.number} {ci.pr.title}
            </a>{' '}
            <span className={`ci-pr ci-pr--${ci.pr.state}`}>{ci.pr.state}</span> → {ci.pr.base}
          </p>
        ) : (
          <p className="ci-panel__muted">{ci.upstream ? `Pushed to ${ci.upstream}; no pull request yet.` : 'Not pushed yet.'}</p>
        )}
        {!hasOpenPr && (
          <Tip content={blocker ?? `Push ${ci.branch} and open a pull request into ${ci.target}`}>
            <button
              type="button"
              className="button button--primary"
              data-testid="ci-create-pr"
              disabled={blocker !== null || busy !== null || Boolean(pushing)}
              onClick={() => void run('pr', () => callEngine(services.engine, (client) => client.ci.createPr({ worktree: ci.worktree })))}
            >
              Create PR{ci.target ? ` → ${ci.target}` : ''}
            </button>
          </Tip>
        )}
        {/* A disabled button shows no tooltip (no hover, no focus): say why in the panel. */}
        {!hasOpenPr && blocker !== null && (
          <p className="ci-panel__muted" data-testid="ci-create-pr-blocker">
            {blocker}
          </p>
        )}
        {ci.push && ci.push.phase !== 'done' && (
          <p className="ci-panel__progress" data-testid="ci-push-progress" role="status">
            {ci.push.phase === 'pushing' ? 'Pushing…' : ci.push.phase === 'creating-pr' ? 'Opening the pull request…' : 'Failed.'}{' '}
            {ci.push.progress}
            {ci.push.error && <span className="ci-panel__error"> {errorMessage(ci.push.error)}</span>}
          </p>
        )}
      </section>

      <section className="ci-panel__section">
        <h3>Checks{ci.checks.sha ? ` of ${ci.checks.sha.slice(0, 8)}` : ''}</h3>
        {github?.problem && <p className="ci-panel__error">{errorMessage(github.problem)}</p>}
        {github && wantsTokenForm(github) && <GitHubTokenForm github={github} />}
        {github?.limitedUntil && (
          <p className="ci-panel__muted">GitHub asked to slow down; checks resume at {new Date(github.limitedUntil).toLocaleTimeString()}.</p>
        )}
        {ci.checks.runs.length === 0 ? (
          <p className="ci-panel__muted">{ci.watched ? 'No checks reported for this commit.' : ci.github ? 'Not watched: push the branch or open a PR.' : 'No GitHub remote.'}</p>
        ) : (
          <ul className="ci-runs">
            {ci.checks.runs.map((run) => (
              <li key={`${run.source}:${run.name}`} className={`ci-run ci-run--${run.state}`}>
                <span className="ci-run__icon" aria-label={run.state}>{RUN_ICONS[run.state]}</span>
                {run.url ? (
                  <a href={run.url} target="_blank" rel="noreferrer noopener">
                    {run.name}
                  </a>
                ) : (
                  <span>{run.name}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="ci-panel__section">
        <h3>Local checks</h3>
        <p className="ci-panel__muted">
          {ci.local.state === 'none'
            ? 'The repository\'s "check" commands (agent-orchestrator.json) run here after an agent commits, or now.'
            : `${ci.local.state === 'running' ? 'Running' : ci.local.state === 'success' ? 'Passed' : `Failed: ${ci.local.failed ?? ''} (exit ${ci.local.exitCode ?? '?'})`}`}
        </p>
        <button
          type="button"
          className="button"
          data-testid="ci-run-checks"
          disabled={busy !== null || ci.local.state === 'running'}
          onClick={() => void run('checks', () => callEngine(services.engine, (client) => client.ci.runChecks({ worktree: ci.worktree })))}
        >
          {ci.local.state === 'running' ? 'Running…' : 'Run checks'}
        </button>
      </section>

      <section className="ci-panel__section">
        <Checkbox
          className="checkbox ci-panel__toggle"
          testId="ci-auto-triage"
          checked={toggled ?? ci.triage.enabled}
          disabled={busy !== null}
          onCheckedChange={(enabled) => {
            setToggled(enabled);
            void run('toggle', async () => {
              const result = await callEngine(services.engine, (client) => client.ci.setAutoTriage({ worktree: ci.worktree, enabled }));
              if (result.ok) services.store.getState().setCiWorktree(result.value);
              else setToggled(null);
              return result;
            });
          }}
        >
          Auto-triage: send failing checks to this worktree's agent (at most {ci.triage.maxAttempts} tries, then notify me)
        </Checkbox>
        {ci.triage.enabled && <p className="ci-panel__muted" data-testid="ci-triage-state">{triageText(ci)}</p>}
      </section>

      {ci.lastFailure && (
        <section className="ci-panel__section">
          <h3>
            Last failure: {ci.lastFailure.names.join(', ')}
            {ci.lastFailure.step ? ` · ${ci.lastFailure.step}` : ''}
            {ci.lastFailure.url && (
              <>
                {' '}
                <a href={ci.lastFailure.url} target="_blank" rel="noreferrer noopener">
                  open
                </a>
              </>
            )}
          </h3>
          <pre className="ci-panel__log" data-testid="ci-log" tabIndex={0}>
            {log?.log || 'No log (only GitHub Actions jobs have one).'}
          </pre>
        </section>
      )}
      {error && (
        <p className="modal__error" role="alert" data-testid="ci-error">
          {error}
        </p>
      )}
    </>
  );
}

const RUN_ICONS = { pending: '●', success: '✓', failure: '✗', neutral: '–' } as const;

function triageText(ci: CiWorktree): string {
  switch (ci.triage.phase) {
    case 'escalated':
      return `Gave up after ${ci.triage.attempts} attempts; over to you.`;
    case 'waiting':
      return `A prompt is waiting: ${waitingText(ci.triage.waitingFor)}.`;
    case 'sent':
      return `The agent has the failure (attempt ${ci.triage.attempts} of ${ci.triage.maxAttempts}).`;
    default:
      return 'Watching.';
  }
}

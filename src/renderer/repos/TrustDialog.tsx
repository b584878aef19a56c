/**
 * Repository trust, as VS Code's workspace trust: exactly what a repository asks to run — setup
 * and teardown commands, agent entries (command and environment; some replace a built-in
 * agent), install scripts — and the choice to trust it. Nothing of it runs until then, and a
 * changed agent-orchestrator.json asks again (trust is pinned to its content).
 */
import { useEffect, useState } from 'react';
import type { RepoTrust } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import { ModalForm } from '../feedback/ModalForm.tsx';

export function TrustDialog() {
  const services = useServices();
  const repoId = useAppStore((state) => state.trustDialogRepoId);
  const revision = useAppStore((state) => state.trustRevision);
  const [trust, setTrust] = useState<RepoTrust | null>(null);
  const [error, setError] = useState<string | null>(null);
  const close = (): void => services.store.getState().openTrustDialog(null);

  useEffect(() => {
    if (!repoId) return;
    let current = true;
    setTrust(null);
    setError(null);
    void callEngine(services.engine, (client) => client.trust.get({ repoId })).then((result) => {
      if (!current) return;
      if (result.ok) setTrust(result.value);
      else setError(errorMessage(result.error));
    });
    return () => {
      current = false;
    };
  }, [repoId, revision, services]);

  if (!repoId) return null;
  const submit = async (): Promise<void> => {
    if (!trust) return;
    const result = await callEngine(services.engine, (client) => client.trust.grant({ repoId, configHash: trust.configHash }));
    if (!result.ok) {
      // The file changed while the dialog was open: show the new content instead.
      setError(`${errorMessage(result.error)} The list below was re-read.`);
      services.store.getState().trustChanged();
      return;
    }
    services.store.getState().pushToast('info', `Trusted ${result.value.path}. Its setup and agents will run.`);
    close();
  };

  return (
    <ModalForm
      title={trust?.changedSinceTrusted ? 'This repository changed what it asks to run' : 'Trust this repository?'}
      className="trust-dialog"
      testId="trust-dialog"
      onClose={close}
      onSubmit={(event) => {
        event.preventDefault();
        return submit();
      }}
      error={error}
      submit={{ label: trust?.trusted ? 'Trusted' : 'Trust and allow', disabled: !trust || trust.trusted || trust.configHash === 'unreadable' }}
    >
      {!trust && !error && <p className="trust-dialog__intro">Reading the repository…</p>}
      {trust && (
        <>
          <p className="trust-dialog__intro">
            <bdi>{trust.path}</bdi> asks to run the code below on this computer. Until you trust it, none of it runs: setup and
            teardown are skipped, packages install without their scripts, and its agent entries are ignored. Trust only
            repositories whose authors you trust.
          </p>
          <TrustList title="Setup commands (run in every new worktree)" items={trust.setup} />
          <TrustList title="Teardown commands (run when a worktree is removed or archived)" items={trust.teardown} />
          <TrustList title="Check commands (run when you run checks locally)" items={trust.check} />
          {trust.agents.length > 0 && (
            <section className="trust-dialog__group">
              <h3 className="trust-dialog__heading">Agent entries</h3>
              <ul className="trust-dialog__list">
                {trust.agents.map((agent) => (
                  <li key={agent.id}>
                    <strong>{agent.id}</strong>
                    {agent.overridesBuiltin && <span className="trust-dialog__warn"> replaces the built-in agent</span>}
                    <code className="trust-dialog__code">{[agent.command, ...agent.args].join(' ')}</code>
                    {Object.entries(agent.env).map(([key, value]) => (
                      <code key={key} className="trust-dialog__code trust-dialog__env">
                        {key}={value}
                      </code>
                    ))}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <TrustList title="Install scripts (package managers run the project's own scripts)" items={trust.installs} />
          {!asksAnything(trust) && <p className="trust-dialog__intro">It asks to run nothing.</p>}
          {trust.configProblem && <p className="form-error">{trust.configProblem}</p>}
        </>
      )}
    </ModalForm>
  );
}

function TrustList({ title, items }: { title: string; items: readonly string[] }) {
  if (items.length === 0) return null;
  return (
    <section className="trust-dialog__group">
      <h3 className="trust-dialog__heading">{title}</h3>
      <ul className="trust-dialog__list">
        {items.map((item, index) => (
          <li key={index}>
            <code className="trust-dialog__code">{item}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function asksAnything(trust: RepoTrust): boolean {
  return trust.setup.length + trust.teardown.length + trust.check.length + trust.agents.length + trust.installs.length > 0;
}

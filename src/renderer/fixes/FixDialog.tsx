/**
 * "Fix a bug here": describe the bug, choose where the fix starts (this worktree's HEAD, or its
 * target — recommended when the bug is on the target too), and the agent to start on it. The new
 * worktree's agent pane opens next to this worktree's pane.
 */
import { useEffect, useState } from 'react';
import type { AgentProfileInfo, FixPreview } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { defaultAgent } from '../agents/agent-actions.ts';
import { AgentSelect, NO_AGENT, useAgentProfiles } from '../agents/AgentSelect.tsx';
import { errorMessage } from '../errors/messages.ts';
import { ModalForm } from '../feedback/ModalForm.tsx';
import { folderName } from '../repos/worktree-label.ts';
import { previewFix, startFix } from './fix-actions.ts';
import { Disclosure } from '../ui/Disclosure.tsx';

/** The first installed agent, or "no agent" when none is installed. */
function firstInstalledOrNone(profiles: readonly AgentProfileInfo[]): string {
  return defaultAgent(profiles.filter((profile) => profile.installed)) ?? NO_AGENT;
}

export function FixDialog({ repoId, worktreePath, commit, onClose }: { repoId: string; worktreePath: string; commit?: string | undefined; onClose: () => void }) {
  const services = useServices();
  const [preview, setPreview] = useState<FixPreview | null>(null);
  const [description, setDescription] = useState('');
  const [base, setBase] = useState<'source' | 'target'>('source');
  const { profiles, agentId, setAgentId } = useAgentProfiles(repoId, firstInstalledOrNone);
  const [command, setCommand] = useState('');
  const [output, setOutput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void previewFix(services, repoId, worktreePath, commit).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(errorMessage(result.error));
      setPreview(result.value);
      setBase(result.value.recommendedBase);
    });
    return () => {
      live = false;
    };
  }, [services, repoId, worktreePath, commit]);

  const problem = description.trim() === '' ? 'Describe the bug.' : preview === null ? 'Reading the worktree…' : null;

  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (problem || busy) return;
    setBusy(true);
    const started = await startFix(services, {
      repoId,
      worktreePath,
      description,
      base,
      agentId: agentId === NO_AGENT || agentId === '' ? null : agentId,
      commit,
      ...(command.trim() ? { command } : {}),
      ...(output.trim() ? { output } : {}),
    });
    setBusy(false);
    if (!started.ok) return setError(errorMessage(started.error));
    services.store.getState().pushToast('info', `Started ${started.value.branch} in ${folderName(started.value.worktree)}. Land it from its row when the fix is committed.`);
    onClose();
  };

  const target = preview?.target ?? preview?.source.branch ?? 'the target';
  return (
    <ModalForm
      title={<>Fix a bug found in {folderName(worktreePath)}</>}
      className="agent-dialog fix-dialog"
      testId="fix-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      submit={{ label: busy ? 'Starting…' : 'Start fix', disabled: problem !== null || busy, title: problem ?? undefined }}
    >
      <label className="field">
        <span className="field__label">What is wrong</span>
        <textarea
          data-autofocus
          className="text-input agent-dialog__prompt"
          aria-label="Bug description"
          rows={4}
          value={description}
          placeholder="e.g. Login fails with an empty token"
          onChange={(event) => {
            setDescription(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
          }}
        />
      </label>
      <fieldset className="field" aria-label="Start the fix from">
        <legend className="field__label">Start the fix from</legend>
        <label className="checkbox">
          <input type="radio" name="fix-base" value="source" checked={base === 'source'} onChange={() => setBase('source')} aria-label="This worktree" />
          <span>
            {preview?.source.branch ?? 'this worktree'} (HEAD){preview?.recommendedBase === 'source' && <span className="fix-dialog__recommended"> · recommended</span>}
          </span>
        </label>
        <label className="checkbox">
          <input type="radio" name="fix-base" value="target" checked={base === 'target'} onChange={() => setBase('target')} aria-label="Its target" disabled={!preview?.target} />
          <span>
            {target}
            {preview?.recommendedBase === 'target' && <span className="fix-dialog__recommended"> · recommended</span>}
          </span>
        </label>
        {preview && (
          <span className="field__hint" data-testid="fix-base-reason">
            {preview.reason}
          </span>
        )}
      </fieldset>
      <AgentSelect label="Agent" profiles={profiles} value={agentId} onChange={setAgentId} noAgent="No agent (I fix it myself)" />
      <Disclosure className="field" summaryClassName="field__label" summary="Failing command and output (optional)">
        <input className="text-input" aria-label="Failing command" value={command} placeholder="npm test -- login" onChange={(event) => setCommand(event.target.value)} />
        <textarea className="text-input" aria-label="Failing output" rows={4} value={output} onChange={(event) => setOutput(event.target.value)} />
      </Disclosure>
    </ModalForm>
  );
}

/**
 * "Start agent": which agent, the task (optional for one worktree), and in which worktrees.
 * Ticking several worktrees sends the same task to each (fan-out), each in its own pane.
 * Agents that are not installed are listed but cannot be chosen; their install hint is shown.
 */
import { useMemo, useState } from 'react';
import { MAX_PROMPT_CHARS } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { branchLabel, folderName } from '../repos/worktree-label.ts';
import { defaultAgent, launchAgents } from './agent-actions.ts';
import { AgentSelect, useAgentProfiles } from './AgentSelect.tsx';
import { ModalForm } from '../feedback/ModalForm.tsx';
import { Checkbox } from '../ui/Checkbox.tsx';

export function LaunchAgentDialog({ repoId, worktreePath, onClose }: { repoId: string; worktreePath: string; onClose: () => void }) {
  const services = useServices();
  const repo = useAppStore((state) => state.server.repos.find((candidate) => candidate.id === repoId));
  const listing = useWorktreeListing(repoId);
  const { profiles, agentId, setAgentId, error: profilesError } = useAgentProfiles(repoId, defaultAgent);
  const [prompt, setPrompt] = useState('');
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set([worktreePath]));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const worktrees = useMemo(
    () => (listing?.worktrees ?? []).filter((worktree) => !worktree.missing && !worktree.prunable),
    [listing],
  );
  const chosen = worktrees.filter((worktree) => selected.has(worktree.path));
  const profile = profiles?.find((candidate) => candidate.id === agentId) ?? null;
  const problem =
    profile === null
      ? 'Choose an agent.'
      : !profile.installed
        ? `${profile.command} is not installed here.`
        : chosen.length === 0
          ? 'Choose at least one worktree.'
          : chosen.length > 1 && prompt.trim() === ''
            ? 'Write the task to send it to several worktrees.'
            : null;

  const toggle = (path: string): void => {
    setSelected((previous) => {
      const next = new Set(previous);
      if (!next.delete(path)) next.add(path);
      return next;
    });
    setError(null);
  };

  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (problem || busy || !repo) return;
    setBusy(true);
    const failure = await launchAgents(services, { agentId, prompt, repo, worktrees: chosen });
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <ModalForm
      title={<>Start an agent{repo ? ` in ${repo.name}` : ''}</>}
      className="agent-dialog"
      testId="launch-agent-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error ?? profilesError}
      submit={{ label: busy ? 'Starting…' : chosen.length > 1 ? `Start in ${chosen.length} worktrees` : 'Start', disabled: problem !== null || busy, title: problem ?? undefined }}
    >
      <AgentSelect label="Agent" profiles={profiles} value={agentId} onChange={setAgentId} />
      <label className="field">
        <span className="field__label">Task</span>
        <textarea
          data-autofocus
          className="text-input agent-dialog__prompt"
          aria-label="Task"
          rows={5}
          maxLength={MAX_PROMPT_CHARS}
          value={prompt}
          placeholder={chosen.length > 1 ? 'The same task for every worktree' : 'Optional: start with a task'}
          onChange={(event) => {
            setPrompt(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            // Ctrl/Cmd+Enter starts, as in the agents themselves.
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit(event);
          }}
        />
      </label>
      <fieldset className="field">
        <legend className="field__label">Worktrees {chosen.length > 1 ? `(${chosen.length}, one pane each)` : ''}</legend>
        <div className="agent-dialog__worktrees">
          {worktrees.map((worktree) => (
            <Checkbox key={worktree.path} title={worktree.path} checked={selected.has(worktree.path)} onCheckedChange={() => toggle(worktree.path)} label={folderName(worktree.path)}>
              <span>{folderName(worktree.path)}</span>
              <span className="field__hint">{branchLabel(worktree)}</span>
            </Checkbox>
          ))}
        </div>
      </fieldset>
    </ModalForm>
  );
}

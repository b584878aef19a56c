/**
 * "Fresh session": a new agent session in the same worktree, seeded with a generated handoff
 * prompt (task, branch and target, diff stat, recent commits, last CI failure, the user's notes),
 * replacing the old pane or beside it. The prompt can be edited before starting; until it is,
 * it follows the notes. The agent can be changed: a session stalled on one provider's limit can
 * hand its task to another (`otherAgent` preselects the first installed different agent).
 */
import { useEffect, useState } from 'react';
import { MAX_NOTES_CHARS, MAX_PROMPT_CHARS } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { errorMessage } from '../errors/messages.ts';
import { folderName } from '../repos/worktree-label.ts';
import { loadHandoffPreview, startHandoff } from './agent-actions.ts';
import { contextLabel } from './agent-status.ts';
import { AgentSelect, useAgentProfiles } from './AgentSelect.tsx';
import { ModalForm } from '../feedback/ModalForm.tsx';
import { Checkbox } from '../ui/Checkbox.tsx';

/** Wait this long after the last keystroke in the notes before regenerating the prompt. */
const NOTES_DEBOUNCE_MS = 300;

export function HandoffDialog({ sessionId, otherAgent = false, onClose }: { sessionId: string; otherAgent?: boolean; onClose: () => void }) {
  const services = useServices();
  const agent = useAppStore((state) => state.agents.get(sessionId));
  const [notes, setNotes] = useState('');
  const [prompt, setPrompt] = useState<string | null>(null);
  const [edited, setEdited] = useState(false);
  const [closeOld, setCloseOld] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (edited) return;
    let live = true;
    const timer = setTimeout(
      () =>
        void loadHandoffPreview(services, sessionId, notes).then((result) => {
          if (!live) return;
          if (result.ok) setPrompt(result.value.prompt);
          else setError(errorMessage(result.error));
        }),
      prompt === null ? 0 : NOTES_DEBOUNCE_MS,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The prompt itself is not a trigger: only the notes (and the session) are.
  }, [services, sessionId, notes, edited]);

  const repoId = agent?.repoId ?? null;
  const currentAgent = agent?.agentId ?? null;
  // A stalled session hands over to another installed agent; a fresh session keeps its agent.
  const { profiles, agentId, setAgentId } = useAgentProfiles(repoId, (all) => {
    const other = all.find((p) => p.installed && p.id !== currentAgent);
    return otherAgent && other ? other.id : currentAgent;
  });

  const context = agent ? contextLabel(agent) : null;
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !prompt?.trim()) return;
    setBusy(true);
    const failure = await startHandoff(services, { sessionId, prompt, notes, closeOld, ...(agentId && agentId !== currentAgent ? { agentId } : {}) });
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <ModalForm
      title={
        <>
          {otherAgent ? 'Restart the task with another agent' : 'Fresh session'}
          {agent ? `${otherAgent ? ' — ' : ' for '}${agent.agentName} in ${folderName(agent.cwd)}` : ''}
        </>
      }
      className="agent-dialog agent-dialog--wide"
      testId="handoff-dialog"
      onClose={onClose}
      onSubmit={submit}
      error={error}
      submit={{ label: busy ? 'Starting…' : 'Start fresh session', disabled: busy || !prompt?.trim() }}
    >
      {context && <p className="field__hint">{context.title}.</p>}
      <AgentSelect label="Agent for the new session" profiles={profiles} value={agentId} onChange={setAgentId} current={currentAgent} />
      <label className="field">
        <span className="field__label">Notes for the new session</span>
        <textarea
          className="text-input"
          aria-label="Notes"
          rows={3}
          maxLength={MAX_NOTES_CHARS}
          value={notes}
          placeholder="What the next session should know or do differently"
          onChange={(event) => setNotes(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">Handoff prompt {edited ? '(edited)' : ''}</span>
        <textarea
          className="text-input agent-dialog__handoff"
          aria-label="Handoff prompt"
          rows={14}
          maxLength={MAX_PROMPT_CHARS}
          value={prompt ?? 'Reading the worktree…'}
          disabled={prompt === null}
          onChange={(event) => {
            setPrompt(event.target.value);
            setEdited(true);
          }}
        />
      </label>
      <Checkbox checked={closeOld} onCheckedChange={setCloseOld}>
        Close the old session (its pane is reused)
      </Checkbox>
    </ModalForm>
  );
}

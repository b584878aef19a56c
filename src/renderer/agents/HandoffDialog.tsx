/**
 * "Fresh session": a new agent session in the same worktree, seeded with a generated handoff
 * prompt (task, branch and target, diff stat, recent commits, last CI failure, the user's notes),
 * replacing the old pane or beside it. The prompt can be edited before starting; until it is,
 * it follows the notes. The agent can be changed: a session stalled on one provider's limit can
 * hand its task to another (`otherAgent` preselects the first installed different agent).
 */
import { useEffect, useState } from 'react';
import { MAX_NOTES_CHARS, MAX_PROMPT_CHARS, type AgentProfileInfo } from '../../shared/protocol/index.ts';
import { callEngine } from '../engine/call-engine.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { errorMessage } from '../errors/messages.ts';
import { folderName } from '../repos/worktree-label.ts';
import { loadHandoffPreview, startHandoff } from './agent-actions.ts';
import { contextLabel } from './agent-status.ts';
import { ModalForm } from '../feedback/ModalForm.tsx';

/** Wait this long after the last keystroke in the notes before regenerating the prompt. */
const NOTES_DEBOUNCE_MS = 300;

export function HandoffDialog({ sessionId, otherAgent = false, onClose }: { sessionId: string; otherAgent?: boolean; onClose: () => void }) {
  const services = useServices();
  const agent = useAppStore((state) => state.agents.get(sessionId));
  const [profiles, setProfiles] = useState<AgentProfileInfo[]>([]);
  const [agentId, setAgentId] = useState<string | null>(null);
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
  useEffect(() => {
    let live = true;
    void callEngine(services.engine, (client) => client.agents.profiles(repoId === null ? {} : { repoId })).then((result) => {
      if (!live || !result.ok) return;
      setProfiles(result.value);
      const other = result.value.find((p) => p.installed && p.id !== currentAgent);
      setAgentId((chosen) => chosen ?? (otherAgent && other ? other.id : currentAgent));
    });
    return () => {
      live = false;
    };
  }, [services, repoId, currentAgent, otherAgent]);

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
      {profiles.length > 0 && (
        <label className="field">
          <span className="field__label">Agent for the new session</span>
          <select className="input" aria-label="Agent for the new session" value={agentId ?? ''} onChange={(event) => setAgentId(event.target.value)}>
            {profiles.map((profile) => (
              <option key={profile.id} value={profile.id} disabled={!profile.installed}>
                {profile.name}
                {profile.id === currentAgent ? ' (same as now)' : ''}
                {profile.installed ? '' : ' (not installed)'}
              </option>
            ))}
          </select>
        </label>
      )}
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
      <label className="checkbox">
        <input type="checkbox" checked={closeOld} onChange={(event) => setCloseOld(event.target.checked)} />
        Close the old session (its pane is reused)
      </label>
    </ModalForm>
  );
}

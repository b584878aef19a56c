/**
 * "Fresh session": a new agent session in the same worktree, seeded with a generated handoff
 * prompt (task, branch and target, diff stat, recent commits, last CI failure, the user's notes),
 * replacing the old pane or beside it. The prompt can be edited before starting; until it is,
 * it follows the notes.
 */
import { useEffect, useId, useState } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { errorMessage } from '../errors/messages.ts';
import { folderName } from '../repos/worktree-label.ts';
import { loadHandoffPreview, startHandoff } from './agent-actions.ts';
import { contextLabel } from './agent-status.ts';

/** Wait this long after the last keystroke in the notes before regenerating the prompt. */
const NOTES_DEBOUNCE_MS = 300;

export function HandoffDialog({ sessionId, onClose }: { sessionId: string; onClose: () => void }) {
  const services = useServices();
  const agent = useAppStore((state) => state.agents.get(sessionId));
  const [notes, setNotes] = useState('');
  const [prompt, setPrompt] = useState<string | null>(null);
  const [edited, setEdited] = useState(false);
  const [closeOld, setCloseOld] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

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

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const context = agent ? contextLabel(agent) : null;
  const submit = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !prompt?.trim()) return;
    setBusy(true);
    const failure = await startHandoff(services, { sessionId, prompt, notes, closeOld });
    setBusy(false);
    if (failure) setError(failure);
    else onClose();
  };

  return (
    <div className="modal-backdrop" onMouseDown={onClose}>
      <form
        className="modal agent-dialog agent-dialog--wide"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid="handoff-dialog"
        onMouseDown={(event) => event.stopPropagation()}
        onSubmit={(event) => void submit(event)}
      >
        <h2 id={`${id}-title`} className="modal__title">
          Fresh session{agent ? ` for ${agent.agentName} in ${folderName(agent.cwd)}` : ''}
        </h2>
        {context && <p className="field__hint">{context.title}.</p>}
        <label className="field">
          <span className="field__label">Notes for the new session</span>
          <textarea
            className="text-input"
            aria-label="Notes"
            rows={3}
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
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !prompt?.trim()}>
            {busy ? 'Starting…' : 'Start fresh session'}
          </button>
        </div>
      </form>
    </div>
  );
}

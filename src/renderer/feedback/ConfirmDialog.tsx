/**
 * The one modal: asks before closing a running terminal or removing a repository.
 */
import { useEffect, useRef } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { closePane } from '../grid/pane-actions.ts';
import { removeRepository } from '../repos/repo-actions.ts';
import type { ServerData } from '../store/server-data.ts';
import type { Dialog } from '../store/ui-slice.ts';

interface DialogText {
  title: string;
  body: string;
  confirm: string;
}

function dialogText(dialog: Dialog, server: ServerData): DialogText {
  switch (dialog.kind) {
    case 'confirm-close-pane': {
      const session = server.sessions.get(dialog.sessionId);
      return {
        title: 'Close this terminal?',
        body: `${session?.title || 'The process'} is still running. Closing the pane ends it.`,
        confirm: 'Close and end process',
      };
    }
    case 'confirm-remove-repo': {
      const repo = server.repos.find((candidate) => candidate.id === dialog.repoId);
      return {
        title: `Remove ${repo?.name ?? 'repository'}?`,
        body: 'It disappears from the sidebar. Nothing on disk is changed, and you can add it again any time.',
        confirm: 'Remove',
      };
    }
  }
}

export function ConfirmDialog() {
  const services = useServices();
  const dialog = useAppStore((state) => state.dialog);
  const server = useAppStore((state) => state.server);
  const text = dialog ? dialogText(dialog, server) : null;
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!dialog) return;
    confirmRef.current?.focus();
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault();
        services.store.getState().closeDialog();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog, services]);

  if (!dialog || !text) return null;

  const confirm = (): void => {
    services.store.getState().closeDialog();
    switch (dialog.kind) {
      case 'confirm-close-pane':
        void closePane(services, dialog.sessionId);
        break;
      case 'confirm-remove-repo':
        void removeRepository(services, dialog.repoId);
        break;
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={() => services.store.getState().closeDialog()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        onMouseDown={(event) => event.stopPropagation()}
      >
        <h2 id="confirm-title" className="modal__title">
          {text.title}
        </h2>
        <p className="modal__body">{text.body}</p>
        <div className="modal__actions">
          <button type="button" className="button" onClick={() => services.store.getState().closeDialog()}>
            Cancel
          </button>
          <button type="button" className="button button--danger" ref={confirmRef} onClick={confirm}>
            {text.confirm}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * The confirmation modal: asks before closing a running terminal or removing a repository.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { focusMarked, useReturnFocus } from './ModalForm.tsx';
import { useAppStore, useServices } from '../app/services.ts';
import { closePane } from '../grid/pane-actions.ts';
import { removeRepository } from '../repos/repo-actions.ts';
import type { ServerData } from '../store/server-data.ts';
import type { Dialog as DialogState } from '../store/ui-slice.ts';

interface DialogText {
  title: string;
  body: string;
  confirm: string;
}

function dialogText(dialog: DialogState, server: ServerData): DialogText {
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
  const close = (): void => services.store.getState().closeDialog();
  const returnFocus = useReturnFocus(dialog !== null);

  const confirm = (): void => {
    if (!dialog) return;
    close();
    switch (dialog.kind) {
      case 'confirm-close-pane':
        void closePane(services, dialog.sessionId);
        break;
      case 'confirm-remove-repo':
        void removeRepository(services, dialog.repoId);
        break;
    }
  };

  // A Radix dialog with the alert role: focus starts on the confirm button and stays inside,
  // Escape or the backdrop cancel, focus returns to what opened it.
  return (
    <Dialog.Root open={dialog !== null && text !== null} onOpenChange={(open) => (open ? undefined : close())}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-backdrop">
          <Dialog.Content className="modal" role="alertdialog" data-testid="confirm-dialog" onOpenAutoFocus={focusMarked} onCloseAutoFocus={returnFocus}>
            <Dialog.Title className="modal__title">{text?.title}</Dialog.Title>
            <Dialog.Description className="modal__body">{text?.body}</Dialog.Description>
            <div className="modal__actions">
              <Dialog.Close asChild>
                <button type="button" className="button">
                  Cancel
                </button>
              </Dialog.Close>
              <button type="button" className="button button--danger" data-autofocus onClick={confirm}>
                {text?.confirm}
              </button>
            </div>
          </Dialog.Content>
        </Dialog.Overlay>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

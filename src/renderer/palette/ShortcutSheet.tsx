/**
 * The keyboard shortcut sheet (`?`, or Mod+/): a Radix dialog listing every shortcut.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { useAppStore, useServices } from '../app/services.ts';
import { shortcutSheet } from './commands.ts';
import { useReturnFocus } from '../feedback/ModalForm.tsx';
import './palette.css';

export function ShortcutSheet() {
  const services = useServices();
  const open = useAppStore((state) => state.shortcutSheetOpen);
  // Opened by a shortcut, not a Dialog.Trigger: give the focus back to where it was (a terminal).
  const returnFocus = useReturnFocus(open);
  return (
    <Dialog.Root open={open} onOpenChange={(next) => services.store.getState().setShortcutSheetOpen(next)}>
      <Dialog.Portal>
        <Dialog.Overlay className="palette__overlay" />
        <Dialog.Content className="sheet" data-testid="shortcut-sheet" onCloseAutoFocus={returnFocus}>
          <Dialog.Title className="sheet__title">Keyboard shortcuts</Dialog.Title>
          <Dialog.Description className="sheet__description">
            Everything else is in the command palette, by name.
          </Dialog.Description>
          <table className="sheet__table">
            <tbody>
              {shortcutSheet(services.isMac).map((row) => (
                <tr key={row.what}>
                  <td>
                    <kbd>{row.keys}</kbd>
                  </td>
                  <td>{row.what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Dialog.Close asChild>
            <button type="button" className="icon-button sheet__close" aria-label="Close">
              <X size={14} aria-hidden="true" />
            </button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

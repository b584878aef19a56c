/**
 * The frame every form dialog shares: backdrop, modal form, title, error line, Cancel and submit
 * buttons, and closing behaviour.
 *
 * A Radix dialog: focus moves in (to the field marked `data-autofocus`, else the first) and
 * stays in while it is open, Escape and a press on the backdrop close it, focus returns to
 * whatever opened it, and screen readers get `dialog` with its title. The form's submit goes to
 * `onSubmit`; dialogs supply only their fields as children.
 */
import * as Dialog from '@radix-ui/react-dialog';
import { useCallback, useRef, type FormEvent, type ReactNode } from 'react';

/**
 * Focus goes back to whatever had it when the dialog opened (a row's button, a pane's menu).
 * Radix returns it only to a `Dialog.Trigger`, and our dialogs open from the store (buttons,
 * the palette, shortcuts), so it is recorded here: returns the handler for `onCloseAutoFocus`.
 *
 * A dialog opened by a palette command opens while the keyboard is still in the palette, which
 * is about to go: the palette hands over what it would have returned to (`handFocusOver`), so
 * closing that dialog returns to the terminal or button the palette was opened from.
 */
export function useReturnFocus(open: boolean): (event: Event) => void {
  const opener = useOpener(open);
  return useCallback(
    (event: Event) => {
      const element = opener.current;
      if (!element?.isConnected) return;
      event.preventDefault();
      element.focus();
    },
    [opener],
  );
}

/** What had the keyboard when `open` turned true (or what a closing palette handed over). */
export function useOpener(open: boolean): { readonly current: HTMLElement | null } {
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  // Read during render on purpose: this render opens the dialog, before focus moves into it.
  if (open && !wasOpen.current) opener.current = handedOver ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
  wasOpen.current = open;
  return opener;
}

let handedOver: HTMLElement | null = null;

/**
 * The palette ran a command: a dialog that command opens in this same update returns the focus
 * to `element`. Only for this task: a command that opens nothing leaves nothing behind.
 */
export function handFocusOver(element: HTMLElement | null): void {
  handedOver = element;
  setTimeout(() => {
    if (handedOver === element) handedOver = null;
  }, 0);
}

/**
 * Radix's open-focus handler: focus the element marked `data-autofocus` instead of the first
 * tabbable one. (React's `autoFocus` would focus it before Radix records what had focus, and
 * focus would then not return to the opener on close.)
 */
export function focusMarked(event: Event): void {
  const marked = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>('[data-autofocus]');
  if (!marked) return;
  event.preventDefault();
  marked.focus();
}

export interface ModalFormProps {
  title: ReactNode;
  /** Extra class names for the form (e.g. `agent-dialog agent-dialog--wide`). */
  className: string;
  testId: string;
  onClose: () => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void | Promise<void>;
  /** Shown above the buttons as an alert. */
  error: string | null;
  errorTestId?: string;
  submit: { label: string; disabled: boolean; title?: string | undefined };
  /** False once there is nothing left to cancel (the work is done and the submit says Close). */
  cancel?: boolean;
  children: ReactNode;
}

export function ModalForm({ title, className, testId, onClose, onSubmit, error, errorTestId, submit, cancel = true, children }: ModalFormProps) {
  const returnFocus = useReturnFocus(true);
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        {/* The content inside the overlay: the overlay centres it and scrolls a tall form. */}
        <Dialog.Overlay className="modal-backdrop">
          <Dialog.Content asChild aria-describedby={undefined} onOpenAutoFocus={focusMarked} onCloseAutoFocus={returnFocus}>
            <form className={`modal ${className}`} data-testid={testId} onSubmit={(event) => void onSubmit(event)}>
              <Dialog.Title className="modal__title">{title}</Dialog.Title>
              {children}
              {error && (
                <p className="form-error" role="alert" data-testid={errorTestId}>
                  {error}
                </p>
              )}
              <div className="modal__actions">
                {cancel && (
                  <Dialog.Close asChild>
                    <button type="button" className="button">
                      Cancel
                    </button>
                  </Dialog.Close>
                )}
                <button type="submit" className="button button--primary" disabled={submit.disabled} title={submit.title}>
                  {submit.label}
                </button>
              </div>
            </form>
          </Dialog.Content>
        </Dialog.Overlay>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/**
 * The frame every form dialog shares: backdrop, modal form, title, error line, Cancel and submit
 * buttons, and closing behaviour.
 *
 * A Radix dialog: focus moves in (to the element marked `autoFocus`, else the first field) and
 * stays in while it is open, Escape and a press on the backdrop close it, focus returns to
 * whatever opened it, and screen readers get `dialog` with its title. The form's submit goes to
 * `onSubmit`; dialogs supply only their fields as children.
 */
import * as Dialog from '@radix-ui/react-dialog';
import type { FormEvent, ReactNode } from 'react';

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
  children: ReactNode;
}

export function ModalForm({ title, className, testId, onClose, onSubmit, error, errorTestId, submit, children }: ModalFormProps) {
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        {/* The content inside the overlay: the overlay centres it and scrolls a tall form. */}
        <Dialog.Overlay className="modal-backdrop">
          <Dialog.Content asChild aria-describedby={undefined}>
            <form className={`modal ${className}`} data-testid={testId} onSubmit={(event) => void onSubmit(event)}>
              <Dialog.Title className="modal__title">{title}</Dialog.Title>
              {children}
              {error && (
                <p className="form-error" role="alert" data-testid={errorTestId}>
                  {error}
                </p>
              )}
              <div className="modal__actions">
                <Dialog.Close asChild>
                  <button type="button" className="button">
                    Cancel
                  </button>
                </Dialog.Close>
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

/**
 * The frame every form dialog shares: backdrop, modal form, title, error line, Cancel and submit
 * buttons, and closing behaviour.
 *
 * Escape and a press on the backdrop close (a press inside the form does not); the form's submit
 * goes to `onSubmit`. Dialogs supply only their fields as children.
 */
import { useEffect, useId, type FormEvent, type ReactNode } from 'react';

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
  const id = useId();
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

  return (
    <div className="modal-backdrop" onMouseDown={onClose}>
      <form
        className={`modal ${className}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid={testId}
        onMouseDown={(event) => event.stopPropagation()}
        onSubmit={(event) => void onSubmit(event)}
      >
        <h2 id={`${id}-title`} className="modal__title">
          {title}
        </h2>
        {children}
        {error && (
          <p className="form-error" role="alert" data-testid={errorTestId}>
            {error}
          </p>
        )}
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={submit.disabled} title={submit.title}>
            {submit.label}
          </button>
        </div>
      </form>
    </div>
  );
}

/**
 * The frame every form dialog shares: backdrop, modal form, title, and closing behaviour.
 *
 * A press on the backdrop closes (a press inside the form does not); the form's submit goes to
 * `onSubmit`. Dialogs supply only their fields and buttons as children.
 */
import { useId, type FormEvent, type ReactNode } from 'react';

export interface ModalFormProps {
  title: ReactNode;
  /** Extra class names for the form (e.g. `agent-dialog agent-dialog--wide`). */
  className: string;
  testId: string;
  onClose: () => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void | Promise<void>;
  children: ReactNode;
}

export function ModalForm({ title, className, testId, onClose, onSubmit, children }: ModalFormProps) {
  const id = useId();
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
      </form>
    </div>
  );
}

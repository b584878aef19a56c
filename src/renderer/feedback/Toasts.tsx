/**
 * Transient messages in the bottom-right corner (errors without an inline place to show them).
 */
import { useEffect } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { focusSession } from '../grid/pane-actions.ts';
import type { Toast } from '../store/ui-slice.ts';
import { toastLifetime } from './toast-lifetime.ts';

export function Toasts() {
  const toasts = useAppStore((state) => state.toasts);
  return (
    <div className="toasts">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}

function ToastItem({ toast }: { toast: Toast }) {
  const services = useServices();
  const dismiss = useAppStore((state) => state.dismissToast);
  const lifetime = useAppStore((state) => toastLifetime(toast, (id) => state.agents.get(id)?.status));
  useEffect(() => {
    if (lifetime === null) return;
    const timer = setTimeout(() => dismiss(toast.id), lifetime);
    return () => clearTimeout(timer);
  }, [dismiss, toast.id, lifetime]);
  const sessionId = toast.sessionId;
  return (
    <div
      className={`toast toast--${toast.tone}`}
      role={toast.tone === 'error' ? 'alert' : 'status'}
      data-testid="toast"
      data-session-id={toast.sessionId}
    >
      {sessionId === undefined ? (
        <span className="toast__text">{toast.text}</span>
      ) : (
        // A notification about a pane: clicking it brings that pane to the front.
        <button
          type="button"
          className="toast__text toast__link"
          title="Show this pane"
          onClick={() => {
            dismiss(toast.id);
            void focusSession(services, sessionId);
          }}
        >
          {toast.text}
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}

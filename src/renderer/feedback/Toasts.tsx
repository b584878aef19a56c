/**
 * Transient messages in the bottom-right corner (errors without an inline place to show them).
 */
import { useEffect } from 'react';
import { useAppStore } from '../app/services.ts';
import type { Toast } from '../store/ui-slice.ts';

/** Errors stay longer: they usually need reading, not just noticing. */
const TOAST_MS: Record<Toast['tone'], number> = { info: 5_000, error: 9_000 };

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
  const dismiss = useAppStore((state) => state.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS[toast.tone]);
    return () => clearTimeout(timer);
  }, [dismiss, toast.id, toast.tone]);
  return (
    <div className={`toast toast--${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
      <span className="toast__text">{toast.text}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ×
      </button>
    </div>
  );
}

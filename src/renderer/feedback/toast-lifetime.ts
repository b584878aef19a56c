/**
 * How long a toast stays on screen.
 */
import type { Toast } from '../store/ui-slice.ts';

/** Errors stay longer: they usually need reading, not just noticing. */
const TOAST_MS: Record<Toast['tone'], number> = { info: 5_000, error: 9_000, attention: 12_000 };

/**
 * How long a toast stays, or null while it must stay: a "needs input" notice about an agent that
 * still waits is the one thing the user has to act on, so it stays until the agent is answered
 * (then it times out like the others) or the user dismisses it.
 */
export function toastLifetime(toast: Pick<Toast, 'tone' | 'sessionId'>, agentStatus: (sessionId: string) => string | undefined): number | null {
  if (toast.tone === 'attention' && toast.sessionId !== undefined && agentStatus(toast.sessionId) === 'needs-input') return null;
  return TOAST_MS[toast.tone];
}

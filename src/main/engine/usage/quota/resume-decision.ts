/**
 * When to send the configured "continue" text to a session stalled on a limit.
 *
 * A pure function of (stall, window state, now, settings), so the timing rules are tested without
 * timers: wait until the reset plus a minute (limits are enforced on the server's clock, and a
 * message sent at the exact second is refused again); send once; send early if fresh window data
 * already shows headroom; never guess when no reset time is known.
 */
import type { RateWindow } from '../../../../shared/protocol/usage.ts';
import type { UsageProvider } from '../types.ts';

/** User settings for automatic continuation (off by default). */
export interface ResumeSettings {
  readonly enabled: boolean;
  /** Text typed into the stalled session, e.g. "continue" (a newline is the caller's business). */
  readonly continueText: string;
  /** Margin after the reset time (60 000 ms). */
  readonly delayMs: number;
}

export const DEFAULT_RESUME_SETTINGS: ResumeSettings = { enabled: false, continueText: 'continue', delayMs: 60_000 };

/** A session blocked on a limit, as the service tracks it. */
export interface StallState {
  readonly provider: UsageProvider;
  readonly terminalSessionId: string | null;
  /** Epoch ms. */
  readonly detectedAt: number;
  /** Reset named by the log row or the screen text, epoch ms. */
  readonly resetAt: number | null;
  /** Epoch ms when "continue" was sent; set by the caller after sending. */
  readonly resumedAt: number | null;
}

/** What to do now. */
export type ResumeDecision =
  | { readonly action: 'none'; readonly reason: 'disabled' | 'already-sent' | 'no-terminal' | 'unknown-reset' }
  | { readonly action: 'wait'; readonly until: number }
  | { readonly action: 'send'; readonly text: string; readonly terminalSessionId: string };

/**
 * Decide for one stall. `window` is the provider/account window that blocked it (the exhausted or
 * binding one), or null when none is known (Claude without status-line data).
 */
export function decideResume(stall: StallState, window: RateWindow | null, now: number, settings: ResumeSettings): ResumeDecision {
  if (!settings.enabled) return { action: 'none', reason: 'disabled' };
  if (stall.resumedAt !== null) return { action: 'none', reason: 'already-sent' };
  if (stall.terminalSessionId === null) return { action: 'none', reason: 'no-terminal' };
  const send: ResumeDecision = { action: 'send', text: settings.continueText, terminalSessionId: stall.terminalSessionId };
  if (window) {
    const observed = Date.parse(window.observedAt);
    // Newer data than the stall says there is room again (e.g. the user bought credits).
    if (observed > stall.detectedAt && !window.exhausted && !window.awaitingData) return send;
  }
  const windowReset = window?.resetsAt ? Date.parse(window.resetsAt) : null;
  const candidates = [stall.resetAt, window?.exhausted ? windowReset : null].filter((t): t is number => t !== null);
  const resetAt = candidates.length > 0 ? Math.max(...candidates) : windowReset !== null && windowReset > stall.detectedAt ? windowReset : null;
  if (resetAt === null) return { action: 'none', reason: 'unknown-reset' };
  const at = resetAt + settings.delayMs;
  return now < at ? { action: 'wait', until: at } : send;
}

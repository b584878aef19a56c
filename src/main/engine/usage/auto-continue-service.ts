/**
 * Automatic "continue": types the user's configured text into a session stalled on a usage limit
 * once its window has reset (plus a margin), when the user switched it on.
 *
 * The timing rules are the pure {@link decideResume} (through `UsageService.resumeDecisions`);
 * this class only owns the timer and the keystrokes. It re-checks on every usage change (a new
 * stall, fresh window data showing headroom) and at the earliest pending reset, and never waits
 * longer than {@link AutoContinueOptions.maxWaitMs} in one go, because a laptop that slept through
 * the reset fires its timers late and the wall clock is what counts.
 */
import type { Result } from '../../../shared/result.ts';
import { typedPromptBytes } from '../agents/index.ts';
import type { ResumeDecision, ResumeSettings } from './quota/resume-decision.ts';

/** What the service needs from the usage module (`UsageService` fits). */
export interface ResumeSource {
  resumeDecisions(settings: ResumeSettings): readonly { readonly decision: ResumeDecision }[];
  markResumed(terminalSessionId: string): void;
  onDidChange(listener: () => void): () => void;
}

/** Options for {@link AutoContinueService}. */
export interface AutoContinueOptions {
  readonly usage: ResumeSource;
  /** Type into a terminal session (the terminal service's `input`). */
  readonly input: (terminalSessionId: string, data: string) => Result<null>;
  /** Read at every check, so a settings change applies at once. */
  readonly settings: () => ResumeSettings;
  readonly now?: () => number;
  /** Longest single wait (default 60 s). */
  readonly maxWaitMs?: number;
}

/** One "continue" that was typed. */
export interface ContinueSent {
  readonly terminalSessionId: string;
  readonly text: string;
  readonly ok: boolean;
}

const DEFAULT_MAX_WAIT_MS = 60_000;

/** Sends "continue" to stalled sessions at their reset time. */
export class AutoContinueService {
  private timer: NodeJS.Timeout | null = null;
  private stopUsage: (() => void) | null = null;
  private disposed = false;
  private readonly listeners = new Set<(sent: ContinueSent) => void>();
  private readonly now: () => number;

  constructor(private readonly options: AutoContinueOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Follow usage changes and check once now. */
  start(): void {
    if (this.stopUsage || this.disposed) return;
    this.stopUsage = this.options.usage.onDidChange(() => this.check());
    this.check();
  }

  /**
   * Send what is due now and arm the timer for the next reset. Public so a settings change (or a
   * test with a moved clock) can ask for a check at once.
   */
  check(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const settings = this.options.settings();
    if (!settings.enabled) return;
    let next = Number.POSITIVE_INFINITY;
    for (const { decision } of this.options.usage.resumeDecisions(settings)) {
      if (decision.action === 'wait') next = Math.min(next, decision.until);
      if (decision.action !== 'send') continue;
      const sent = this.options.input(decision.terminalSessionId, typedPromptBytes(decision.text));
      // Marked even when the session is gone: a failed write must not be retried every check.
      this.options.usage.markResumed(decision.terminalSessionId);
      for (const listener of this.listeners) listener({ terminalSessionId: decision.terminalSessionId, text: decision.text, ok: sent.ok });
    }
    if (next === Number.POSITIVE_INFINITY) return;
    const wait = Math.min(Math.max(0, next - this.now()), this.options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.check();
    }, wait);
    this.timer.unref();
  }

  /** Each "continue" typed (logs, tests). Returns the disposer. */
  onDidSend(listener: (sent: ContinueSent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.stopUsage?.();
    this.stopUsage = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}

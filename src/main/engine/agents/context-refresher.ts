/**
 * Keeps each agent session's context fill current from the usage module.
 *
 * Usage summaries are not free (they attribute every log to a worktree), so after a usage change
 * the refresh waits a little and runs once for any number of changes in that time.
 */
import type { ContextFill } from '../../../shared/protocol/usage.ts';
import type { AgentUsageSource } from './agent-usage.ts';

/** Context fill refresh: at most this often after usage changes. */
export const CONTEXT_REFRESH_MS = 2_000;

export class ContextRefresher {
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(
    private readonly usage: AgentUsageSource,
    /** Apply the fills by terminal session id; returns nothing (the owner emits its own change). */
    private readonly apply: (byTerminal: ReadonlyMap<string, ContextFill>) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Refresh soon (coalescing calls made meanwhile). */
  schedule(): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().catch(this.onError);
    }, CONTEXT_REFRESH_MS);
    this.timer.unref();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    if (this.disposed) return;
    const summary = await this.usage.summary({ includeSessions: true });
    if (this.disposed) return;
    const byTerminal = new Map<string, ContextFill>();
    for (const session of summary.sessions) {
      if (session.terminalSessionId && session.context) byTerminal.set(session.terminalSessionId, session.context);
    }
    this.apply(byTerminal);
  }
}

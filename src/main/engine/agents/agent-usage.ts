/**
 * What the agents module needs from the usage module (issue 5's `UsageService`), as a seam.
 *
 * The engine passes its usage service when it has one; without it agents still work, just
 * without a context-fill gauge and quota notifications. `UsageService` satisfies this interface
 * structurally (checked by a type test in `test/unit/agents/agent-usage.test.ts`).
 */
import type { ContextFill, QuotaWarning, UsageProvider } from '../../../shared/protocol/usage.ts';

/** A limit message found on an agent's screen. */
export interface ScreenStallReport {
  readonly text: string;
  /** ISO time the limit resets, when the message names it. */
  readonly resetsAt?: string | null;
  /** `usage-limit`: blocked until a reset; `rate-limit`: a transient 429 the CLI retries itself. */
  readonly kind?: 'usage-limit' | 'rate-limit';
}

export interface AgentUsageSource {
  /** Tell the usage index which terminal session an agent's own session id belongs to. */
  pin(agentSessionId: string, terminalSessionId: string): void;
  /** Per-session usage, including the context fill of sessions pinned to a terminal session. */
  summary(query: { includeSessions?: boolean }): Promise<{
    readonly sessions: readonly { readonly terminalSessionId: string | null; readonly context: ContextFill | null }[];
  }>;
  /**
   * A Claude Code status-line payload of a session the app started (windows, context fill).
   * Optional: without it the app does not install its status-line helper.
   */
  ingestStatusLine?(input: { account?: string; terminalSessionId?: string; payload: unknown }): unknown;
  /**
   * An agent pane's screen after its output settled: records a stall when it shows a "usage limit
   * reached" message (null when it shows none). Optional: without it no screen stalls are seen.
   */
  reportScreen?(terminalSessionId: string, lines: readonly string[], provider?: UsageProvider): ScreenStallReport | null;
  /** The pane no longer shows a limit message: the session is not stalled (any more). */
  clearStall?(terminalSessionId: string): void;
  /** Changes; `warnings` are threshold crossings that fired just now (once each). */
  onDidChange(listener: (event: { readonly what: readonly string[]; readonly warnings: readonly QuotaWarning[] }) => void): () => void;
}

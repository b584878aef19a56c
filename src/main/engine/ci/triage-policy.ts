/**
 * When a failure goes to the agent, and when to stop and tell the user instead: a pure function
 * over the persisted triage state of one worktree.
 *
 * - **Dedupe**: a failure is identified by its signature (source, commit, failing checks with
 *   their run ids). A signature already delivered is never sent again, also after an engine
 *   restart (the state is persisted), so a re-read of the same red commit is silent.
 * - **Attempts** are counted per check name across commits: the agent pushes a fix, the same check
 *   fails on the new commit → attempt 2. Only a pass of the check resets its count (ao's
 *   escalation was defeated by counters that reset on every state change, ao #1531).
 * - **Escalation**: before sending attempt N+1 when a failing check already had `maxAttempts`
 *   prompts, or when it has been failing for longer than `escalateAfterMs` since its first
 *   prompt, the policy escalates: one notification, then silence until the check passes.
 */

export interface CheckTrack {
  /** Prompts sent while this check kept failing. */
  readonly attempts: number;
  /** Epoch ms of the first prompt about it. */
  readonly firstSentAt: number;
  readonly escalated: boolean;
}

export interface WorktreeTriageState {
  /** Per check key (`ci:test`, `local:npm test`). */
  readonly checks: Readonly<Record<string, CheckTrack>>;
  /** Signatures delivered (newest last, bounded). */
  readonly sent: readonly string[];
}

export const EMPTY_TRIAGE: WorktreeTriageState = { checks: {}, sent: [] };

/** Signatures remembered per worktree (a long-lived branch sees many failures). */
export const MAX_SIGNATURES = 200;

export interface TriagePolicy {
  readonly maxAttempts: number;
  readonly escalateAfterMs: number;
}

export const DEFAULT_TRIAGE_POLICY: TriagePolicy = { maxAttempts: 2, escalateAfterMs: 60 * 60_000 };

export interface FailureKeyed {
  readonly signature: string;
  /** Check keys failing in it. */
  readonly checks: readonly string[];
}

export type TriageDecision =
  | { readonly action: 'duplicate' }
  /** Already escalated for one of these checks: stay silent. */
  | { readonly action: 'silent' }
  | { readonly action: 'escalate'; readonly check: string; readonly reason: 'attempts' | 'time'; readonly attempts: number }
  | { readonly action: 'send'; readonly attempt: number };

export function decideTriage(state: WorktreeTriageState, failure: FailureKeyed, policy: TriagePolicy, now: number): TriageDecision {
  if (state.sent.includes(failure.signature)) return { action: 'duplicate' };
  const tracks = failure.checks.map((check) => ({ check, track: state.checks[check] }));
  if (tracks.some(({ track }) => track?.escalated)) return { action: 'silent' };
  for (const { check, track } of tracks) {
    if (!track) continue;
    if (track.attempts >= policy.maxAttempts) return { action: 'escalate', check, reason: 'attempts', attempts: track.attempts };
    if (now - track.firstSentAt >= policy.escalateAfterMs) return { action: 'escalate', check, reason: 'time', attempts: track.attempts };
  }
  const attempt = 1 + Math.max(0, ...tracks.map(({ track }) => track?.attempts ?? 0));
  return { action: 'send', attempt };
}

/** The state after a prompt about `failure` was typed into the agent. */
export function recordSent(state: WorktreeTriageState, failure: FailureKeyed, now: number): WorktreeTriageState {
  const checks = { ...state.checks };
  for (const check of failure.checks) {
    const track = checks[check];
    checks[check] = { attempts: (track?.attempts ?? 0) + 1, firstSentAt: track?.firstSentAt ?? now, escalated: false };
  }
  return { checks, sent: [...state.sent.filter((s) => s !== failure.signature), failure.signature].slice(-MAX_SIGNATURES) };
}

/** The state after escalating: the failure counts as handled, the check stays escalated. */
export function recordEscalated(state: WorktreeTriageState, failure: FailureKeyed, now: number): WorktreeTriageState {
  const checks = { ...state.checks };
  for (const check of failure.checks) {
    const track = checks[check];
    checks[check] = { attempts: track?.attempts ?? 0, firstSentAt: track?.firstSentAt ?? now, escalated: true };
  }
  return { checks, sent: [...state.sent.filter((s) => s !== failure.signature), failure.signature].slice(-MAX_SIGNATURES) };
}

/** Checks that passed: their counts and escalations are over. */
export function recordPassed(state: WorktreeTriageState, passed: readonly string[]): WorktreeTriageState {
  if (!passed.some((check) => state.checks[check])) return state;
  const checks = { ...state.checks };
  for (const check of passed) delete checks[check];
  return { ...state, checks };
}

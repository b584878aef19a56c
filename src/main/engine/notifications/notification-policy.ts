/**
 * When the user hears about an agent: a pure function from status changes (and quota warnings)
 * to notifications, tested on its own.
 *
 * - needs input: when a session starts waiting for an answer;
 * - finished: when a session goes from working to idle (or exits cleanly while working);
 * - stalled: when it went idle on a usage limit instead (under the quota toggle), with the reset;
 * - exited with an error: a non-zero exit code, except the codes of being stopped on purpose
 *   (closing the pane sends SIGHUP → 129; Ctrl-C → 130; SIGTERM → 143);
 * - quota low: a usage window crossed a warning threshold (once per window and threshold).
 *
 * No repeats for the same state: after "needs input" (or "finished") a session is silent about
 * that kind until it has been working again, so a dialog that is redrawn, or a question answered
 * with another question without work in between, notifies once. Each kind can be switched off.
 */
import type { AgentStatus } from '../../../shared/protocol/agents.ts';
import type { NotificationKind, NotificationToggles } from '../../../shared/protocol/settings.ts';
import type { QuotaWarning } from '../../../shared/protocol/usage.ts';

/** Exit codes of a session stopped on purpose, never reported as errors. */
export const QUIET_EXIT_CODES: readonly number[] = [129, 130, 143];

export interface PolicyState {
  /** Per session: the last kind notified since it last worked. */
  readonly lastKind: ReadonlyMap<string, NotificationKind>;
  /** Quota warnings already notified (provider/account/bucket/window/reset/threshold). */
  readonly quotaSeen: ReadonlySet<string>;
}

export const EMPTY_POLICY_STATE: PolicyState = { lastKind: new Map(), quotaSeen: new Set() };

/** The session a status change belongs to, as the notification names it. */
export interface SessionLabel {
  readonly sessionId: string;
  /** "Claude Code". */
  readonly agentName: string;
  /** Where it runs: "acme · feat-login". */
  readonly place: string;
}

export type PolicyInput =
  | {
      readonly type: 'status';
      readonly session: SessionLabel;
      readonly from: AgentStatus;
      readonly to: AgentStatus;
      readonly exitCode: number | null;
      /** The question, for needs input. */
      readonly detail: string | null;
      /** The usage limit on screen when it stopped: a stall, announced with its reset, not "done". */
      readonly limit?: { readonly resetsAt: string | null } | null;
    }
  | { readonly type: 'quota'; readonly warning: QuotaWarning }
  /** A session was closed: forget it. */
  | { readonly type: 'removed'; readonly sessionId: string }
  /** CI auto-triage gave up on a failing check (the CI service escalates once per check until it passes). */
  | { readonly type: 'ci-escalated'; readonly sessionId: string | null; readonly title: string; readonly body: string };

export interface PlannedNotification {
  readonly kind: NotificationKind;
  readonly sessionId: string | null;
  readonly title: string;
  readonly body: string;
}

export interface PolicyDecision {
  readonly state: PolicyState;
  readonly notifications: readonly PlannedNotification[];
}

const PROVIDER_NAMES: Record<QuotaWarning['provider'], string> = { codex: 'Codex', claude: 'Claude', gemini: 'Gemini' };

/** Decide what (if anything) to notify for one input; returns the next state too. */
export function decideNotifications(state: PolicyState, input: PolicyInput, toggles: NotificationToggles): PolicyDecision {
  switch (input.type) {
    case 'removed': {
      if (!state.lastKind.has(input.sessionId)) return { state, notifications: [] };
      const lastKind = new Map(state.lastKind);
      lastKind.delete(input.sessionId);
      return { state: { ...state, lastKind }, notifications: [] };
    }
    case 'ci-escalated': {
      const notification: PlannedNotification = { kind: 'ci-escalated', sessionId: input.sessionId, title: input.title, body: input.body };
      return { state, notifications: toggles['ci-escalated'] ? [notification] : [] };
    }
    case 'quota': {
      const w = input.warning;
      // The reset time names the window instance: the next 5-hour window may warn again.
      const key = [w.provider, w.account, w.bucket, w.kind, w.resetsAt ?? '', w.threshold].join('\0');
      if (state.quotaSeen.has(key)) return { state, notifications: [] };
      const quotaSeen = new Set(state.quotaSeen).add(key);
      const notification: PlannedNotification = {
        kind: 'quota-low',
        sessionId: null,
        title: `${PROVIDER_NAMES[w.provider]} quota at ${Math.round(w.usedPercent)}%`,
        body: `${w.kind} window${w.resetsAt ? `, resets at ${clockTime(w.resetsAt)}` : ''}`,
      };
      return { state: { ...state, quotaSeen }, notifications: toggles['quota-low'] ? [notification] : [] };
    }
    case 'status':
      return onStatus(state, input, toggles);
  }
}

function onStatus(
  state: PolicyState,
  input: Extract<PolicyInput, { type: 'status' }>,
  toggles: NotificationToggles,
): PolicyDecision {
  const { session, from, to } = input;
  if (from === to && to !== 'needs-input') return { state, notifications: [] };
  const kind = kindFor(input);
  const last = state.lastKind.get(session.sessionId);
  if (to === 'working') {
    // Working again re-arms every kind for this session.
    if (last === undefined) return { state, notifications: [] };
    const lastKind = new Map(state.lastKind);
    lastKind.delete(session.sessionId);
    return { state: { ...state, lastKind }, notifications: [] };
  }
  if (kind === null || last === kind) return { state, notifications: [] };
  const lastKind = new Map(state.lastKind).set(session.sessionId, kind);
  const notification = { kind, sessionId: session.sessionId, ...text(kind, input) };
  return { state: { ...state, lastKind }, notifications: toggles[kind] ? [notification] : [] };
}

function kindFor(input: Extract<PolicyInput, { type: 'status' }>): NotificationKind | null {
  const { from, to, exitCode } = input;
  switch (to) {
    case 'needs-input':
      return 'needs-input';
    case 'idle':
      if (from !== 'working') return null;
      return input.limit ? 'quota-low' : 'finished';
    case 'exited':
      if (exitCode === null || QUIET_EXIT_CODES.includes(exitCode)) return null;
      if (exitCode !== 0) return 'exited-error';
      return from === 'working' ? 'finished' : null;
    case 'working':
      return null;
  }
}

function text(kind: NotificationKind, input: Extract<PolicyInput, { type: 'status' }>): { title: string; body: string } {
  const { agentName, place } = input.session;
  switch (kind) {
    case 'needs-input':
      return { title: `${agentName} needs input`, body: `${place}: ${input.detail ?? 'waiting for your answer'}` };
    case 'finished':
      return { title: `${agentName} is done`, body: place };
    case 'exited-error':
      return { title: `${agentName} exited with code ${input.exitCode ?? '?'}`, body: place };
    case 'quota-low': {
      // Only a stall on a usage limit gets here from a status change.
      const resetsAt = input.limit?.resetsAt ?? null;
      return { title: `${agentName} stalled on a usage limit`, body: `${place}: ${resetsAt ? `resets at ${clockTime(resetsAt)}` : 'until the limit resets'}` };
    }
    case 'ci-escalated':
      return { title: 'CI needs you', body: place };
  }
}

/**
 * `14:05` in the engine's local time zone (where the user is), for notification text; an
 * unparseable time is shown as given.
 */
export function clockTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

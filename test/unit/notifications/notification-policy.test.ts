/**
 * The notifications policy: which status changes notify, per-kind toggles, no repeats.
 */
import { describe, expect, it } from 'vitest';
import {
  decideNotifications,
  EMPTY_POLICY_STATE,
  type PolicyInput,
  type PolicyState,
  type PlannedNotification,
} from '../../../src/main/engine/notifications/notification-policy.ts';
import type { AgentStatus } from '../../../src/shared/protocol/agents.ts';
import { DEFAULT_SETTINGS, type NotificationToggles } from '../../../src/shared/protocol/settings.ts';
import type { QuotaWarning } from '../../../src/shared/protocol/usage.ts';

const ALL_ON = DEFAULT_SETTINGS.notifications;
const session = { sessionId: 's1', agentName: 'Claude Code', place: 'acme · feat-login' };

function status(from: AgentStatus, to: AgentStatus, extra: Partial<Extract<PolicyInput, { type: 'status' }>> = {}): PolicyInput {
  return { type: 'status', session, from, to, exitCode: null, detail: null, ...extra };
}

/** Feed inputs in order; return every notification. */
function feed(inputs: readonly PolicyInput[], toggles: NotificationToggles = ALL_ON, state: PolicyState = EMPTY_POLICY_STATE) {
  const out: PlannedNotification[] = [];
  let current = state;
  for (const input of inputs) {
    const decision = decideNotifications(current, input, toggles);
    current = decision.state;
    out.push(...decision.notifications);
  }
  return { notifications: out, state: current };
}

const warning: QuotaWarning = { provider: 'codex', account: '/h/.codex', bucket: 'codex', kind: '5h', threshold: 90, usedPercent: 91.4, resetsAt: '2026-09-10T12:40:00.000Z' };

describe('decideNotifications', () => {
  it('notifies when a session starts needing input, with the question', () => {
    const { notifications } = feed([status('working', 'needs-input', { detail: 'Do you want to proceed?' })]);
    expect(notifications).toEqual([
      { kind: 'needs-input', sessionId: 's1', title: 'Claude Code needs input', body: 'acme · feat-login: Do you want to proceed?' },
    ]);
  });

  it('notifies "finished" when work ends, not when an idle agent was answered', () => {
    expect(feed([status('working', 'idle')]).notifications.map((n) => n.kind)).toEqual(['finished']);
    expect(feed([status('needs-input', 'idle')]).notifications).toEqual([]);
    expect(feed([status('idle', 'working')]).notifications).toEqual([]);
  });

  it('announces a turn that ended on a usage limit as stalled with its reset, not as done', () => {
    const stalled = feed([status('working', 'idle', { limit: { resetsAt: '2026-09-10T12:40:00.000Z' } })]).notifications;
    expect(stalled).toHaveLength(1);
    expect(stalled[0]).toMatchObject({ kind: 'quota-low', sessionId: 's1', title: 'Claude Code stalled on a usage limit' });
    expect(stalled[0]!.body).toMatch(/^acme · feat-login: resets at \d\d:\d\d$/);
    expect(feed([status('working', 'idle', { limit: { resetsAt: null } })]).notifications[0]?.body).toBe('acme · feat-login: until the limit resets');
    // Switched off with the quota notifications, not with "finished".
    expect(feed([status('working', 'idle', { limit: { resetsAt: null } })], { ...ALL_ON, 'quota-low': false }).notifications).toEqual([]);
    expect(feed([status('working', 'idle', { limit: null })]).notifications.map((n) => n.kind)).toEqual(['finished']);
  });

  it('never repeats a kind for the same session until it has worked again', () => {
    const { notifications } = feed([
      status('working', 'needs-input'),
      status('needs-input', 'idle'),
      status('idle', 'needs-input'), // asked again without any work in between
      status('needs-input', 'working'),
      status('working', 'needs-input'), // a new question after work
    ]);
    expect(notifications.map((n) => n.kind)).toEqual(['needs-input', 'needs-input']);
    expect(feed([status('working', 'idle'), status('idle', 'idle'), status('idle', 'idle')]).notifications).toHaveLength(1);
  });

  it('keeps sessions apart', () => {
    const other = { ...session, sessionId: 's2' };
    const { notifications } = feed([status('working', 'needs-input'), { ...status('working', 'needs-input'), session: other } as PolicyInput]);
    expect(notifications.map((n) => n.sessionId)).toEqual(['s1', 's2']);
  });

  it('reports an exit with an error code, but not a pane closed or Ctrl-C', () => {
    expect(feed([status('working', 'exited', { exitCode: 3 })]).notifications).toEqual([
      { kind: 'exited-error', sessionId: 's1', title: 'Claude Code exited with code 3', body: 'acme · feat-login' },
    ]);
    for (const code of [129, 130, 143]) expect(feed([status('working', 'exited', { exitCode: code })]).notifications).toEqual([]);
    expect(feed([status('idle', 'exited', { exitCode: null })]).notifications).toEqual([]);
  });

  it('counts a clean exit in the middle of work as finished, and a clean exit at rest as nothing', () => {
    expect(feed([status('working', 'exited', { exitCode: 0 })]).notifications.map((n) => n.kind)).toEqual(['finished']);
    expect(feed([status('idle', 'exited', { exitCode: 0 })]).notifications).toEqual([]);
    expect(feed([status('working', 'idle'), status('idle', 'exited', { exitCode: 0 })]).notifications).toHaveLength(1);
  });

  it('notifies each quota warning once', () => {
    const { notifications } = feed([{ type: 'quota', warning }, { type: 'quota', warning }, { type: 'quota', warning: { ...warning, threshold: 95 } }]);
    expect(notifications).toEqual([
      { kind: 'quota-low', sessionId: null, title: 'Codex quota at 91%', body: `5h window, resets at ${new Date('2026-09-10T12:40:00.000Z').toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}` },
      expect.objectContaining({ kind: 'quota-low' }),
    ]);
  });

  it('respects each toggle without losing the no-repeat memory', () => {
    const off: NotificationToggles = { ...ALL_ON, 'needs-input': false, 'quota-low': false };
    const first = feed([status('working', 'needs-input'), { type: 'quota', warning }], off);
    expect(first.notifications).toEqual([]);
    // Switching it back on does not make the same question notify late.
    expect(feed([status('needs-input', 'needs-input')], ALL_ON, first.state).notifications).toEqual([]);
    expect(feed([status('working', 'idle')], off).notifications.map((n) => n.kind)).toEqual(['finished']);
  });

  it('forgets a removed session', () => {
    const { state } = feed([status('working', 'needs-input')]);
    const after = decideNotifications(state, { type: 'removed', sessionId: 's1' }, ALL_ON).state;
    expect(after.lastKind.has('s1')).toBe(false);
    expect(decideNotifications(after, { type: 'removed', sessionId: 's1' }, ALL_ON).state).toBe(after);
  });
});

describe('clockTime', () => {
  it('shows hours and minutes in the local zone, and leaves garbage alone', async () => {
    const { clockTime } = await import('../../../src/main/engine/notifications/notification-policy.ts');
    const iso = '2026-09-10T12:40:00.000Z';
    const date = new Date(iso);
    const expected = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
    expect(clockTime(iso)).toBe(expected);
    expect(clockTime('not a time')).toBe('not a time');
  });
});

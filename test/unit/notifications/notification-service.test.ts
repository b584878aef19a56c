/**
 * The notifications service: domains publish observations, the policy decides, clients hear.
 */
import { describe, expect, it } from 'vitest';
import type { AgentNotification } from '../../../src/shared/protocol/agents.ts';
import type { NotificationToggles } from '../../../src/shared/protocol/settings.ts';
import { NotificationService } from '../../../src/main/engine/notifications/notification-service.ts';
import { feedQuotaWarnings } from '../../../src/main/engine/notifications/usage-feed.ts';
import type { QuotaWarning } from '../../../src/shared/protocol/usage.ts';

const session = { sessionId: 's1', agentName: 'Codex', place: 'acme · fix' };

describe('NotificationService', () => {
  it('turns published observations into numbered, timed notifications, and follows the toggles live', () => {
    let toggles: NotificationToggles = { 'needs-input': true, finished: true, 'exited-error': true, 'quota-low': true, 'ci-escalated': true };
    const service = new NotificationService({ toggles: () => toggles, now: () => Date.parse('2026-01-02T03:04:05Z') });
    const heard: AgentNotification[] = [];
    const stop = service.onNotification((n) => heard.push(n));

    service.publish({ type: 'status', session, from: 'working', to: 'needs-input', exitCode: null, detail: 'Run tests?' });
    // Same state again: no repeat.
    service.publish({ type: 'status', session, from: 'needs-input', to: 'needs-input', exitCode: null, detail: 'Run tests?' });
    expect(heard).toEqual([
      { id: 'n1', at: '2026-01-02T03:04:05.000Z', kind: 'needs-input', sessionId: 's1', title: 'Codex needs input', body: 'acme · fix: Run tests?' },
    ]);

    toggles = { ...toggles, finished: false };
    service.publish({ type: 'status', session, from: 'needs-input', to: 'working', exitCode: null, detail: null });
    service.publish({ type: 'status', session, from: 'working', to: 'idle', exitCode: null, detail: null });
    expect(heard).toHaveLength(1);

    stop();
    service.publish({ type: 'status', session, from: 'idle', to: 'exited', exitCode: 1, detail: null });
    expect(heard).toHaveLength(1);
  });

  it('feeds quota warnings from the usage module once per window instance', () => {
    const service = new NotificationService({ toggles: () => ({ 'needs-input': true, finished: true, 'exited-error': true, 'quota-low': true, 'ci-escalated': true }) });
    const heard: AgentNotification[] = [];
    service.onNotification((n) => heard.push(n));
    let listener: ((event: { warnings: readonly QuotaWarning[] }) => void) | null = null;
    const stop = feedQuotaWarnings({ onDidChange: (l) => ((listener = l), () => (listener = null)) }, service);
    const warning: QuotaWarning = { provider: 'codex', account: 'default', bucket: 'codex', kind: '5h', threshold: 80, usedPercent: 81, resetsAt: null };
    listener!({ warnings: [warning] });
    listener!({ warnings: [warning] });
    expect(heard.map((n) => n.title)).toEqual(['Codex quota at 81%']);
    stop();
    expect(listener).toBeNull();
  });
});

describe('CI escalations', () => {
  it('are published as ci-escalated notifications, unless that kind is switched off', () => {
    let on = true;
    const service = new NotificationService({ toggles: () => ({ 'needs-input': true, finished: true, 'exited-error': true, 'quota-low': true, 'ci-escalated': on }) });
    const heard: AgentNotification[] = [];
    service.onNotification((n) => heard.push(n));
    service.publish({ type: 'ci-escalated', sessionId: 's1', title: 'CI needs you: test', body: 'feat/x: still failing after 2 attempts' });
    on = false;
    service.publish({ type: 'ci-escalated', sessionId: 's1', title: 'CI needs you: lint', body: 'feat/x' });
    expect(heard).toMatchObject([{ kind: 'ci-escalated', sessionId: 's1', title: 'CI needs you: test', body: 'feat/x: still failing after 2 attempts' }]);
  });
});

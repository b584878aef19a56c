/**
 * Notifications: the one place the engine decides what the user hears about.
 *
 * Domains publish what they observed — agents their status changes and closed sessions, usage
 * its quota warnings; CI and the git map will publish theirs the same way — and this service
 * applies the policy (`notification-policy.ts`: per-kind toggles from the settings, no repeats)
 * and hands each notification to clients (the `agents.notification` event: a toast in the web
 * UI, an OS notification from the desktop shell).
 *
 * ```ts
 * notifications.publish({ type: 'status', session, from, to, exitCode, detail });
 * notifications.publish({ type: 'quota', warning });
 * notifications.publish({ type: 'removed', sessionId });
 * ```
 */
import type { AgentNotification } from '../../../shared/protocol/agents.ts';
import type { NotificationToggles } from '../../../shared/protocol/settings.ts';
import { EventBus } from '../events/index.ts';
import { decideNotifications, EMPTY_POLICY_STATE, type PolicyInput, type PolicyState } from './notification-policy.ts';

export type { PolicyInput as NotificationInput, SessionLabel } from './notification-policy.ts';

export interface NotificationServiceOptions {
  /** The user's per-kind switches, read at every decision (settings change live). */
  toggles: () => NotificationToggles;
  now?: () => number;
}

export class NotificationService {
  private state: PolicyState = EMPTY_POLICY_STATE;
  private count = 0;
  private readonly notifications = new EventBus<AgentNotification>();
  private readonly now: () => number;

  constructor(private readonly options: NotificationServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Report an observation; zero or more notifications follow, synchronously. */
  publish(input: PolicyInput): void {
    const decision = decideNotifications(this.state, input, this.options.toggles());
    this.state = decision.state;
    for (const planned of decision.notifications) {
      this.notifications.emit({ id: `n${++this.count}`, at: new Date(this.now()).toISOString(), ...planned });
    }
  }

  onNotification(listener: (notification: AgentNotification) => void): () => void {
    return this.notifications.on(listener);
  }
}

/**
 * When the desktop shell shows an agent notification natively, and what it says (pure).
 *
 * The engine decides *whether* something is worth telling (its notification policy, with the
 * user's per-kind toggles and no repeats); every window shows it as an in-app toast. The shell
 * adds an OS notification only when the user is not looking at the app, so nothing is said twice
 * to someone watching the grid.
 */
import type { AgentNotification } from '../../../shared/protocol/agents.ts';

export interface WindowAttention {
  /** The app has a window at all (macOS keeps running without one). */
  readonly windowOpen: boolean;
  readonly windowFocused: boolean;
  readonly windowMinimized: boolean;
}

export function shouldShowOsNotification(_notification: AgentNotification, attention: WindowAttention): boolean {
  return !attention.windowOpen || !attention.windowFocused || attention.windowMinimized;
}

export interface OsNotificationContent {
  readonly title: string;
  readonly body: string;
  /** Finished work and quota warnings make no sound; questions and errors do. */
  readonly silent: boolean;
  /** Linux urgency: a question waits for the user. */
  readonly urgency: 'normal' | 'critical' | 'low';
}

export function osNotificationContent(notification: AgentNotification): OsNotificationContent {
  switch (notification.kind) {
    case 'needs-input':
      return { title: notification.title, body: notification.body, silent: false, urgency: 'critical' };
    case 'exited-error':
      return { title: notification.title, body: notification.body, silent: false, urgency: 'normal' };
    case 'finished':
      return { title: notification.title, body: notification.body, silent: true, urgency: 'normal' };
    case 'quota-low':
      return { title: notification.title, body: notification.body, silent: true, urgency: 'low' };
    case 'ci-escalated':
      return { title: notification.title, body: notification.body, silent: false, urgency: 'normal' };
  }
}

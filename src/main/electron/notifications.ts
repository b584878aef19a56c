/**
 * OS notifications for agents: a thin layer over Electron's `Notification`. What to show and
 * when is decided in `decisions/agent-notification.ts`; a click focuses the app and the pane.
 */
import { Notification } from 'electron';
import type { AgentNotification } from '../../shared/protocol/agents.ts';
import { osNotificationContent } from './decisions/agent-notification.ts';

/** Shown notifications are kept until closed: an unreferenced one loses its click handler. */
const shown = new Set<Notification>();

/** Show one notification; `onClick` runs when the user clicks it. False where unsupported. */
export function showAgentNotification(notification: AgentNotification, onClick: () => void): boolean {
  if (typeof Notification?.isSupported !== 'function' || !Notification.isSupported()) return false;
  const content = osNotificationContent(notification);
  const native = new Notification({ title: content.title, body: content.body, silent: content.silent, urgency: content.urgency });
  shown.add(native);
  native.on('click', () => {
    shown.delete(native);
    onClick();
  });
  native.on('close', () => shown.delete(native));
  native.show();
  return true;
}

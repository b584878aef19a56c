/**
 * Per-kind notification switches (stored in the engine's settings, shared by every window and
 * the desktop shell's OS notifications).
 */
import { NOTIFICATION_KINDS, type NotificationKind } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { setNotificationEnabled } from './agent-actions.ts';

const LABELS: Record<NotificationKind, string> = {
  'needs-input': 'An agent needs input',
  finished: 'An agent finished',
  'exited-error': 'An agent exited with an error',
  'quota-low': 'Quota is running low',
  'ci-escalated': 'CI auto-triage gave up on a failing check',
};

export function NotificationSettings() {
  const services = useServices();
  const settings = useAppStore((state) => state.settings);
  if (!settings) return null;
  return (
    <details className="notification-settings" data-testid="notification-settings">
      <summary>Notifications</summary>
      {NOTIFICATION_KINDS.map((kind) => (
        <label key={kind} className="checkbox">
          <input
            type="checkbox"
            checked={settings.notifications[kind]}
            aria-label={LABELS[kind]}
            onChange={(event) => void setNotificationEnabled(services, kind, event.target.checked)}
          />
          {LABELS[kind]}
        </label>
      ))}
    </details>
  );
}

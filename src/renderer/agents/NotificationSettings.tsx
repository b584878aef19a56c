/**
 * Per-kind notification switches (stored in the engine's settings, shared by every window and
 * the desktop shell's OS notifications).
 */
import { NOTIFICATION_KINDS, type NotificationKind } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { setNotificationEnabled } from './agent-actions.ts';
import { Checkbox } from '../ui/Checkbox.tsx';
import { Disclosure } from '../ui/Disclosure.tsx';

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
    <Disclosure className="notification-settings" testId="notification-settings" summary="Notifications">
      {NOTIFICATION_KINDS.map((kind) => (
        <Checkbox key={kind} checked={settings.notifications[kind]} label={LABELS[kind]} onCheckedChange={(enabled) => void setNotificationEnabled(services, kind, enabled)}>
          {LABELS[kind]}
        </Checkbox>
      ))}
    </Disclosure>
  );
}

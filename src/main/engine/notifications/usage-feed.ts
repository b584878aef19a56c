/**
 * The usage module's quota warnings, fed to the notifications service (each threshold crossing
 * fires once per window instance in the usage service; the policy adds the per-kind toggle and
 * the no-repeat key).
 */
import type { QuotaWarning } from '../../../shared/protocol/usage.ts';
import type { NotificationService } from './notification-service.ts';

export interface QuotaWarningSource {
  onDidChange(listener: (event: { readonly warnings: readonly QuotaWarning[] }) => void): () => void;
}

/** Start feeding; returns the function that stops it. */
export function feedQuotaWarnings(usage: QuotaWarningSource, notifications: Pick<NotificationService, 'publish'>): () => void {
  return usage.onDidChange((event) => {
    for (const warning of event.warnings) notifications.publish({ type: 'quota', warning });
  });
}

/**
 * Session-wide policy: which permissions the page gets and the Content-Security-Policy header.
 */
import type { Session } from 'electron';
import { buildContentSecurityPolicy } from './decisions/content-security-policy.ts';
import { isPermissionGranted } from './decisions/permissions.ts';

/**
 * Deny every permission except sanitized clipboard writes, and attach the CSP to every response.
 *
 * Both the request handler (prompts) and the check handler (`navigator.permissions.query`,
 * synchronous checks) are set: setting only one leaves the other at Electron's allow-all default.
 * Device pickers (HID, serial, USB) are denied as well.
 */
export function applySessionPolicy(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionGranted(permission)));
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  session.setDevicePermissionHandler(() => false);

  // Only our own files get the policy: DevTools and anything else sharing the session keep theirs.
  const csp = buildContentSecurityPolicy();
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!details.url.startsWith('file:')) {
      callback({});
      return;
    }
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

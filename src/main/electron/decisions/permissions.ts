/**
 * Which web permissions the renderer is granted.
 *
 * The app needs none of camera, microphone, geolocation, notifications (the shell sends native
 * ones), MIDI, HID, serial… Only writing sanitized text to the clipboard (xterm's copy) is allowed;
 * everything else is denied so a compromised page cannot even prompt for it.
 */

/** Permissions granted to our own window; every other permission is denied. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Whether a permission request or check for `permission` is granted. */
export function isPermissionGranted(permission: string): boolean {
  return GRANTED_PERMISSIONS.has(permission);
}

import { describe, expect, it } from 'vitest';
import { isPermissionGranted } from '../../../../src/main/electron/decisions/permissions.ts';

describe('isPermissionGranted', () => {
  it('grants only sanitized clipboard writes', () => {
    expect(isPermissionGranted('clipboard-sanitized-write')).toBe(true);
  });

  it.each(['clipboard-read', 'media', 'geolocation', 'notifications', 'midiSysex', 'openExternal', 'fullscreen', 'hid', 'serial', 'unknown'])(
    'denies %s',
    (permission) => expect(isPermissionGranted(permission)).toBe(false),
  );
});

import { describe, expect, it } from 'vitest';
import type { DesktopBridge } from '../../../src/shared/desktop-bridge.ts';
import { resolveEndpoint } from '../../../src/renderer/engine/endpoint.ts';

const bridge: DesktopBridge = {
  endpoint: { baseUrl: 'http://127.0.0.1:4000', token: 'from-shell' },
  getPathForFile: () => '',
  platform: 'linux',
};

describe('resolveEndpoint', () => {
  it('uses the desktop bridge inside Electron, whatever the page URL is', () => {
    expect(resolveEndpoint(bridge, { origin: 'null', protocol: 'file:', hash: '' })).toEqual(bridge.endpoint);
  });

  it('uses the page origin and the #token in web mode', () => {
    expect(resolveEndpoint(null, { origin: 'http://127.0.0.1:5123', protocol: 'http:', hash: '#token=abc_-1' })).toEqual({
      baseUrl: 'http://127.0.0.1:5123',
      token: 'abc_-1',
    });
  });

  it('has no endpoint without a token, or from file:// without the shell', () => {
    expect(resolveEndpoint(null, { origin: 'http://127.0.0.1:5123', protocol: 'http:', hash: '' })).toBeNull();
    expect(resolveEndpoint(null, { origin: 'null', protocol: 'file:', hash: '#token=x' })).toBeNull();
  });
});

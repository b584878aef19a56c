import { describe, expect, it } from 'vitest';
import { buildMainWindowOptions } from '../../../../src/main/electron/decisions/window-options.ts';

const base = {
  preloadPath: '/app/dist/preload/index.cjs',
  bounds: { x: 10, y: 20, width: 1200, height: 800 },
  allowDevTools: false,
};

describe('buildMainWindowOptions', () => {
  it('builds a hardened window', () => {
    const { webPreferences } = buildMainWindowOptions(base);
    expect(webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      experimentalFeatures: false,
      devTools: false,
    });
  });

  it('passes nothing to the page through argv or other side channels', () => {
    const { webPreferences } = buildMainWindowOptions(base);
    expect(webPreferences).not.toHaveProperty('additionalArguments');
    expect(webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(webPreferences).not.toHaveProperty('partition');
  });

  it('uses the restored bounds, starts hidden and enforces a minimum size', () => {
    const options = buildMainWindowOptions(base);
    expect(options).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, show: false });
    expect(options.minWidth).toBeGreaterThan(0);
    expect(options.minHeight).toBeGreaterThan(0);
  });

  it('lets the OS place a window without a saved position', () => {
    const options = buildMainWindowOptions({ ...base, bounds: { width: 1280, height: 820 } });
    expect(options).not.toHaveProperty('x');
    expect(options).not.toHaveProperty('y');
  });

  it('enables DevTools only when asked (development builds)', () => {
    expect(buildMainWindowOptions({ ...base, allowDevTools: true }).webPreferences?.devTools).toBe(true);
  });
});

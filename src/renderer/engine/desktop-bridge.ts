/**
 * Access to the Electron preload's `window.agentOrchestrator`, which is absent in web mode.
 */
import { DESKTOP_BRIDGE_KEY, type DesktopBridge } from '../../shared/desktop-bridge.ts';

/** The desktop bridge if the app runs inside the Electron shell, otherwise null. */
export function getDesktopBridge(win: Window): DesktopBridge | null {
  const candidate: unknown = Reflect.get(win, DESKTOP_BRIDGE_KEY);
  if (typeof candidate !== 'object' || candidate === null) return null;
  // The preload is ours, so a shallow shape check is enough to tell it from an unrelated global.
  return 'endpoint' in candidate ? (candidate as DesktopBridge) : null;
}

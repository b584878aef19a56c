/**
 * How the preload learns the engine endpoint: a synchronous IPC request answered here.
 *
 * Chosen over `webPreferences.additionalArguments` (argv) because argv is frozen when the window
 * is created: after an engine restart (new port and token) a reload of the page would read the
 * dead endpoint from argv, while a request always gets the current one. The sync call happens
 * once per page load, before any renderer code runs, so blocking for it is harmless.
 */
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { DESKTOP_IPC } from '../../shared/desktop-bridge.ts';
import type { EngineEndpoint } from '../../shared/protocol/client.ts';
import { isTrustedRendererUrl } from './decisions/trusted-sender.ts';

/**
 * Answer endpoint requests from our own page only (its top frame showing our `index.html`);
 * anyone else gets `null`.
 */
export function serveEndpointOverIpc(options: {
  readonly rendererUrl: string;
  readonly currentEndpoint: () => EngineEndpoint | null;
  readonly log: (line: string) => void;
}): void {
  ipcMain.on(DESKTOP_IPC.getEndpoint, (event: IpcMainEvent) => {
    const trusted = fromOurPage(event, options.rendererUrl);
    if (!trusted) options.log(`refused endpoint request from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
    event.returnValue = trusted ? options.currentEndpoint() : null;
  });
}

/** The message came from the top frame of a window showing our own `index.html`. */
export function fromOurPage(event: IpcMainEvent | IpcMainInvokeEvent, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isTrustedRendererUrl(frame.url, rendererUrl);
}

/** Tell a window's preload about a new endpoint (after an engine restart). */
export function announceEndpoint(window: BrowserWindow, endpoint: EngineEndpoint): void {
  if (!window.isDestroyed()) window.webContents.send(DESKTOP_IPC.endpointChanged, endpoint);
}

/**
 * Preload: exposes `window.agentOrchestrator` (the `DesktopBridge`) and nothing else.
 *
 * Runs sandboxed, so it can only `require('electron')`: it is bundled into one CommonJS file by
 * `scripts/build-electron.mjs`. No logic lives here; the main process decides everything.
 *
 * The endpoint comes from a synchronous IPC request rather than `additionalArguments`: argv is
 * fixed when the window is created, so after an engine restart a page reload would read a dead
 * endpoint from it (see `src/main/electron/endpoint-ipc.ts`).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { DESKTOP_BRIDGE_KEY, DESKTOP_IPC, type DesktopBridge } from '../shared/desktop-bridge.ts';

type Endpoint = DesktopBridge['endpoint'];

const endpoint = ipcRenderer.sendSync(DESKTOP_IPC.getEndpoint) as Endpoint | null;
if (endpoint === null) {
  // Without an endpoint the bridge would lie; the renderer then reports "no engine" itself.
  throw new Error('agent-orchestrator preload: the shell did not provide an engine endpoint');
}

const bridge: DesktopBridge = {
  endpoint,
  getPathForFile: (file) => webUtils.getPathForFile(file),
  platform: process.platform,
  onEndpointChanged(listener) {
    // Never hand the IpcRendererEvent to the page: it carries `sender`, the raw ipcRenderer.
    const forward = (_event: IpcRendererEvent, next: Endpoint): void => listener(next);
    ipcRenderer.on(DESKTOP_IPC.endpointChanged, forward);
    return () => {
      ipcRenderer.removeListener(DESKTOP_IPC.endpointChanged, forward);
    };
  },
  storeGitHubToken: (token) => ipcRenderer.invoke(DESKTOP_IPC.storeGitHubToken, token) as ReturnType<NonNullable<DesktopBridge['storeGitHubToken']>>,
};

contextBridge.exposeInMainWorld(DESKTOP_BRIDGE_KEY, bridge);

/**
 * The main window: hardened options, restored bounds, the renderer loaded from `dist/renderer`.
 *
 * Navigation, window.open and webview blocking live in `harden-web-contents.ts` (installed for
 * every webContents); permissions and the CSP header in `session-policy.ts`.
 */
import { BrowserWindow } from 'electron';
import type { AppPaths } from './decisions/app-paths.ts';
import { buildMainWindowOptions } from './decisions/window-options.ts';
import type { WindowStateStore } from './window-state.ts';

/** Inputs of {@link createMainWindow}. */
export interface MainWindowDeps {
  readonly paths: AppPaths;
  readonly windowState: WindowStateStore;
  readonly allowDevTools: boolean;
  readonly log: (line: string) => void;
}

/**
 * Create and show the main window.
 *
 * Resolves once the renderer's `index.html` is loaded; rejects if it cannot be (e.g. the renderer
 * was not built), so the caller can report it instead of showing an empty window.
 */
export async function createMainWindow(deps: MainWindowDeps): Promise<BrowserWindow> {
  const options = buildMainWindowOptions({
    preloadPath: deps.paths.preload,
    bounds: deps.windowState.restoredBounds(),
    allowDevTools: deps.allowDevTools,
    iconPath: deps.paths.icon,
  });
  // The isolation flags are restated at the call site: static scanners (electronegativity, run in
  // `npm test`) read this literal, and no later edit of the options builder can turn them off.
  const window = new BrowserWindow({
    ...options,
    webPreferences: {
      ...options.webPreferences,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (deps.windowState.wasMaximized()) window.maximize();
  deps.windowState.track(window);
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => {
    deps.log(`renderer process gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  await window.loadFile(deps.paths.rendererIndex);
  return window;
}

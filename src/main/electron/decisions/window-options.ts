/**
 * The constructor options of the main BrowserWindow, built without touching Electron so a unit
 * test can assert every hardening flag.
 *
 * The `electron` import below is type-only (erased at build time); this file never loads Electron.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { MIN_WINDOW_SIZE, type RestoredBounds } from './window-bounds.ts';

/** Inputs of {@link buildMainWindowOptions}. */
export interface MainWindowOptionsInput {
  /** Absolute path of the bundled preload (`dist/preload/index.cjs`). */
  readonly preloadPath: string;
  readonly bounds: RestoredBounds;
  /** DevTools are available in development builds only. */
  readonly allowDevTools: boolean;
  /** Window icon (Linux/Windows; macOS takes it from the bundle). */
  readonly iconPath?: string;
}

/** Background painted before the renderer's first frame (matches the renderer's dark theme). */
export const WINDOW_BACKGROUND = '#15171c';

/**
 * Options for the main window.
 *
 * Hardening, each flag explicit even where it matches Electron's default, so a future default
 * change or an accidental edit shows up in review and in the unit test:
 * - `contextIsolation`, `sandbox`: the preload runs isolated and without Node; the page reaches
 *   the shell only through the contextBridge API.
 * - `nodeIntegration*: false`: no `require`/`process` in the page, its workers or subframes.
 * - `webSecurity: true`, `allowRunningInsecureContent: false`: same-origin policy stays on.
 * - `webviewTag: false`: no `<webview>` (it could load arbitrary content with its own prefs).
 * - `navigateOnDragDrop: false`: dropping a folder must reach the app's drop handler, not
 *   navigate the window to `file:///…`.
 * - `safeDialogs`: a runaway `alert()` loop can be stopped by the user.
 * - `disableBlinkFeatures: 'Auxclick'`: no middle-click navigation flows.
 * The window starts hidden and is shown on `ready-to-show` to avoid a white flash.
 */
export function buildMainWindowOptions(input: MainWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...input.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Agent Orchestrator',
    backgroundColor: WINDOW_BACKGROUND,
    ...(input.iconPath === undefined ? {} : { icon: input.iconPath }),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A middle click must not open links in new windows (window.open is denied anyway).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: input.allowDevTools,
    },
  };
}

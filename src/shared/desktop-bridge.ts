/**
 * The API the Electron preload exposes to the renderer as `window.agentOrchestrator`.
 *
 * Kept as small as possible: how to reach the engine, and the native calls the web cannot do.
 * In web mode (a plain browser) the global is absent and the renderer reads the endpoint from
 * its own URL (`location.origin` + `#token=…`).
 */
export interface DesktopBridge {
  /** How to reach the engine the shell started (as it was when the page loaded). */
  endpoint: { baseUrl: string; token: string };
  /** `webUtils.getPathForFile`: the filesystem path of a dropped file or folder. */
  getPathForFile(file: File): string;
  platform: string;
  /**
   * Called with the new endpoint when the shell had to restart a crashed engine (new port, new
   * token). The renderer reconnects itself; returns an unsubscribe function.
   *
   * Optional so that other hosts of the renderer (tests, web mode shims) need not provide it.
   */
  onEndpointChanged?(listener: (endpoint: { baseUrl: string; token: string }) => void): () => void;
  /**
   * A GitHub token the user entered: the shell keeps it encrypted with Electron's safeStorage
   * (the OS keychain) and hands it to the engine now and at every engine start. `null` forgets
   * it. Optional: web mode has no shell, and the renderer then gives the token to the engine
   * for its lifetime only.
   */
  storeGitHubToken?(token: string | null): Promise<StoreTokenResult>;
}

/** What the shell says about a token it was asked to keep. */
export type StoreTokenResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export const DESKTOP_BRIDGE_KEY = 'agentOrchestrator';

/**
 * IPC channels between the preload and the Electron main process; nothing else crosses IPC.
 *
 * Lives here because both ends (`src/preload`, `src/main/electron`) must agree on the names and
 * `src/shared` is the only place both may import from.
 */
export const DESKTOP_IPC = {
  /** Synchronous request from the preload for the current engine endpoint. */
  getEndpoint: 'ao:get-endpoint',
  /** Main → preload push after an engine restart. */
  endpointChanged: 'ao:endpoint-changed',
  /** Renderer → main (invoke): keep (or forget) the user's GitHub token. */
  storeGitHubToken: 'ao:store-github-token',
} as const;

/**
 * The composition root: builds the store, the connection, the terminal registry and the
 * shortcut dispatcher, and wires them to each other.
 */
import { callEngine, type EngineAccess } from '../engine/call-engine.ts';
import { applyEngineEvent } from '../engine/apply-engine-event.ts';
import { getDesktopBridge } from '../engine/desktop-bridge.ts';
import { EngineConnection } from '../engine/engine-connection.ts';
import { checkToken, resolveEndpoint } from '../engine/endpoint.ts';
import { LayoutCommands } from '../grid/layout-commands.ts';
import { runShortcut } from '../keyboard/run-shortcut.ts';
import { ShortcutDispatcher } from '../keyboard/shortcut-dispatcher.ts';
import { isMacPlatform } from '../keyboard/shortcuts.ts';
import { createAppStore } from '../store/app-store.ts';
import { createQueryClient, engineQueryUtils } from '../data/query-client.ts';
import { GitMapData } from '../data/git-map-data.ts';
import { UsageData } from '../data/usage-data.ts';
import { WorktreeData } from '../data/worktree-data.ts';
import { installDebugHook } from '../terminals/debug-hook.ts';
import { TerminalRegistry } from '../terminals/terminal-registry.ts';
import { webglPanesFrom } from '../terminals/webgl-panes-flag.ts';
import { isSoftwareRenderer, webglRendererName } from '../terminals/software-gl.ts';
import { trimScrollbackAfterFrom } from '../terminals/scrollback-trim-flag.ts';
import { PALETTES } from '../theme/palettes.ts';
import { ThemeController } from '../theme/theme.ts';
import type { AppServices } from './services.ts';

export interface AppRuntime {
  services: AppServices;
  /** Start connecting (and keep reconnecting) to the engine. */
  start(): void;
  dispose(): Promise<void>;
}

/** Build the app's services for this window. */
export function createServices(win: Window): AppRuntime {
  const store = createAppStore();
  const bridge = getDesktopBridge(win);
  const endpoint = resolveEndpoint(bridge, win.location);
  const isMac = isMacPlatform(bridge?.platform ?? win.navigator.platform);

  let connection: EngineConnection | null = null;
  const engine: EngineAccess & { retryNow(): void } = {
    get client() {
      return connection?.client ?? null;
    },
    retryNow: () => connection?.retryNow(),
  };
  const layoutCommands = new LayoutCommands(store, engine);
  const queryClient = createQueryClient();
  const orpc = engineQueryUtils(engine);
  const worktreeData = new WorktreeData(queryClient, orpc);
  const usageData = new UsageData(queryClient, orpc);
  const gitMapData = new GitMapData(queryClient, orpc);

  // The dispatcher needs the services and the registry needs the dispatcher: close the loop
  // through a late-bound reference (only read when a key is pressed, long after setup).
  let servicesRef: AppServices | null = null;
  const shortcuts = new ShortcutDispatcher(isMac, (action) => {
    if (servicesRef) void runShortcut(servicesRef, action);
  });
  const theme = new ThemeController(win);
  const registry = new TerminalRegistry({
    theme: PALETTES[theme.get().theme].terminal,
    keyHandler: shortcuts.xtermKeyHandler,
    webglPanes: webglPanesFrom(win.location, () => {
      const renderer = webglRendererName(win);
      return renderer !== null && isSoftwareRenderer(renderer);
    }),
    trimScrollbackAfterMs: trimScrollbackAfterFrom(win.location),
    resize: async (sessionId, cols, rows) =>
      (await callEngine(engine, (client) => client.terminals.resize({ sessionId, cols, rows }))).ok,
    frozenSize: (sessionId) => {
      const session = store.getState().server.sessions.get(sessionId);
      return session && session.status !== 'running' ? { cols: session.cols, rows: session.rows } : null;
    },
  });
  const stopTheme = theme.subscribe((state) => registry.setTheme(PALETTES[state.theme].terminal));
  const services: AppServices = { store, engine, registry, layoutCommands, bridge, isMac, shortcuts, queryClient, worktreeData, usageData, gitMapData, theme };
  servicesRef = services;

  if (endpoint) {
    connection = new EngineConnection({
      endpoint,
      onEvent: (event) => applyEngineEvent(event, { store, layoutCommands, queries: [worktreeData, usageData, gitMapData] }),
      onState: (state) => store.getState().setConnection(state),
      onDataClient: (client) => registry.setDataClient(client),
      // Web mode only: the page and the engine share an origin. The desktop shell hands the
      // window the engine's current token, so a refusal cannot happen there.
      ...(bridge ? {} : { checkToken: () => checkToken(endpoint) }),
    });
  } else {
    store.getState().setConnection({ status: 'no-endpoint' });
  }
  const removeDebugHook = installDebugHook(win, registry);
  // After the shell restarts a crashed engine, follow it to its new port and token.
  const stopFollowing = bridge?.onEndpointChanged?.((next) => connection?.setEndpoint(next));

  return {
    services,
    start: () => connection?.start(),
    dispose: async () => {
      removeDebugHook();
      stopTheme();
      worktreeData.dispose();
      usageData.dispose();
      gitMapData.dispose();
      queryClient.clear();
      stopFollowing?.();
      await connection?.dispose();
      registry.disposeAll();
    },
  };
}

/**
 * Electron main process: the composition root of the desktop shell.
 *
 * Order matters: the data folder and sandbox switches before `ready`; the single-instance lock
 * before anything visible; hardening before any webContents exists; the engine before the
 * window, because the preload asks for the endpoint as the page starts.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { startAgentAlerts, type AgentAlerts } from './agent-alerts.ts';
import { installAppMenu } from './app-menu.ts';
import { engineServeArgs, resolveAppPaths } from './decisions/app-paths.ts';
import { sanitizeEngineEnv } from './decisions/engine-env.ts';
import { announceEndpoint, serveEndpointOverIpc } from './endpoint-ipc.ts';
import { EngineHost, EngineStartError } from './engine-host.ts';
import { hardenWebContents } from './harden-web-contents.ts';
import { applySessionPolicy } from './session-policy.ts';
import { createMainWindow } from './window.ts';
import { WindowStateStore } from './window-state.ts';

function log(line: string): void {
  console.log(`[shell] ${line}`);
}

/**
 * Run an async step from an event handler. Failures end in an error box and an exit, never in an
 * unhandled rejection with a half-started app.
 */
function runOrExit(what: string, step: () => Promise<void>): void {
  step().catch((error: unknown) => {
    const detail = error instanceof EngineStartError ? [error.message, '', ...error.stderrTail].join('\n') : String(error);
    log(`${what} failed: ${detail}`);
    dialog.showErrorBox(`Agent Orchestrator: ${what} failed`, detail);
    app.exit(1);
  });
}

/**
 * With `AGENT_ORCHESTRATOR_HOME` set (tests, portable setups), keep Electron's own data (window
 * state, caches, the single-instance lock) under it too, so one variable isolates a whole run.
 */
function isolateUserData(): void {
  const home = process.env.AGENT_ORCHESTRATOR_HOME;
  if (home !== undefined && home !== '') app.setPath('userData', path.join(path.resolve(home), 'desktop'));
}

/**
 * Fail fast with an actionable message when the build is incomplete, instead of retrying a
 * missing engine five times with backoff or showing an empty window.
 */
async function assertBuilt(files: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const file of files) {
    await access(file).catch(() => missing.push(file));
  }
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run \`npm run build\` first`);
}

function main(): void {
  isolateUserData();
  // Sandbox every renderer, including any created by code that forgets to ask for it.
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // The bundle is CommonJS (`dist/electron/main.cjs`), so __dirname is that file's folder.
  const paths = resolveAppPaths(__dirname);
  const allowDevTools = !app.isPackaged;
  const engine = new EngineHost({
    command: process.execPath,
    args: engineServeArgs(paths.engineEntry),
    env: sanitizeEngineEnv(process.env, { ELECTRON_RUN_AS_NODE: '1' }),
    cwd: app.getPath('home'),
    log,
  });
  let mainWindow: BrowserWindow | null = null;
  // OS notifications and the tray for agents; started once the app is ready.
  let alerts: AgentAlerts | null = null;

  const openWindow = async (): Promise<void> => {
    const windowState = new WindowStateStore();
    mainWindow = await createMainWindow({ paths, windowState, allowDevTools, log });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  engine.onDidChangeEndpoint((endpoint) => {
    if (mainWindow !== null) announceEndpoint(mainWindow, endpoint);
    alerts?.setEndpoint(endpoint);
  });
  engine.onDidGiveUp((failure) => {
    dialog.showErrorBox(
      'Agent Orchestrator: the engine keeps crashing',
      [failure.message, 'Terminals and agents are unavailable until the app is restarted.', '', ...failure.stderrTail].join('\n'),
    );
  });

  app.on('ready', () => {
    runOrExit('startup', async () => {
      applySessionPolicy(session.defaultSession);
      installAppMenu({ platform: process.platform, allowDevTools });
      serveEndpointOverIpc({ rendererUrl: paths.rendererUrl, currentEndpoint: () => engine.endpoint, log });
      await assertBuilt([paths.engineEntry, paths.preload, paths.rendererIndex]);
      await engine.start();
      await openWindow();
      alerts = startAgentAlerts({ iconPath: paths.icon, window: () => mainWindow, openWindow, quit: () => app.quit(), log });
      if (engine.endpoint !== null) alerts?.setEndpoint(engine.endpoint);
    });
  });

  // macOS keeps the app (and its engine) alive without windows and reopens one from the dock.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (mainWindow === null && engine.endpoint !== null) runOrExit('opening a window', openWindow);
  });

  // Stop the engine (it kills its terminals and flushes state) before the process ends.
  let engineStopped = false;
  let stopping = false;
  app.on('will-quit', (event) => {
    if (engineStopped) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    runOrExit('shutdown', async () => {
      await alerts?.dispose();
      await engine.stop();
      engineStopped = true;
      app.quit();
    });
  });
  // A crash or app.exit() skips will-quit: never leave the engine behind.
  process.on('exit', () => engine.killNow());
}

main();

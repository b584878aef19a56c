/**
 * Electron main process: the composition root of the desktop shell.
 *
 * Order matters: the data folder and sandbox switches before `ready`; the single-instance lock
 * before anything visible; hardening before any webContents exists; the login-shell PATH before
 * the engine (which hands its environment to every terminal); the engine before the window,
 * because the preload asks for the endpoint as the page starts.
 *
 * Every decision lives in `decisions/` (pure, unit-tested under Node); this file wires them to
 * Electron's events.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, safeStorage, session, type BrowserWindow } from 'electron';
import type { Repo } from '../../shared/protocol/index.ts';
import { runtimeWebSocket, startAgentAlerts, type AgentAlerts } from './agent-alerts.ts';
import { installAppMenu } from './app-menu.ts';
import { AttentionBadge } from './attention.ts';
import { onLastWindowClosed, quitConfirmation, type QuitConfirmation } from './decisions/app-lifecycle.ts';
import { engineDataFolder, engineServeArgs, RENDERER_JS_FLAGS, resolveAppPaths } from './decisions/app-paths.ts';
import { needsInputCount } from './decisions/attention-badge.ts';
import { sanitizeEngineEnv } from './decisions/engine-env.ts';
import { foldersFromArgv, foldersFromSecondInstance, type SecondInstanceData } from './decisions/launch-paths.ts';
import type { MenuAction } from './decisions/menu-model.ts';
import { openRepositoryOutcome } from './decisions/open-repository.ts';
import { forgetRecent, recentMenuEntries, recentsAfterReposChanged, rememberRecent } from './decisions/recent-repositories.ts';
import { DesktopPreferences } from './desktop-preferences.ts';
import { announceEndpoint, serveEndpointOverIpc } from './endpoint-ipc.ts';
import { EngineHost, EngineStartError } from './engine-host.ts';
import { serveGitHubTokenOverIpc } from './github-token-ipc.ts';
import { GitHubTokenStore } from './github-token-store.ts';
import { hardenWebContents } from './harden-web-contents.ts';
import { applyLoginShellPath } from './login-shell-env.ts';
import { findRunningEngine } from './running-engine.ts';
import { applySessionPolicy } from './session-policy.ts';
import { AppTray } from './tray.ts';
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
  // Before the first renderer starts: a smaller young generation for the page (why: app-paths.ts).
  app.commandLine.appendSwitch('js-flags', RENDERER_JS_FLAGS);
  const launch = { defaultApp: process.defaultApp === true, platform: process.platform };
  // Folders named on our own command line; sent to the running instance if there is one.
  const pendingFolders = foldersFromArgv(process.argv, { ...launch, cwd: process.cwd() });
  const lockData: SecondInstanceData = { folders: pendingFolders };
  if (!app.requestSingleInstanceLock(lockData)) {
    app.quit();
    return;
  }

  // The bundle is CommonJS (`dist/electron/main.cjs`), so __dirname is that file's folder.
  const paths = resolveAppPaths(__dirname);
  const allowDevTools = !app.isPackaged;
  // Created on `ready`, after the login-shell PATH is known (the engine inherits it).
  let engine: EngineHost | null = null;
  let mainWindow: BrowserWindow | null = null;
  let opening: Promise<void> | null = null;
  let alerts: AgentAlerts | null = null;
  let preferences: DesktopPreferences | null = null;
  let tray: AppTray | null = null;
  const badge = new AttentionBadge(log);
  let repoPaths: readonly string[] | null = null;
  let connected = false;
  let quitConfirmed = false;
  let confirming = false;

  const openWindow = (): Promise<void> =>
    (opening ??= (async () => {
      try {
        const windowState = new WindowStateStore();
        const window = await createMainWindow({ paths, windowState, allowDevTools, log });
        mainWindow = window;
        badge.attach(window);
        window.on('close', (event) => {
          // Closing the last window quits (unless agents may keep running): ask first.
          if (quitConfirmed || onLastWindowClosed({ platform: process.platform, keepAgentsRunning: keepRunning() }) === 'stay') return;
          const confirmation = currentQuitConfirmation();
          if (confirmation === null) return;
          event.preventDefault();
          void confirmQuit(confirmation);
        });
        window.on('closed', () => {
          if (mainWindow === window) mainWindow = null;
        });
      } finally {
        opening = null;
      }
    })());

  const showWindow = async (): Promise<void> => {
    if (mainWindow === null) {
      if (engine?.endpoint == null) return;
      await openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };

  const keepRunning = (): boolean => preferences?.keepAgentsRunning ?? false;

  const refreshMenus = (): void => {
    if (preferences === null) return;
    const recents = recentMenuEntries(preferences.recents, { homedir: app.getPath('home'), platform: process.platform });
    installAppMenu({ platform: process.platform, allowDevTools, recents, keepAgentsRunning: keepRunning() }, dispatch);
    tray?.update({ agents: alerts?.agents ?? [], recents, keepAgentsRunning: keepRunning() });
  };

  const currentQuitConfirmation = (): QuitConfirmation | null =>
    quitConfirmation({ agents: alerts?.agents ?? [], engineOwned: engine?.owned ?? true });

  const confirmQuit = async (confirmation: QuitConfirmation): Promise<void> => {
    if (confirming) return;
    confirming = true;
    try {
      const options = {
        type: 'warning' as const,
        message: confirmation.message,
        detail: confirmation.detail,
        buttons: [...confirmation.buttons],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      };
      const window = mainWindow;
      const { response } = window !== null ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
      if (response !== 0) return;
      quitConfirmed = true;
      app.quit();
    } finally {
      confirming = false;
    }
  };

  /** Add folders as repositories (queued until the shell's engine connection is up). */
  const openFolders = async (folders: readonly string[]): Promise<void> => {
    if (!connected || alerts === null) {
      pendingFolders.push(...folders.filter((folder) => !pendingFolders.includes(folder)));
      return;
    }
    for (const folder of folders) {
      const result = await alerts.addRepository(folder);
      if (result === null) {
        pendingFolders.push(folder);
        continue;
      }
      const outcome = openRepositoryOutcome(folder, result);
      if (outcome.kind === 'opened') {
        if (preferences !== null) preferences.recents = rememberRecent(preferences.recents, outcome.path, new Date().toISOString());
        app.addRecentDocument(outcome.path);
      } else {
        if (preferences !== null && result.ok === false && result.error.kind === 'PATH_NOT_FOUND') {
          preferences.recents = forgetRecent(preferences.recents, folder);
        }
        log(`${outcome.message}: ${outcome.detail}`);
        const options = { type: 'error' as const, message: outcome.message, detail: outcome.detail };
        if (mainWindow !== null) void dialog.showMessageBox(mainWindow, options);
        else void dialog.showMessageBox(options);
      }
    }
    refreshMenus();
    if (folders.length > 0) await showWindow();
  };

  const openRepositoryDialog = async (): Promise<void> => {
    const options = {
      title: 'Open Repository',
      buttonLabel: 'Open',
      properties: ['openDirectory' as const, 'createDirectory' as const],
    };
    const window = mainWindow;
    const result = window !== null ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    if (!result.canceled) await openFolders(result.filePaths);
  };

  const dispatch = (action: MenuAction): void => {
    switch (action.type) {
      case 'open-repository':
        void openRepositoryDialog();
        return;
      case 'open-recent':
        void openFolders([action.path]);
        return;
      case 'clear-recent':
        if (preferences !== null) preferences.recents = [];
        app.clearRecentDocuments();
        refreshMenus();
        return;
      case 'toggle-keep-running':
        if (preferences !== null) preferences.keepAgentsRunning = !preferences.keepAgentsRunning;
        refreshMenus();
        return;
      case 'show-window':
        void showWindow();
        return;
      case 'focus-session':
        alerts?.focusSession(action.sessionId);
        return;
      case 'quit':
        app.quit();
        return;
    }
  };

  const onRepos = (repos: readonly Repo[], first: boolean): void => {
    if (first) {
      connected = true;
      repoPaths = null;
    }
    if (preferences !== null) {
      preferences.recents = recentsAfterReposChanged(preferences.recents, repoPaths, repos, new Date().toISOString());
    }
    repoPaths = repos.map((repo) => repo.path);
    refreshMenus();
    if (first && pendingFolders.length > 0) void openFolders(pendingFolders.splice(0));
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

  // A second launch: bring the window up and open the folders it was given.
  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const folders = foldersFromSecondInstance(argv, workingDirectory, additionalData, launch);
    log(`second launch${folders.length > 0 ? ` with ${folders.join(', ')}` : ''}`);
    void showWindow();
    if (folders.length > 0) void openFolders(folders);
  });
  // macOS: a folder dropped on the dock icon or opened with the app (may come before `ready`).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void openFolders([file]);
  });

  app.on('ready', () => {
    runOrExit('startup', async () => {
      applySessionPolicy(session.defaultSession);
      preferences = new DesktopPreferences();
      tray = new AppTray(paths.icon, dispatch);
      refreshMenus();
      serveEndpointOverIpc({ rendererUrl: paths.rendererUrl, currentEndpoint: () => engine?.endpoint ?? null, log });
      // safeStorage is usable only after `ready`; the token file lives with the shell's own data.
      const githubToken = new GitHubTokenStore(app.getPath('userData'), safeStorage);
      serveGitHubTokenOverIpc({ rendererUrl: paths.rendererUrl, store: githubToken, apply: (token) => alerts?.setGitHubToken(token) ?? Promise.resolve(false), log });
      await assertBuilt([paths.engineEntry, paths.preload, paths.rendererIndex]);
      await applyLoginShellPath(log);
      const host = new EngineHost({
        command: process.execPath,
        args: engineServeArgs(paths.engineEntry),
        env: sanitizeEngineEnv(process.env, { ELECTRON_RUN_AS_NODE: '1' }),
        cwd: app.getPath('home'),
        log,
      });
      engine = host;
      host.onDidChangeEndpoint((endpoint) => {
        if (mainWindow !== null) announceEndpoint(mainWindow, endpoint);
        connected = false;
        alerts?.setEndpoint(endpoint);
      });
      host.onDidGiveUp((failure) => {
        dialog.showErrorBox(
          'Agent Orchestrator: the engine keeps crashing',
          [failure.message, 'Terminals and agents are unavailable until the app is restarted.', '', ...failure.stderrTail].join('\n'),
        );
      });
      await startOrAdoptEngine(host);
      await openWindow();
      alerts = startAgentAlerts({
        window: () => mainWindow,
        showWindow,
        onAgents: (agents) => {
          badge.update(needsInputCount(agents), mainWindow);
          refreshMenus();
        },
        onRepos,
        onConnected: async (client) => {
          const token = await githubToken.load();
          if (token !== null) await client.ci.setToken({ token });
        },
        log,
      });
      if (host.endpoint !== null) alerts?.setEndpoint(host.endpoint);
    });
  });

  // Closing the last window: quit, or stay in the tray with the engine (decisions/app-lifecycle.ts).
  app.on('window-all-closed', () => {
    if (onLastWindowClosed({ platform: process.platform, keepAgentsRunning: keepRunning() }) === 'quit') app.quit();
  });
  app.on('activate', () => {
    if (mainWindow === null && engine?.endpoint != null) runOrExit('opening a window', openWindow);
  });

  // Quit (menu, tray, Cmd+Q, the dock): confirm when it would stop running agents.
  app.on('before-quit', (event) => {
    if (quitConfirmed) return;
    const confirmation = currentQuitConfirmation();
    if (confirmation === null) {
      quitConfirmed = true;
      return;
    }
    event.preventDefault();
    void confirmQuit(confirmation);
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
      tray?.dispose();
      // An adopted engine (started by someone else) is only let go of, never stopped.
      await engine?.stop();
      engineStopped = true;
      app.quit();
    });
  });
  // A crash or app.exit() skips will-quit: never leave our engine behind.
  process.on('exit', () => engine?.killNow());
}

/** Attach to the engine already running on the data folder, or start ours. */
async function startOrAdoptEngine(host: EngineHost): Promise<void> {
  const createSocket = runtimeWebSocket();
  if (createSocket !== null) {
    const source = await findRunningEngine({
      home: engineDataFolder(process.env, process.platform, app.getPath('home')),
      appVersion: app.getVersion(),
      createSocket,
    });
    if (source.kind === 'conflict') throw new Error(source.message);
    if (source.kind === 'attach') {
      host.adopt(source.endpoint, source.pid);
      return;
    }
    log(`starting an engine: ${source.reason}`);
  }
  await host.start();
}

main();

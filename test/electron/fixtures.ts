/**
 * Fixtures of the Electron suite: `{ app, page, repo }` on an isolated data root.
 *
 * - `home`: a fresh `AGENT_ORCHESTRATOR_HOME`; the shell also keeps its Electron `userData`
 *   there, so no run sees another's repos, window state or single-instance lock.
 * - `repo`: a real git repository with one commit.
 * - `app`: the built app launched from the repository root (so `package.json#main` is what runs),
 *   with a trace kept on failure.
 * - `page`: its first window, loaded.
 * - `engine`: a protocol client to the engine the shell started, for checking what the UI did.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { createEngineClient, wsUrl, type EngineEndpoint, type WebSocketLike } from '../../src/shared/protocol/client.ts';
import { RPC_PATH, type EngineClient } from '../../src/shared/protocol/index.ts';
import { PLAIN_SHELL } from '../helpers/plain-shell.ts';
import { electronAvailability } from './electron-availability.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Electron/Node switches inherited from the runner's environment would change what launches. */
const DROPPED_ENV = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_OVERRIDE_DIST_PATH', 'NODE_OPTIONS'];

function tempDir(prefix: string): string {
  // Real path: on macOS /var is a symlink, and the engine reports real paths.
  return mkdtempSync(path.join(realpathSync(os.tmpdir()), prefix));
}

function makeRepo(): string {
  const repo = tempDir('ao-electron-repo-');
  const git = (...args: string[]): void => {
    execFileSync('git', args, {
      cwd: repo,
      stdio: 'ignore',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull },
    });
  };
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Test Author');
  git('config', 'user.email', 'author@example.com');
  git('config', 'commit.gpgsign', 'false');
  writeFileSync(path.join(repo, 'README.md'), '# electron fixture\n');
  git('add', 'README.md');
  git('commit', '--quiet', '--no-verify', '-m', 'initial commit');
  return repo;
}

/** The fake agent CLIs (test/fixtures/agents/bin), found on the engine's PATH. */
export const FAKE_AGENTS_BIN = path.join(root, 'test', 'fixtures', 'agents', 'bin');

/**
 * The app's environment: ours minus Electron/Node switches, the data root, the fake agents on
 * PATH with their logs under the data root (never the user's), and no login-shell lookup.
 */
export function appEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !DROPPED_ENV.includes(name)) env[name] = value;
  }
  env.AGENT_ORCHESTRATOR_HOME = home;
  env.PATH = `${FAKE_AGENTS_BIN}${path.delimiter}${process.env.PATH ?? ''}`;
  env.CODEX_HOME = path.join(home, 'codex-home');
  env.CLAUDE_CONFIG_DIR = path.join(home, 'claude-home');
  env.AGENT_ORCHESTRATOR_SKIP_LOGIN_SHELL = '1';
  env.SHELL = PLAIN_SHELL;
  return env;
}

/** Arguments of the app: the app directory (`electron <dir>`), then `extra` (folders to open). */
export function appArgs(extra: readonly string[] = []): string[] {
  // Chromium refuses to start as root with its sandbox on (CI containers run as root).
  const switches = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  return [...switches, root, ...extra];
}

/** The repository root (the app directory). */
export const APP_ROOT = root;

/** A real git repository with one commit, removed by the caller. */
export function makeFixtureRepo(): string {
  return makeRepo();
}

/** A protocol client to an endpoint; close the returned socket when done. */
export async function connectEngine(endpoint: EngineEndpoint): Promise<{ client: EngineClient; close: () => void }> {
  const socket = new WebSocket(wsUrl(endpoint, RPC_PATH));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { client: createEngineClient(socket as unknown as WebSocketLike), close: () => socket.close() };
}

/** The endpoint the preload handed to the page. */
export async function pageEndpoint(page: Page): Promise<EngineEndpoint> {
  return page.evaluate(() => {
    const bridge = Reflect.get(window, 'agentOrchestrator') as { endpoint: { baseUrl: string; token: string } };
    return { baseUrl: bridge.endpoint.baseUrl, token: bridge.endpoint.token };
  });
}

interface Fixtures {
  home: string;
  repo: string;
  app: ElectronApplication;
  page: Page;
  engine: EngineClient;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
  home: async ({}, use) => {
    const home = tempDir('ao-electron-home-');
    await use(home);
    rmSync(home, { recursive: true, force: true });
  },

  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring pattern.
  repo: async ({}, use) => {
    const repo = makeRepo();
    await use(repo);
    rmSync(repo, { recursive: true, force: true });
  },

  app: async ({ home }, use, testInfo) => {
    const { executablePath } = await electronAvailability();
    if (executablePath === null) throw new Error('no Electron binary (the spec should have skipped)');
    const app = await _electron.launch({ executablePath, args: appArgs(), cwd: root, env: appEnv(home), timeout: 60_000 });
    await app.context().tracing.start({ screenshots: true, snapshots: true });
    await use(app);
    const failed = testInfo.status !== testInfo.expectedStatus;
    await app.context().tracing.stop(failed ? { path: testInfo.outputPath('trace.zip') } : undefined);
    // Quitting with agents running asks first; answer "Quit" so a test never hangs on the dialog.
    await app
      .evaluate(({ dialog }) => {
        dialog.showMessageBox = (async () => ({ response: 0, checkboxChecked: false })) as typeof dialog.showMessageBox;
      })
      .catch(() => undefined);
    await app.close();
  },

  page: async ({ app }, use) => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await use(page);
  },

  engine: async ({ page }, use) => {
    const connection = await connectEngine(await pageEndpoint(page));
    await use(connection.client);
    connection.close();
  },
});

export { expect } from '@playwright/test';

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
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (value !== undefined && !DROPPED_ENV.includes(name)) env[name] = value;
    }
    env.AGENT_ORCHESTRATOR_HOME = home;
    // Chromium refuses to start as root with its sandbox on (CI containers run as root).
    const switches = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await _electron.launch({ executablePath, args: [...switches, root], cwd: root, env, timeout: 60_000 });
    await app.context().tracing.start({ screenshots: true, snapshots: true });
    await use(app);
    const failed = testInfo.status !== testInfo.expectedStatus;
    await app.context().tracing.stop(failed ? { path: testInfo.outputPath('trace.zip') } : undefined);
    await app.close();
  },

  page: async ({ app }, use) => {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    await use(page);
  },

  engine: async ({ page }, use) => {
    const socket = new WebSocket(wsUrl(await pageEndpoint(page), RPC_PATH));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await use(createEngineClient(socket as unknown as WebSocketLike));
    socket.close();
  },
});

export { expect } from '@playwright/test';

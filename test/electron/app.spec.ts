/**
 * The desktop app end to end: the real Electron shell, preload, renderer and engine.
 *
 * Skips (with the reason in the report) where no Electron binary can run; see
 * `electron-availability.ts`.
 */
import path from 'node:path';
import { electronAvailability } from './electron-availability.ts';
import { expect, pageEndpoint, test } from './fixtures.ts';

const availability = await electronAvailability();

test.describe.configure({ mode: 'serial' });

test.describe('desktop app', () => {
  test.skip(availability.skipReason !== null, availability.skipReason ?? '');

  test('opens a window on the built renderer', async ({ page }) => {
    expect(page.url()).toMatch(/^file:\/\/.*\/dist\/renderer\/index\.html/);
    await expect(page).toHaveTitle('Agent Orchestrator');
    await expect(page.getByLabel('Add repository')).toBeVisible();
  });

  test('creates the window with the hardened preferences', async ({ app, page }) => {
    await page.waitForLoadState('load');
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      // Undocumented but stable (Electron's own test suite reads it); not in the public typings.
      const read = contents === undefined ? undefined : Reflect.get(contents, 'getLastWebPreferences');
      const last = typeof read === 'function' ? (read.call(contents) as Record<string, unknown>) : undefined;
      return {
        contextIsolation: last?.contextIsolation,
        sandbox: last?.sandbox,
        nodeIntegration: last?.nodeIntegration,
        webSecurity: last?.webSecurity,
        webviewTag: last?.webviewTag,
      };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  test('exposes the bridge with the engine endpoint, and nothing from Node', async ({ page }) => {
    const seen = await page.evaluate(() => {
      const bridge = Reflect.get(window, 'agentOrchestrator') as Record<string, unknown> | undefined;
      return {
        keys: bridge === undefined ? null : Object.keys(bridge).sort(),
        getPathForFile: typeof bridge?.getPathForFile,
        process: typeof Reflect.get(globalThis, 'process'),
        require: typeof Reflect.get(globalThis, 'require'),
        module: typeof Reflect.get(globalThis, 'module'),
        buffer: typeof Reflect.get(globalThis, 'Buffer'),
      };
    });
    expect(seen).toEqual({
      keys: ['endpoint', 'getPathForFile', 'onEndpointChanged', 'platform'],
      getPathForFile: 'function',
      process: 'undefined',
      require: 'undefined',
      module: 'undefined',
      buffer: 'undefined',
    });
    const endpoint = await pageEndpoint(page);
    expect(endpoint.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoint.token.length).toBeGreaterThan(0);
  });

  test('blocks navigation away from the app and new windows', async ({ app, page }) => {
    const appUrl = page.url();
    // Observe the main process's will-navigate: the app's own handler (registered first, when the
    // webContents was created) has already prevented it by the time this listener runs. The
    // listener is installed (awaited) before the page tries to navigate.
    await app.evaluate(({ BrowserWindow }) => {
      const seen = new Promise<string>((resolve) => {
        BrowserWindow.getAllWindows()[0]?.webContents.once('will-navigate', (_event, url) => resolve(url));
      });
      Reflect.set(globalThis, '__aoNavigationSeen', seen);
    });
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    const navigationSeen = await app.evaluate(() => Reflect.get(globalThis, '__aoNavigationSeen') as Promise<string>);
    expect(navigationSeen).toBe('https://example.com/');
    expect(await page.evaluate(() => window.location.href)).toBe(appUrl);
    expect(page.url()).toBe(appUrl);

    // Not an http(s) URL, so it is not even handed to the OS browser.
    const denied = await page.evaluate(() => window.open('file:///etc/hosts') === null);
    expect(denied).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('adds a repository and opens a shell in it', async ({ page, repo, engine }) => {
    await page.getByLabel('Add repository').fill(repo);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const row = page.locator(`[data-testid="worktree-row"][data-path="${repo}"]`);
    await expect(row).toBeVisible();

    await row.getByRole('button', { name: `Open shell in ${path.basename(repo)}` }).click();
    const pane = page.locator('[data-testid="terminal-pane"][data-status="running"]');
    await expect(pane).toHaveCount(1);
    const sessionId = await pane.getAttribute('data-session-id');
    expect(sessionId).not.toBeNull();

    const sessions = await engine.terminals.list();
    expect(sessions.find((session) => session.id === sessionId)?.cwd).toBe(repo);

    const screen = async (): Promise<string> => {
      const result = await engine.terminals.screen({ sessionId: sessionId ?? '' });
      return result.ok ? result.value.lines.join('\n') : '';
    };
    // Wait for the prompt before typing (bash enables bracketed paste once it is ready).
    await expect.poll(async () => (await screen()).trim().length, { timeout: 20_000 }).toBeGreaterThan(0);
    await pane.locator('.pane__terminal').click();
    // The typed command shows "AO_$((6*7))"; only the shell's output contains "AO_42".
    await page.keyboard.type('echo AO_$((6*7))');
    await page.keyboard.press('Enter');
    await expect.poll(screen, { timeout: 20_000 }).toContain('AO_42');
  });
});

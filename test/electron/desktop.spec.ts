/**
 * The desktop app's own behaviour (issue 15), end to end in the real Electron shell: the engine
 * connection, a shell in a worktree, a dropped folder, a second launch handing over a folder,
 * and the background setting keeping an agent alive across a closed window and a relaunch.
 *
 * Skips (with the reason printed by the global setup and recorded here) where no Electron binary
 * can run; see `electron-availability.ts`.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { electronAvailability } from './electron-availability.ts';
import { APP_ROOT, appArgs, appEnv, connectEngine, expect, makeFixtureRepo, pageEndpoint, test } from './fixtures.ts';
import type { EngineClient } from '../../src/shared/protocol/index.ts';

const availability = await electronAvailability();
const SIZE = { cols: 100, rows: 30 };

test.describe.configure({ mode: 'serial' });

/** The screen of a session, as the engine's mirror has it. */
async function screenOf(engine: EngineClient, sessionId: string): Promise<string> {
  const result = await engine.terminals.screen({ sessionId });
  return result.ok ? result.value.lines.join('\n') : '';
}

/** Register `repo` through the engine and return its id. */
async function addRepo(engine: EngineClient, repo: string): Promise<string> {
  const added = await engine.repos.add({ path: repo });
  if (!added.ok) throw new Error(`repos.add failed: ${added.error.kind}`);
  return added.value.id;
}

test.describe('desktop app (issue 15)', () => {
  test.skip(availability.skipReason !== null, availability.skipReason ?? '');

  test('the engine it started answers on the data folder, and the window follows it live', async ({ page, engine, home, repo }) => {
    const info = await engine.engine.info();
    expect(info.home).toBe(home);
    expect(info.pid).toBeGreaterThan(0);
    // A change made by another client reaches the window: its event stream is connected.
    await addRepo(engine, repo);
    await expect(page.locator(`[data-testid="worktree-row"][data-path="${repo}"]`)).toBeVisible();
    await expect(page.getByTestId('reconnecting-banner')).toHaveCount(0);
  });

  test('runs a shell in a worktree', async ({ page, engine, repo }) => {
    const repoId = await addRepo(engine, repo);
    const created = await engine.worktrees.create({ repoId, name: 'feat-shell', bootstrap: false });
    if (!created.ok) throw new Error(`worktrees.create failed: ${created.error.kind}`);
    const worktree = created.value.worktree.path;
    const row = page.locator(`[data-testid="worktree-row"][data-path="${worktree}"]`);
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: `Open shell in ${path.basename(worktree)}` }).click();
    const pane = page.locator('[data-testid="terminal-pane"][data-status="running"]');
    await expect(pane).toHaveCount(1);
    const sessionId = (await pane.getAttribute('data-session-id')) ?? '';
    expect((await engine.terminals.list()).find((session) => session.id === sessionId)?.cwd).toBe(worktree);
    await expect.poll(async () => (await screenOf(engine, sessionId)).trim().length, { timeout: 20_000 }).toBeGreaterThan(0);
    await pane.locator('.pane__terminal').click();
    await page.keyboard.type('echo "in:$(basename "$PWD")"');
    await page.keyboard.press('Enter');
    await expect.poll(() => screenOf(engine, sessionId), { timeout: 20_000 }).toContain('in:feat-shell');
  });

  test('adds a folder dropped on the window', async ({ app, page, engine, repo }) => {
    await page.waitForLoadState('load');
    // A File backed by the real folder, as a drag from the file manager gives the page: CDP's
    // setFileInputFiles takes any path, directories included (Playwright's own helper refuses).
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'ao-drop-source';
      input.style.display = 'none';
      document.body.append(input);
    });
    const cdp = await app.context().newCDPSession(page);
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#ao-drop-source' });
    await cdp.send('DOM.setFileInputFiles', { nodeId, files: [repo] });
    await page.evaluate(() => {
      const input = document.getElementById('ao-drop-source') as HTMLInputElement;
      const transfer = new DataTransfer();
      for (const file of input.files ?? []) transfer.items.add(file);
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await expect(page.locator(`[data-testid="worktree-row"][data-path="${repo}"]`)).toBeVisible();
    expect((await engine.repos.list()).map((entry) => entry.path)).toContain(repo);
  });

  test('a second launch with a folder opens it in the running app', async ({ app, page, engine, home }) => {
    const { executablePath } = await electronAvailability();
    const second = makeFixtureRepo();
    try {
      const child = spawn(executablePath ?? '', appArgs([second]), { cwd: APP_ROOT, env: appEnv(home), stdio: 'ignore' });
      // The second instance hands over its folder and exits at once (single-instance lock).
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      await expect(page.locator(`[data-testid="worktree-row"][data-path="${second}"]`)).toBeVisible();
      expect((await engine.repos.list()).map((entry) => entry.path)).toContain(second);
      // It is remembered in File › Open Recent.
      const recent = await app.evaluate(({ Menu }) =>
        (Menu.getApplicationMenu()?.getMenuItemById('open-recent')?.submenu?.items ?? []).map((item) => item.label),
      );
      expect(recent.some((label) => label.startsWith(path.basename(second)))).toBe(true);
    } finally {
      rmSync(second, { recursive: true, force: true });
    }
  });

  test('the command palette runs an action', async ({ page, engine, repo }) => {
    await addRepo(engine, repo);
    await expect(page.locator(`[data-testid="worktree-row"][data-path="${repo}"]`)).toBeVisible();
    // As the web e2e does (first-class-ui.spec.ts): Ctrl+Shift+K, an action by name, Enter.
    await page.keyboard.press('Control+Shift+K');
    await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
    await page.keyboard.type(`open a shell in ${path.basename(repo)}`);
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="terminal-pane"]').first()).toBeVisible();
    await expect.poll(async () => (await engine.terminals.list()).filter((session) => session.cwd === repo).length).toBe(1);
  });

  test('keeps an agent running with the window closed, and a relaunch reattaches to it', async ({ app, page, engine, repo, home }) => {
    const info = await engine.engine.info();
    await addRepo(engine, repo);
    // Turn the background setting on, as File › Keep Agents Running When Window Closes does.
    await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('keep-agents-running')?.click());
    await expect
      .poll(() => app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.getMenuItemById('keep-agents-running')?.checked))
      .toBe(true);
    const launched = await engine.agents.launch({ agentId: 'claude', cwd: repo, prompt: 'keep working', ...SIZE });
    if (!launched.ok) throw new Error(`agents.launch failed: ${launched.error.kind}`);
    const sessionId = launched.value.sessionId;
    await expect(page.locator(`[data-testid="terminal-pane"][data-session-id="${sessionId}"]`)).toBeVisible();

    // Close the window: the app, its engine and the agent stay.
    const endpoint = await pageEndpoint(page);
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    await expect.poll(() => app.windows().length).toBe(0);
    const outside = await connectEngine(endpoint);
    try {
      expect((await outside.client.engine.info()).pid).toBe(info.pid);
      const agent = (await outside.client.agents.list()).find((entry) => entry.sessionId === sessionId);
      expect(agent?.status).not.toBe('exited');
    } finally {
      outside.close();
    }

    // Launch again: the running app opens a window on the same engine, the agent's pane included.
    const { executablePath } = await electronAvailability();
    const reopened: Promise<Page> = app.waitForEvent('window');
    const child = spawn(executablePath ?? '', appArgs(), { cwd: APP_ROOT, env: appEnv(home), stdio: 'ignore' });
    child.on('error', () => undefined);
    const window = await reopened;
    await window.waitForLoadState('domcontentloaded');
    expect(await pageEndpoint(window)).toEqual(endpoint);
    await expect(window.locator(`[data-testid="terminal-pane"][data-session-id="${sessionId}"]`)).toBeVisible();
    await expect.poll(() => screenOf(engine, sessionId), { timeout: 20_000 }).not.toBe('');
  });
});

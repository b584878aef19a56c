/**
 * The terminal grid end to end: Chromium against a real `agent-orchestrator serve`, a real git
 * repository with a linked worktree, and real shells.
 */
import path from 'node:path';
import { MAX_PANES } from '../../src/shared/protocol/layout.ts';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

test('adds a repository, runs a shell per worktree, and restores both screens after a reload', async ({
  page,
  server,
  repo,
  ui,
}) => {
  await ui.open(server.url);
  await expect(page.getByText('Add a repository by pasting its path')).toBeVisible();

  await ui.addRepository(repo.main);
  const mainRow = page.getByTestId('worktree-row').filter({ hasText: 'main-repo' });
  const featureRow = page.getByTestId('worktree-row').filter({ hasText: 'feature-wt' });
  await expect(mainRow).toContainText('main');
  await expect(featureRow).toContainText('feature/e2e');

  await ui.openShell('main-repo');
  await expect(ui.pane(1)).toBeVisible();
  await ui.openShell('feature-wt');
  await expect(ui.pane(2)).toBeVisible();
  await expect(page.getByTestId('terminal-grid')).toHaveAttribute('data-cols', '2');
  await expect(ui.pane(1).getByTestId('pane-title')).toHaveText('main-repo · main-repo · main');
  await expect(ui.pane(2).getByTestId('pane-title')).toHaveText('main-repo · feature-wt · feature/e2e');
  await expect(ui.pane(1).getByTestId('pane-status')).toHaveText('running');

  const first = await ui.sessionIdOf(ui.pane(1));
  const second = await ui.sessionIdOf(ui.pane(2));
  await ui.waitForPrompt(first);
  await ui.waitForPrompt(second);

  // The arithmetic makes the output differ from the echoed command line, so finding the output
  // proves the shell ran it (and in the right folder: pwd's basename).
  await ui.typeInto(ui.pane(1), 'echo "one-$((40+2))-$(basename "$PWD")"');
  await ui.typeInto(ui.pane(2), 'echo "two-$((50+5))-$(basename "$PWD")"');
  await expect.poll(() => ui.screenText(first)).toContain('one-42-main-repo');
  await expect.poll(() => ui.screenText(second)).toContain('two-55-feature-wt');
  expect(await ui.screenText(first)).not.toContain('two-55');
  await page.screenshot({ path: test.info().outputPath('ui.png') });

  await page.reload();
  await expect(ui.pane(1)).toBeVisible();
  await expect(ui.pane(2)).toBeVisible();
  expect(await ui.sessionIdOf(ui.pane(1))).toBe(first);
  expect(await ui.sessionIdOf(ui.pane(2))).toBe(second);
  await expect.poll(() => ui.screenText(first)).toContain('one-42-main-repo');
  await expect.poll(() => ui.screenText(second)).toContain('two-55-feature-wt');

  // The restored shells are live, not just pictures of the old screen.
  await ui.typeInto(ui.pane(2), 'echo "again-$((6*7))"');
  await expect.poll(() => ui.screenText(second)).toContain('again-42');
});

type DebugHook = {
  renderer(id: string): string;
  viewport(id: string): { viewportY: number; baseY: number } | null;
};

/** Share of a screenshot's pixels that differ clearly from its top-left pixel (the background). */
async function inkShare(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i]! - data[0]!) + Math.abs(data[i + 1]! - data[1]!) + Math.abs(data[i + 2]! - data[2]!) > 90) ink++;
    }
    return ink / (data.length / 4);
  }, png.toString('base64'));
}

test('with ?webgl=focused, draws only the focused pane with WebGL, moves it with focus keeping the picture and scroll position, and falls back to the DOM renderer on context loss', async ({
  page,
  server,
  repo,
  ui,
}) => {
  // The focused-only mode is an option (`?webgl=focused`); the default gives every visible pane
  // WebGL (docs/architecture.md, Decisions).
  await ui.open(server.url.replace('/#', '/?webgl=focused#'));
  await ui.addRepository(repo.main);
  await ui.openShell('main-repo');
  await ui.openShell('feature-wt');
  const first = await ui.sessionIdOf(ui.pane(1));
  const second = await ui.sessionIdOf(ui.pane(2));
  await ui.waitForPrompt(first);
  await ui.waitForPrompt(second);
  const renderer = (id: string): Promise<string> =>
    page.evaluate((sessionId) => (window as unknown as { __aoDebug: DebugHook }).__aoDebug.renderer(sessionId), id);
  const viewport = (id: string) =>
    page.evaluate((sessionId) => (window as unknown as { __aoDebug: DebugHook }).__aoDebug.viewport(sessionId), id);
  // Headless Chromium has WebGL2 through SwiftShader; where it does not, every pane is on the DOM
  // renderer already and there is nothing to switch or lose.
  await expect.poll(() => renderer(second)).not.toBe('none');
  test.skip((await renderer(second)) !== 'webgl', 'no WebGL in this browser');
  expect(await renderer(first)).toBe('dom');

  // Fill pane 1 past its height (it takes WebGL when typed into), then scroll it up.
  await ui.typeInto(ui.pane(1), 'for i in $(seq 1 200); do printf "\\033[3%dmline-%03d\\033[0m\\n" $((i % 7 + 1)) $i; done');
  await expect.poll(() => ui.screenText(first)).toContain('line-200');
  await expect.poll(() => renderer(first)).toBe('webgl');
  expect(await renderer(second)).toBe('dom');
  const box = (await ui.pane(1).locator('.pane__terminal').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -1500);
  await expect.poll(async () => (await viewport(first))!.viewportY).toBeLessThan((await viewport(first))!.baseY);
  const scrolled = (await viewport(first))!;

  // Focus pane 2: pane 1 goes to the DOM renderer at the same scroll position, and its very next
  // picture has text on it (no blank frame in between).
  await page.keyboard.press('Control+2');
  await expect.poll(() => renderer(second)).toBe('webgl');
  expect(await renderer(first)).toBe('dom');
  expect(await inkShare(page, await ui.pane(1).locator('.pane__terminal').screenshot())).toBeGreaterThan(0.005);
  expect(await viewport(first)).toEqual(scrolled);
  // The DOM rows show the buffer from the same line on.
  const topLine = (await ui.screenText(first)).split('\n')[scrolled.viewportY]!.trim();
  expect(topLine).not.toBe('');
  await expect(ui.pane(1).locator('.xterm-rows > div').first()).toHaveText(topLine);
  await expect(ui.pane(1).locator('.xterm-rows')).not.toContainText('line-200');

  // And back: WebGL again, same position, text on screen.
  await page.keyboard.press('Control+1');
  await expect.poll(() => renderer(first)).toBe('webgl');
  expect(await renderer(second)).toBe('dom');
  expect(await inkShare(page, await ui.pane(1).locator('.pane__terminal').screenshot())).toBeGreaterThan(0.005);
  expect(await viewport(first)).toEqual(scrolled);

  const lost = await ui.pane(1).evaluate((pane) => {
    // xterm has 2D canvases too; getContext('webgl2') returns null for those.
    for (const canvas of pane.querySelectorAll('canvas')) {
      const extension = canvas.getContext('webgl2')?.getExtension('WEBGL_lose_context');
      if (extension) {
        extension.loseContext();
        return true;
      }
    }
    return false;
  });
  expect(lost).toBe(true);
  // xterm waits a few seconds for the context to come back before giving up on it.
  await expect.poll(() => renderer(first), { timeout: 15_000 }).toBe('dom');

  await ui.typeInto(ui.pane(1), 'echo "dom-$((7+7))"');
  // With the DOM renderer the rows are real DOM text.
  await expect(ui.pane(1).locator('.xterm-rows')).toContainText('dom-14');
});

test('shows why a path cannot be added and changes nothing', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await expect(page.getByTestId('repo-section')).toHaveCount(1);

  const missing = path.join(repo.main, 'no-such-folder');
  await ui.addRepository(missing);
  await expect(page.getByTestId('add-repo-error')).toContainText(`Nothing exists at ${missing}`);
  // The typed path stays for correcting, and the list is unchanged.
  await expect(page.getByLabel('Add repository')).toHaveValue(missing);
  await expect(page.getByTestId('repo-section')).toHaveCount(1);

  // Typing again clears the stale error.
  await page.getByLabel('Add repository').fill('/');
  await expect(page.getByTestId('add-repo-error')).toHaveCount(0);
});

test('focuses and maximizes with the keyboard, keeps that across a reload, and closes panes', async ({
  page,
  server,
  repo,
  ui,
}) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await ui.openShell('main-repo');
  await ui.openShell('feature-wt');
  await expect(ui.pane(2)).toHaveClass(/pane--focused/);
  const first = await ui.sessionIdOf(ui.pane(1));
  await ui.waitForPrompt(first);

  // The shortcut must reach the app even while a terminal has keyboard focus.
  await ui.pane(2).locator('.pane__terminal').click();
  await page.keyboard.press('Control+1');
  await expect(ui.pane(1)).toHaveClass(/pane--focused/);
  await expect(ui.pane(2)).not.toHaveClass(/pane--focused/);
  // …and must not have been typed into the shell as input.
  await page.keyboard.type('echo "focus-$((2+2))"');
  await page.keyboard.press('Enter');
  await expect.poll(() => ui.screenText(first)).toContain('focus-4');

  await page.keyboard.press('Control+Shift+Enter');
  await expect(page.getByTestId('terminal-pane')).toHaveCount(1);
  await expect(ui.pane(1)).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('terminal-pane')).toHaveCount(1);
  await expect(ui.pane(1)).toHaveClass(/pane--focused/);
  await ui.pane(1).getByRole('button', { name: 'Restore grid' }).click();
  await expect(page.getByTestId('terminal-pane')).toHaveCount(2);

  // Closing a running shell asks first.
  await ui.pane(2).getByRole('button', { name: 'Close pane' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('still running');
  await page.getByRole('button', { name: 'Close and end process' }).click();
  await expect(page.getByTestId('terminal-pane')).toHaveCount(1);
  await page.reload();
  await expect(page.getByTestId('terminal-pane')).toHaveCount(1);
  expect(await ui.sessionIdOf(ui.pane(1))).toBe(first);
});

test(`holds ${MAX_PANES} panes and explains why a tenth does not open`, async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  for (let n = 1; n <= MAX_PANES; n++) {
    await ui.openShell(n % 2 ? 'main-repo' : 'feature-wt');
    await expect(page.getByTestId('terminal-pane')).toHaveCount(n);
  }
  await expect(page.getByTestId('terminal-grid')).toHaveAttribute('data-cols', '3');
  await expect(page.getByTestId('terminal-grid')).toHaveAttribute('data-rows', '3');

  await ui.openShell('main-repo');
  await expect(page.getByTestId('toast')).toContainText(`at most ${MAX_PANES} terminals`);
  await expect(page.getByTestId('terminal-pane')).toHaveCount(MAX_PANES);
  await ui.waitForPrompt(await ui.sessionIdOf(ui.pane(MAX_PANES)));
  await page.screenshot({ path: test.info().outputPath('ui-9.png') });
});

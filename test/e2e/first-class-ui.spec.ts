/**
 * The UI a new user meets: the command palette and shortcut sheet, keyboard-only creation of a
 * worktree and a shell, both themes, the resizable sidebar, pane headers that keep their
 * controls, Ctrl+N from a sidebar input, and screenshots at two window sizes checked for
 * clipped controls.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const SIZES = [
  { width: 1600, height: 1000 },
  { width: 900, height: 700 },
] as const;

/** Open the palette from wherever the keyboard is (Ctrl+Shift+K works inside terminals too). */
async function openPalette(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+K');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
}

/**
 * Every visible button and its ancestors: a control is clipped when it lies (partly) outside the
 * viewport or outside an ancestor that hides overflow.
 */
async function clippedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const viewport = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
    for (const element of document.querySelectorAll<HTMLElement>('button, [role="button"], input, select, [role="separator"]')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden') continue;
      // The content of a closed <details> is not rendered (Chromium still reports a box for it).
      const closed = element.closest('details:not([open])');
      if (closed && !element.closest('summary')) continue;
      const name = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
      const outside = (area: { left: number; top: number; right: number; bottom: number }) =>
        box.left < area.left - 0.5 || box.top < area.top - 0.5 || box.right > area.right + 0.5 || box.bottom > area.bottom + 0.5;
      let scrolls = false;
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const parentStyle = getComputedStyle(parent);
        if (['auto', 'scroll'].includes(parentStyle.overflowY) || ['auto', 'scroll'].includes(parentStyle.overflowX)) scrolls = true;
      }
      // In a scrollable area a control may sit below the fold; scrolling reaches it.
      if (!scrolls && outside(viewport)) {
        problems.push(`${name}: outside the window`);
        continue;
      }
      for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        const parentStyle = getComputedStyle(parent);
        if (parentStyle.overflowX === 'visible' && parentStyle.overflowY === 'visible') continue;
        // Scrollable areas may hold controls below the fold; only hidden overflow clips for good.
        if (parentStyle.overflowX === 'auto' || parentStyle.overflowY === 'auto' || parentStyle.overflowY === 'scroll') break;
        const area = parent.getBoundingClientRect();
        if (outside(area)) {
          problems.push(`${name}: clipped by ${parent.className || parent.tagName}`);
          break;
        }
      }
    }
    return problems;
  });
}

test.describe('a first-class tool', () => {
  test('keyboard only: palette, new worktree, shell, shortcut sheet; screenshots without clipped controls', async ({ page, server, repo, ui }) => {
    await page.setViewportSize(SIZES[0]);
    await ui.open(server.url);
    await ui.addRepository(repo.main);
    await expect(page.getByTestId('worktree-row')).toHaveCount(2);

    // Create a worktree from the palette, without the mouse.
    await openPalette(page);
    await page.keyboard.type('new worktree');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('create-worktree-dialog');
    await expect(dialog).toBeVisible();
    await page.keyboard.type('palette made');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('worktree-row')).toHaveCount(3, { timeout: 30_000 });

    // Open a shell in it, again by name.
    await openPalette(page);
    await page.keyboard.type('open a shell in palette-made');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="terminal-pane"]').filter({ hasText: 'palette-made' }).first()).toBeVisible();

    // The shortcut sheet lists the palette's shortcut; Escape closes it.
    await page.locator('.app-header').click({ position: { x: 400, y: 10 } });
    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcut-sheet');
    await expect(sheet).toBeVisible();
    await expect(sheet).toContainText('Ctrl+Shift+K');
    await page.keyboard.press('Escape');
    await expect(sheet).toBeHidden();

    for (const size of SIZES) {
      await page.setViewportSize(size);
      // The page has the new size and drew two frames (ResizeObserver-driven fits run before a
      // frame's paint); a control may still be clipped while a fit settles, never after.
      await page.waitForFunction((width) => window.innerWidth === width, size.width);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await expect.poll(() => clippedControls(page), { message: `clipped at ${size.width}x${size.height}` }).toEqual([]);
      await page.screenshot({ path: test.info().outputPath(`ui-${size.width}x${size.height}.png`) });
    }
  });

  test('Ctrl+1 on the already focused pane takes the keyboard back from a sidebar input', async ({ page, server, repo, ui }) => {
    await ui.open(server.url);
    await ui.addRepository(repo.main);
    const { session: id } = await ui.openShellAtPrompt('feature-wt');
    const input = page.getByLabel('Add repository');
    await input.click();
    await page.keyboard.press('Control+1');
    await page.keyboard.type('echo typed-$((40+2))');
    await page.keyboard.press('Enter');
    await expect.poll(() => ui.screenText(id)).toContain('typed-42');
    await expect(input).toHaveValue('');
  });

  test('archiving a worktree with a running shell lists it, asks, stops it, then archives', async ({ page, server, repo, ui }) => {
    await ui.open(server.url);
    await ui.addRepository(repo.main);
    await ui.openShellAtPrompt('feature-wt');
    await page.getByRole('button', { name: 'Archive feature-wt' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Stop sessions and archive feature-wt' });
    await expect(ask).toBeVisible();
    await expect(ask.getByRole('list', { name: 'Running sessions' })).toContainText('feature-wt');
    // Nothing happened yet: the folder's row and the shell are still there.
    await expect(page.locator('[data-testid="worktree-row"]')).toHaveCount(2);
    await ask.getByRole('button', { name: 'Stop and archive' }).click();
    await expect(page.locator('[data-testid="worktree-row"]')).toHaveCount(1, { timeout: 20_000 });
    await expect(ui.pane(1)).toHaveAttribute('data-status', 'exited');
    // The archived list names the worktree.
    await page.getByRole('button', { name: /Archived \(1\)/ }).click();
    await expect(page.getByTestId('archived-worktrees')).toContainText('feature-wt');
  });

  test('dark and light themes follow the choice; narrow panes keep their controls', async ({ page, server, repo, ui }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize(SIZES[1]);
    await ui.open(server.url);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await ui.addRepository(repo.main);
    for (let n = 0; n < 3; n++) await ui.openShell('feature-wt');
    await expect(page.getByTestId('terminal-pane')).toHaveCount(3);
    for (const pane of await page.getByTestId('terminal-pane').all()) {
      const paneBox = await pane.boundingBox();
      for (const name of ['Maximize pane', 'Close pane']) {
        const box = await pane.getByRole('button', { name }).boundingBox();
        expect(box && paneBox && box.x + box.width <= paneBox.x + paneBox.width + 0.5).toBe(true);
      }
    }
    await page.screenshot({ path: test.info().outputPath('ui-dark-900x700.png') });
    expect(await clippedControls(page)).toEqual([]);
    // system (dark) → light: the page and the terminals repaint.
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(246, 247, 249)');
    await page.screenshot({ path: test.info().outputPath('ui-light-900x700.png') });
  });
});

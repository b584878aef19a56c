/**
 * What a new user tripped on (issue 13, defect 8) and the accessible primitives and resizable
 * splits (items 11 and 13), in Chromium against a real `agent-orchestrator serve`:
 *
 * - a page without a token and one with a wrong token say which it is and what to open, and
 *   offer no "Add";
 * - a relative path in "Add repository" says to give the full path;
 * - the quota thresholds field says what is wrong, not only a red border;
 * - the 30-day chart's day labels do not overlap;
 * - dialogs trap focus and close with Escape, selects are themed listboxes;
 * - the grid's gutters resize panes by mouse and keyboard, and the sizes survive a reload.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** The page's origin (the URL without `#token=…`). */
function origin(url: string): string {
  return new URL(url).origin + '/';
}

async function width(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not visible');
  return box.width;
}

/** Two labels overlap when their boxes intersect horizontally (they share a baseline). */
async function overlappingLabels(page: Page): Promise<string[]> {
  return page.locator('[data-testid="usage-chart-day-label"]').evaluateAll((labels) => {
    const boxes = labels.map((label) => ({ text: label.textContent ?? '', box: label.getBoundingClientRect() }));
    const overlaps: string[] = [];
    for (let i = 1; i < boxes.length; i++) {
      if (boxes[i]!.box.left < boxes[i - 1]!.box.right + 2) overlaps.push(`${boxes[i - 1]!.text} / ${boxes[i]!.text}`);
    }
    return overlaps;
  });
}

test('a page without a token and one with a wrong token are told apart, each saying what to open', async ({ page, server }) => {
  await page.goto(origin(server.url));
  const empty = page.getByTestId('empty-state');
  await expect(empty).toHaveAttribute('data-kind', 'no-endpoint');
  await expect(empty).toContainText('This address has no access token');
  await expect(empty).toContainText('agent-orchestrator serve --open');
  await expect(page.getByLabel('Add repository')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('no-token-1600x1000.png') });

  await page.goto(`${origin(server.url)}#token=not-the-right-token`);
  await page.reload();
  await expect(empty).toHaveAttribute('data-kind', 'rejected');
  await expect(empty).toContainText('The engine refused this page’s token');
  await expect(page.getByLabel('Add repository')).toHaveCount(0);
  await expect(page.getByTestId('reconnecting-banner')).toHaveCount(0);
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: test.info().outputPath('wrong-token-900x700.png') });
});

test('a relative path, a bad threshold: clear words, nothing changed', async ({ page, server, ui }) => {
  await ui.open(server.url);
  await ui.addRepository('projects/app');
  await expect(page.getByTestId('add-repo-error')).toHaveText('“projects/app” is a relative path. Give the repository’s full path, e.g. /home/you/project or ~/project.');
  await expect(page.getByTestId('worktree-row')).toHaveCount(0);

  await page.getByTestId('usage-settings').getByRole('button', { name: 'Quota' }).click();
  const thresholds = page.getByLabel('Warn at percent used');
  await thresholds.fill('80, 150');
  await expect(thresholds).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('thresholds-error')).toHaveText('"150" is not a whole percentage from 1 to 100 (e.g. 80, 95).');
  await page.screenshot({ path: test.info().outputPath('relative-path-thresholds-1600x1000.png') });
  await thresholds.fill('70, 90');
  await expect(page.getByTestId('thresholds-error')).toHaveCount(0);
});

test('the 30-day usage chart labels its days without overlap, at both window sizes', async ({ page, server, ui }) => {
  await ui.open(server.url);
  await page.getByTestId('usage-toggle').click();
  await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '30 days' }).click();
  await expect(page.getByTestId('usage-chart-day')).toHaveCount(30);
  const labels = page.getByTestId('usage-chart-day-label');
  expect(await labels.count()).toBeLessThanOrEqual(8);
  // The newest day is always labelled.
  await expect(labels.last()).toHaveText((await page.getByTestId('usage-chart-day').last().getAttribute('data-day'))!.slice(5));
  for (const size of [{ width: 1600, height: 1000 }, { width: 900, height: 700 }]) {
    await page.setViewportSize(size);
    expect(await overlappingLabels(page), `overlap at ${size.width}`).toEqual([]);
    await page.screenshot({ path: test.info().outputPath(`usage-30d-${size.width}x${size.height}.png`) });
  }
});

test('dialogs trap focus and close with Escape; selects are themed listboxes', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const opener = page.getByRole('button', { name: 'Start agent in feature-wt', exact: true });
  await opener.click();
  const dialog = page.getByTestId('launch-agent-dialog');
  await expect(page.getByRole('dialog', { name: /Start an agent/ })).toBeVisible();
  // Focus starts in the task field and Tab never leaves the dialog.
  await expect(dialog.getByLabel('Task')).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((form) => form.contains(document.activeElement))).toBe(true);
  }
  // The agent picker is a listbox in the theme's colours, not the OS's.
  const picker = dialog.getByRole('combobox', { name: 'Agent', exact: true });
  await picker.click();
  const listbox = page.getByRole('listbox');
  await expect(listbox).toBeVisible();
  const [listBg, dialogBg] = await Promise.all([
    listbox.evaluate((element) => getComputedStyle(element.closest('.select__content')!).backgroundColor),
    dialog.evaluate((element) => getComputedStyle(element).backgroundColor),
  ]);
  expect(listBg).toBe(dialogBg);
  await page.keyboard.press('Escape');
  await expect(listbox).toBeHidden();
  await expect(dialog).toBeVisible();
  // A resize closes an open select (Radix), so open it again at each window size.
  for (const size of [{ width: 1600, height: 1000 }, { width: 900, height: 700 }]) {
    await page.setViewportSize(size);
    await picker.click();
    await expect(listbox).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`agent-select-${size.width}x${size.height}.png`) });
    await page.keyboard.press('Escape');
    await expect(listbox).toBeHidden();
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test('gutters resize the panes by mouse and keyboard, and the sizes survive a reload', async ({ page, server, repo, ui }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await ui.openShellAtPrompt('main-repo');
  await ui.openShellAtPrompt('feature-wt');
  await expect(page.getByTestId('terminal-grid')).toHaveAttribute('data-cols', '2');
  const gutter = page.getByTestId('grid-gutter-cols-0');
  await expect(gutter).toHaveAttribute('aria-valuenow', '50');
  const before = await width(ui.pane(1));

  // Drag the gutter 200 px to the right.
  const box = (await gutter.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(() => width(ui.pane(1))).toBeGreaterThan(before + 150);
  const dragged = Number(await gutter.getAttribute('aria-valuenow'));
  expect(dragged).toBeGreaterThan(55);

  // Kept by the engine: a reload draws the same split.
  await page.reload();
  await expect(ui.pane(2)).toBeVisible();
  await expect(gutter).toHaveAttribute('aria-valuenow', String(dragged));
  await page.screenshot({ path: test.info().outputPath('splits-1600x1000.png') });
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: test.info().outputPath('splits-900x700.png') });
  await page.setViewportSize({ width: 1600, height: 1000 });

  // Keyboard: arrows move it by 5 %, Enter splits evenly again.
  await gutter.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(gutter).toHaveAttribute('aria-valuenow', String(dragged - 5));
  await page.keyboard.press('Home');
  await expect(gutter).toHaveAttribute('aria-valuenow', '10');
  await page.keyboard.press('Enter');
  await expect(gutter).toHaveAttribute('aria-valuenow', '50');
  await expect.poll(async () => Math.abs((await width(ui.pane(1))) - (await width(ui.pane(2))))).toBeLessThan(2);
});

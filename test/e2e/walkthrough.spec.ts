/**
 * What a first session tripped on (a newcomer's walkthrough in Chromium against a real
 * `agent-orchestrator serve`):
 *
 * - closing the command palette, the shortcut sheet or the checks panel left the keyboard on the
 *   page's body: Escape from a palette opened in a terminal did not give the terminal back;
 * - a terminal's scrollbar painted through the Graph and Usage pages laid over the grid;
 * - the new-worktree dialog broke the branch preview mid-name ("login-p" / "age");
 * - "Create PR" was disabled with its reason only in a tooltip, which a disabled button never shows;
 * - the in-row "stop sessions and archive?" question left focus on the body, ignored Escape and
 *   put Cancel beside the list and its action on the next line;
 * - the Quota settings' "Text sent" label touched its input on the same line.
 *
 * And what the next walkthrough found:
 *
 * - the Graph page opened with the keyboard still on its header button, so ↑/↓ selected nothing;
 * - a dialog opened from the palette (New worktree…, Start an agent…) closed onto the body, not
 *   onto the pane that was focused before the palette;
 * - before any agent ran, the header read "Codex unknown · Claude unknown · Gemini unknown".
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** The terminal's keyboard input: focused when the keys go into that pane's terminal. */
function terminalInput(pane: Locator): Locator {
  return pane.locator('.xterm-helper-textarea');
}

/** The element painted on top at the centre of `locator`'s box, as a short description. */
async function topmostAt(page: Page, locator: Locator): Promise<{ inGraph: boolean; inUsage: boolean; what: string }> {
  const box = await locator.boundingBox();
  if (!box || box.width === 0 || box.height === 0) throw new Error('the probed element has no box');
  return page.evaluate(
    ({ x, y }) => {
      const top = document.elementFromPoint(x, y);
      return {
        inGraph: top?.closest('.graph-page') !== null,
        inUsage: top?.closest('.usage-page') !== null,
        what: top ? `${top.tagName.toLowerCase()}.${top.className}` : 'nothing',
      };
    },
    { x: box.x + box.width / 2, y: box.y + box.height / 2 },
  );
}

test('Escape from the palette, the shortcut sheet or the checks panel gives the focus back', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const { pane, session } = await ui.openShellAtPrompt('feature-wt');
  await expect(terminalInput(pane)).toBeFocused();

  // From the terminal: the palette's shortcut, then Escape — the keys go into the terminal again.
  await page.keyboard.press('Control+Shift+K');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden();
  await expect(terminalInput(pane)).toBeFocused();
  await page.keyboard.type('echo back-in-the-terminal-$((6*7))');
  await page.keyboard.press('Enter');
  await expect.poll(() => ui.screenText(session)).toContain('back-in-the-terminal-42');

  // The shortcut sheet, opened from the terminal with Ctrl+/.
  await page.keyboard.press('Control+/');
  await expect(page.getByTestId('shortcut-sheet')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-sheet')).toBeHidden();
  await expect(terminalInput(pane)).toBeFocused();

  // The header's button: focus comes back to it.
  const paletteButton = page.getByRole('button', { name: 'Command palette' });
  await paletteButton.click();
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(paletteButton).toBeFocused();

  // A command run from the palette still decides the focus: "Go to pane 1" puts it in the terminal.
  await paletteButton.click();
  await page.keyboard.type('Go to pane 1');
  await page.keyboard.press('Enter');
  await expect(terminalInput(pane)).toBeFocused();

  // The checks panel, opened from a worktree's CI badge.
  const badge = page.locator(`[data-testid="worktree-row"][data-path="${repo.worktree}"]`).getByTestId('ci-badge');
  await badge.click();
  await expect(page.getByTestId('ci-panel')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('ci-panel')).toBeHidden();
  await expect(badge).toBeFocused();
});

test('a terminal’s scrollbar does not show through the Graph and Usage pages', async ({ page, server, repo, ui }) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const { pane, session } = await ui.openShellAtPrompt('feature-wt');
  await ui.typeInto(pane, 'seq 1 400');
  await expect.poll(() => ui.screenText(session)).toMatch(/^400$/m);
  const scrollbar = pane.locator('.xterm-scrollable-element > .scrollbar.vertical');

  for (const [button, page_] of [
    ['Graph', 'graph'],
    ['Usage', 'usage'],
  ] as const) {
    await page.getByRole('button', { name: button, exact: true }).click();
    await expect(page.locator(`.${page_}-page`)).toBeVisible();
    // xterm shows its scrollbar (class "visible", z-index 11) while the pointer is over the
    // terminal or it scrolls; set that state here rather than race its fade-out timer.
    await scrollbar.evaluate((element) => {
      element.classList.remove('invisible', 'fade');
      element.classList.add('visible');
    });
    const top = await topmostAt(page, scrollbar);
    expect(page_ === 'graph' ? top.inGraph : top.inUsage, `on top: ${top.what}`).toBe(true);
    await page.screenshot({ path: test.info().outputPath(`${page_}-over-terminal-900x700.png`) });
    await page.getByRole('button', { name: 'Back to terminals' }).click();
    await expect(page.locator(`.${page_}-page`)).toBeHidden();
  }
});

test('the new-worktree dialog keeps the folder and branch names whole at 900×700', async ({ page, server, repo, ui }) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await page.getByRole('button', { name: 'New worktree in main-repo', exact: true }).click();
  const dialog = page.getByTestId('create-worktree-dialog');
  await expect(dialog).toBeVisible();
  const name = dialog.getByLabel('Worktree name');
  const branch = dialog.getByTestId('branch-preview');
  const folder = dialog.getByTestId('folder-preview');
  const lines = (locator: Locator): Promise<number> => locator.evaluate((element) => element.getClientRects().length);

  // Names of 10 to 34 characters: wherever a name falls at the end of a line, it moves whole.
  const broken: string[] = [];
  for (let extra = 0; extra <= 24; extra++) {
    const value = `login-page${'x'.repeat(extra)}`;
    await name.fill(value);
    await expect(branch).toHaveText(value);
    if ((await lines(branch)) !== 1) broken.push(`branch ${value}`);
    if ((await lines(folder)) !== 1) broken.push(`folder ${value}`);
  }
  expect(broken).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('new-worktree-900x700.png') });
});

test('the checks panel says why "Create PR" is disabled (a disabled button shows no tooltip)', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await page.locator(`[data-testid="worktree-row"][data-path="${repo.worktree}"]`).getByTestId('ci-badge').click();
  const panel = page.getByTestId('ci-panel');
  await expect(panel.getByTestId('ci-create-pr')).toBeDisabled();
  // The fixture repository has no remote at all: the panel says how to add one.
  await expect(panel.getByTestId('ci-create-pr-blocker')).toBeVisible();
  await expect(panel.getByTestId('ci-create-pr-blocker')).toContainText('git remote add origin');
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: test.info().outputPath('checks-panel-900x700.png') });
});

test('archiving a worktree with a running shell asks in place: keyboard on Cancel, Escape cancels, buttons side by side', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await ui.openShellAtPrompt('feature-wt');

  const archiveButton = page.getByRole('button', { name: 'Archive feature-wt', exact: true });
  await archiveButton.click();
  const question = page.getByRole('alertdialog', { name: 'Stop sessions and archive feature-wt' });
  await expect(question).toBeVisible();
  const cancel = question.getByRole('button', { name: 'Cancel' });
  const stop = question.getByRole('button', { name: 'Stop and archive' });
  // The clicked button is gone; the keyboard is on the safe answer, not on the page's body.
  await expect(cancel).toBeFocused();
  const [cancelBox, stopBox] = [await cancel.boundingBox(), await stop.boundingBox()];
  expect(cancelBox && stopBox && Math.abs(cancelBox.y - stopBox.y) < 2, 'Cancel and "Stop and archive" on one line').toBe(true);
  await page.screenshot({ path: test.info().outputPath('archive-question-1280x800.png') });

  await page.keyboard.press('Escape');
  await expect(question).toBeHidden();
  await expect(archiveButton).toBeFocused();
  // Nothing changed: the worktree and its shell are still there.
  await expect(page.locator(`[data-testid="worktree-row"][data-path="${repo.worktree}"]`)).toBeVisible();
  await expect(ui.pane(1)).toBeVisible();
});

test('the Quota settings put each label above its input at 900×700', async ({ page, server, ui }) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await ui.open(server.url);
  await page.getByTestId('usage-settings').getByRole('button', { name: 'Quota' }).click();
  for (const [label, input] of [
    ['Warn at (% used)', 'Warn at percent used'],
    ['Text sent', 'Text sent to continue'],
  ] as const) {
    const labelBox = await page.getByTestId('usage-settings').getByText(label, { exact: true }).boundingBox();
    const inputBox = await page.getByLabel(input, { exact: true }).boundingBox();
    expect(labelBox && inputBox && labelBox.y + labelBox.height <= inputBox.y + 1, `"${label}" above its input`).toBe(true);
    // …and the input keeps its full height (a row's flex: 1 in a column squashed it to 16 px).
    expect(inputBox?.height ?? 0).toBeGreaterThanOrEqual(22);
  }
  await page.screenshot({ path: test.info().outputPath('quota-settings-900x700.png') });
});

test('opening the Graph puts the keyboard on the commit list: ↑/↓ select, Enter goes to the actions, Escape goes back', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const toggle = page.getByTestId('graph-toggle');
  await toggle.click();
  const list = page.getByRole('listbox', { name: 'Commits' });
  await expect(list).toBeFocused();
  // The focus shows: a ring drawn around the list even though a click opened the page.
  expect(await list.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
  await page.screenshot({ path: test.info().outputPath('graph-focused-1280x800.png') });

  // ↓ selects the newest commit; a screen reader hears which one (the active option).
  await page.keyboard.press('ArrowDown');
  const details = page.getByTestId('commit-details');
  await expect(details).toContainText('initial commit');
  const option = page.getByRole('option', { selected: true });
  await expect(option).toContainText('initial commit');
  await expect(list).toHaveAttribute('aria-activedescendant', (await option.getAttribute('id'))!);
  for (const size of [
    { width: 1600, height: 1000 },
    { width: 900, height: 700 },
  ]) {
    await page.setViewportSize(size);
    await expect(list).toBeFocused();
    await page.screenshot({ path: test.info().outputPath(`graph-selected-${size.width}x${size.height}.png`) });
  }

  // Enter: to the commit's first action; Escape closes the page and the Graph button has the keyboard.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('fix-check')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('graph-page')).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveText('Graph');
});

test('a dialog opened from the palette gives the keyboard back to the focused pane when it closes', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const { pane, session } = await ui.openShellAtPrompt('feature-wt');
  await expect(terminalInput(pane)).toBeFocused();

  for (const [command, dialogId] of [
    ['New worktree in main-repo', 'create-worktree-dialog'],
    ['Start an agent in feature-wt', 'launch-agent-dialog'],
  ] as const) {
    await page.keyboard.press('Control+Shift+K');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect(palette).toBeVisible();
    await page.keyboard.type(command);
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId(dialogId);
    await expect(dialog).toBeVisible();
    await expect(palette).toBeHidden();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(terminalInput(pane), `focus after closing ${dialogId}`).toBeFocused();
  }
  // …and the keys really go into that terminal.
  await page.keyboard.type('echo back-from-dialogs-$((6*7))');
  await page.keyboard.press('Enter');
  await expect.poll(() => ui.screenText(session)).toContain('back-from-dialogs-42');
});

test('before any agent ran the header says "No quota data yet" (and why), not a row of "unknown" gauges', async ({ page, server, ui }) => {
  for (const size of [
    { width: 1600, height: 1000 },
    { width: 900, height: 700 },
  ]) {
    await page.setViewportSize(size);
    await ui.open(server.url);
    const header = page.getByTestId('app-header');
    const empty = header.getByTestId('quota-empty');
    await expect(empty).toHaveText('No quota data yet');
    await expect(header.getByTestId('quota-gauge')).toHaveCount(0);
    await expect(header).not.toContainText('unknown');
    // The header stays one line.
    expect((await header.boundingBox())?.height ?? 0).toBeLessThanOrEqual(36);
    await empty.click();
    const popover = page.getByTestId('quota-popover');
    await expect(popover.locator('li')).toHaveText([/^Codex: /, /^Claude: /, /^Gemini: /]);
    await page.screenshot({ path: test.info().outputPath(`quota-empty-${size.width}x${size.height}.png`) });
    await page.keyboard.press('Escape');
    await expect(popover).toBeHidden();
    await expect(empty).toBeFocused();
  }
});

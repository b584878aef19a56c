/**
 * What a new user sees with a stalled agent, at a wide and a narrow window: Chromium against a
 * real `agent-orchestrator serve` whose PATH finds the fake Claude and Codex CLIs.
 *
 * - A Claude session that ends its task on a usage limit counts as "1 stalled" in the sidebar
 *   (never as done), next to a Codex session that finished ("1 done").
 * - At 900 px the header stays one line: the quota gauges drop their secondary parts and the
 *   controls stay in the window; the "all quotas" popover shows every gauge in full.
 * - The launch dialog shows each agent's installed version.
 * Screenshots at 1600×1000 and 900×700 go to the test's output folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { choose, expect, startAgent, test as base, withProcessEnv } from './fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FAKE_AGENTS = path.join(ROOT, 'test/fixtures/agents/bin');

const test = base.extend<{ agentEnv: void }>({
  agentEnv: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
    async ({}, use) => {
      const logs = mkdtempSync(path.join(tmpdir(), 'ao-e2e-stall-logs-'));
      try {
        await withProcessEnv(
          {
            PATH: `${FAKE_AGENTS}${path.delimiter}${process.env.PATH ?? ''}`,
            CODEX_HOME: path.join(logs, 'codex'),
            CLAUDE_CONFIG_DIR: path.join(logs, 'claude'),
            GEMINI_CLI_HOME: path.join(logs, 'gemini'),
            FAKE_AGENT_WORK_MS: '1500',
          },
          use,
        );
      } finally {
        rmSync(logs, { recursive: true, force: true });
      }
    },
    { auto: true },
  ],
});

/** Controls of the header that lie outside the window or are cut by an ancestor. */
async function headerProblems(page: Page): Promise<string[]> {
  return page.getByTestId('app-header').evaluate((header) => {
    const problems: string[] = [];
    const headerBox = header.getBoundingClientRect();
    for (const control of header.querySelectorAll<HTMLElement>('button')) {
      const box = control.getBoundingClientRect();
      const name = control.getAttribute('aria-label') ?? control.textContent ?? '?';
      if (box.width === 0) problems.push(`${name}: not drawn`);
      else if (box.right > window.innerWidth + 0.5 || box.left < -0.5) problems.push(`${name}: outside the window`);
      else if (box.bottom > headerBox.bottom + 0.5 || box.top < headerBox.top - 0.5) problems.push(`${name}: outside the header`);
    }
    return problems;
  });
}

test('a stalled agent counts as stalled; the header stays one line at 900 px; the launch dialog shows versions', async ({ page, server, repo, ui }, testInfo) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await expect(page.getByTestId('worktree-row').filter({ hasText: 'feature-wt' })).toBeVisible();

  await startAgent(page, 'main-repo', 'claude', 'hit the usage limit in 30 minutes');
  await startAgent(page, 'feature-wt', 'codex', 'write the changelog entry');
  await expect(ui.pane(1).getByTestId('agent-status')).toContainText('stalled', { timeout: 30_000 });
  await expect(ui.pane(2).getByTestId('agent-status')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });

  // The sidebar: one stalled, one done — the stalled one is not counted as done.
  await expect(page.getByTestId('agent-count-stalled')).toHaveText('1 stalled');
  await expect(page.getByTestId('agent-count-done')).toHaveText('1 done');
  await expect(page.getByTestId('quota-gauge').first()).toBeVisible();
  await expect(page.getByTestId('quota-more')).not.toContainText('+');
  await page.screenshot({ path: testInfo.outputPath('stalled-1600x1000.png') });
  expect(await headerProblems(page)).toEqual([]);

  await page.setViewportSize({ width: 900, height: 700 });
  const header = page.getByTestId('app-header');
  // One line: as tall as its controls (34 px plus the border), whatever the gauges hold.
  await expect.poll(async () => (await header.boundingBox())?.height ?? 0).toBeLessThanOrEqual(36);
  expect(await headerProblems(page)).toEqual([]);
  await expect(page.getByTestId('agent-count-stalled')).toHaveText('1 stalled');
  await page.screenshot({ path: testInfo.outputPath('stalled-900x700.png') });

  // Every gauge in full, one click away.
  const gauges = await page.getByTestId('quota-gauges').getByTestId('quota-gauge').count();
  await page.getByTestId('quota-more').click();
  const popover = page.getByTestId('quota-popover');
  await expect(popover.getByTestId('quota-gauge')).toHaveCount(gauges);
  await page.screenshot({ path: testInfo.outputPath('quota-popover-900x700.png') });
  await page.keyboard.press('Escape');
  await expect(popover).toBeHidden();

  // The launch dialog: versions next to the agents, the chosen one's version under the picker.
  await page.getByRole('button', { name: 'Start agent in feature-wt', exact: true }).click();
  const dialog = page.getByTestId('launch-agent-dialog');
  await choose(page, dialog.getByRole('combobox', { name: 'Agent', exact: true }), 'claude');
  await expect(dialog.getByTestId('agent-version')).toContainText('2.1');
  await dialog.getByRole('combobox', { name: 'Agent', exact: true }).click();
  await expect(page.getByRole('option', { name: /Claude Code/ })).toContainText(/v\d+\.\d+/);
  await page.screenshot({ path: testInfo.outputPath('launch-dialog-900x700.png') });
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 1600, height: 1000 });
  // Wide again: every gauge is back on the line, none counted as hidden.
  await expect(page.getByTestId('quota-more')).not.toContainText('+');
  await page.screenshot({ path: testInfo.outputPath('launch-dialog-1600x1000.png') });
});

/**
 * Agents end to end: Chromium against a real `agent-orchestrator serve` whose PATH finds the
 * fake Codex and Claude CLIs (test/fixtures/agents/bin). Two agents start in two worktrees from
 * the UI; one asks for approval → "needs input" on its pane, in the sidebar counts and as a
 * notification toast (a click on it focuses the pane); answered → "working" → "done".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator } from '@playwright/test';
import { choose, expect, startAgent, test as base, withProcessEnv } from './fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FAKE_AGENTS = path.join(ROOT, 'test/fixtures/agents/bin');

/**
 * The environment `serve` starts with (the base `server` fixture passes process.env on): fake
 * agents first on PATH, their logs in a temporary folder. Automatic, so it is in place before
 * the server starts, and restored after the test.
 */
const test = base.extend<{ agentEnv: void }>({
  agentEnv: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
    async ({}, use) => {
      const logs = mkdtempSync(path.join(tmpdir(), 'ao-e2e-agent-logs-'));
      try {
        await withProcessEnv(
          {
            PATH: `${FAKE_AGENTS}${path.delimiter}${process.env.PATH ?? ''}`,
            CODEX_HOME: path.join(logs, 'codex'),
            CLAUDE_CONFIG_DIR: path.join(logs, 'claude'),
            // Long enough for a person (and the test, on a loaded machine) to see "working" between the steps.
            FAKE_AGENT_WORK_MS: '8000',
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


function agentStatus(pane: Locator): Locator {
  return pane.getByTestId('agent-status');
}

test('two agents in two worktrees: one asks for input, is answered, works, and is done', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await expect(page.getByTestId('worktree-row').filter({ hasText: 'feature-wt' })).toContainText('feature/e2e');

  await startAgent(page, 'main-repo', 'claude', 'run the tests, but ask me first');
  await expect(ui.pane(1)).toBeVisible();
  await expect(ui.pane(1).getByTestId('pane-title')).toContainText('main-repo');
  await startAgent(page, 'feature-wt', 'codex', 'write the changelog entry');
  await expect(ui.pane(2)).toBeVisible();
  await expect(ui.pane(2).getByTestId('pane-title')).toContainText('feature-wt');
  const asking = await ui.sessionIdOf(ui.pane(1));
  const other = await ui.sessionIdOf(ui.pane(2));

  // Both start working on their task. Codex may already be done on a loaded machine: what
  // counts is that its pane showed "working" first.
  await expect.poll(() => ui.statusesShown(other)).toContain('working');
  await expect.poll(() => ui.statusesShown(asking)).toEqual(expect.arrayContaining([expect.stringMatching(/^(working|needs-input)$/)]));

  // Claude asks for approval: the pane, the sidebar and a notification say so.
  await expect(agentStatus(ui.pane(1))).toHaveAttribute('data-status', 'needs-input');
  await expect(agentStatus(ui.pane(1))).toContainText('needs input');
  await expect(page.getByTestId('agent-count-needs-input')).toHaveText('1 needs input');
  const toast = page.locator(`[data-testid="toast"][data-session-id="${asking}"]`);
  await expect(toast).toContainText('Claude Code needs input');
  await expect.poll(() => ui.screenText(asking)).toContain('Do you want to proceed?');
  await page.screenshot({ path: test.info().outputPath('agents-needs-input.png') });

  // The other agent finishes meanwhile.
  await expect(agentStatus(ui.pane(2))).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  // Clicking the notification brings its pane to the front.
  await ui.pane(2).locator('.pane__terminal').click();
  await expect(ui.pane(2)).toHaveClass(/pane--focused/);
  await toast.getByRole('button', { name: /Claude Code needs input/ }).click();
  await expect(ui.pane(1)).toHaveClass(/pane--focused/);
  expect(await ui.sessionIdOf(ui.pane(1))).toBe(asking);

  // Answer in the pane: "1. Yes" → working → done.
  await ui.pane(1).locator('.pane__terminal').click();
  const beforeAnswer = (await ui.statusesShown(asking)).length;
  await page.keyboard.press('1');
  await expect
    .poll(async () => (await ui.statusesShown(asking)).slice(beforeAnswer), { timeout: 20_000 })
    .toEqual(['working', 'done'])
    .catch(async (error: Error) => {
      throw new Error(`${error.message}\nstatus:source@ms ${(await ui.statusSources(asking)).join(' ')}`);
    });
  await expect.poll(() => ui.screenText(asking)).toContain('Done: run the tests, but ask me first');
  await expect(page.getByTestId('agent-count-done')).toHaveText('2 done');
  await expect(page.getByTestId('agent-count-needs-input')).toHaveCount(0);
  // The sidebar shows each worktree's agent.
  await expect(page.getByTestId('worktree-row').filter({ hasText: 'main-repo' }).getByTestId('worktree-agents').locator('button')).toHaveAttribute('data-status', 'done');
  expect(other).not.toBe(asking);
  // The Codex pane's rollout tokens reach its title bar (usage.changed → the pane totals' query
  // is re-read); the fake Claude writes no usage here.
  await expect(ui.pane(2).getByTestId('pane-usage')).toContainText(/\d+(\.\d)?k? tok · /, { timeout: 15_000 });
  await page.screenshot({ path: test.info().outputPath('agents-done.png') });
});

test('fans one task out to both worktrees and starts a fresh session with a handoff', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await page.getByRole('button', { name: 'Start agent in main-repo', exact: true }).click();
  const dialog = page.getByTestId('launch-agent-dialog');
  await choose(page, dialog.getByRole('combobox', { name: 'Agent', exact: true }), 'codex');
  await dialog.getByLabel('feature-wt').check();
  await dialog.getByLabel('Task').fill('bump the version');
  await page.screenshot({ path: test.info().outputPath('agents-launch.png') });
  await dialog.getByRole('button', { name: 'Start in 2 worktrees' }).click();
  await expect(ui.pane(2)).toBeVisible();
  const first = await ui.sessionIdOf(ui.pane(1));
  await expect(agentStatus(ui.pane(1))).toHaveAttribute('data-status', 'done', { timeout: 20_000 });

  // Wide enough that each pane header shows the action itself (narrower panes move it into the
  // pane's "More" menu).
  await page.setViewportSize({ width: 1700, height: 900 });
  await ui.pane(1).getByRole('button', { name: 'Fresh session with handoff' }).click();
  const handoff = page.getByTestId('handoff-dialog');
  await expect(handoff.getByLabel('Handoff prompt')).toHaveValue(/## Task\nbump the version/);
  await expect(handoff.getByLabel('Handoff prompt')).toHaveValue(/You are on `main`/);
  await handoff.getByLabel('Notes').fill('keep it small');
  await expect(handoff.getByLabel('Handoff prompt')).toHaveValue(/## Notes from the user\nkeep it small/);
  await page.screenshot({ path: test.info().outputPath('agents-handoff.png') });
  await handoff.getByRole('button', { name: 'Start fresh session' }).click();
  await expect(handoff).toBeHidden();
  // The fresh session took the old pane's place.
  await expect.poll(() => ui.sessionIdOf(ui.pane(1))).not.toBe(first);
  await expect(page.locator('[data-testid="terminal-pane"]')).toHaveCount(2);
  const fresh = await ui.sessionIdOf(ui.pane(1));
  await expect.poll(() => ui.screenText(fresh), { timeout: 20_000 }).toContain('Done: You are taking over work');
});

/**
 * Agents survive an engine restart, end to end: Chromium against the real `agent-orchestrator
 * serve`, stopped and started again on the same data folder, with the fake Claude Code (resumed
 * by the session id the app pinned) and the fake Gemini CLI (continued as the folder's newest
 * session) on PATH. After the restart each pane is back with its session, shows the earlier
 * conversation, and takes the next task.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator } from '@playwright/test';
import { expect, startAgent, test as base, withProcessEnv } from './fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FAKE_AGENTS = path.join(ROOT, 'test/fixtures/agents/bin');

/** The fake agents first on PATH and their logs in a temporary folder, before `serve` starts. */
const test = base.extend<{ agentEnv: void }>({
  agentEnv: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
    async ({}, use) => {
      const logs = mkdtempSync(path.join(tmpdir(), 'ao-e2e-resume-logs-'));
      try {
        await withProcessEnv(
          {
            PATH: `${FAKE_AGENTS}${path.delimiter}${process.env.PATH ?? ''}`,
            CODEX_HOME: path.join(logs, 'codex'),
            CLAUDE_CONFIG_DIR: path.join(logs, 'claude'),
            GEMINI_DIR: path.join(logs, 'gemini'),
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


const agentStatus = (pane: Locator): Locator => pane.getByTestId('agent-status');

test('agents come back after an engine restart: resumed in their panes, and they take the next task', async ({
  page,
  restartableServer: server,
  repo,
  ui,
}) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await startAgent(page, 'feature-wt', 'claude', 'first task');
  await expect(ui.pane(1)).toBeVisible();
  await startAgent(page, 'main-repo', 'gemini', 'gemini task');
  await expect(ui.pane(2)).toBeVisible();
  const claude = await ui.sessionIdOf(ui.pane(1));
  const gemini = await ui.sessionIdOf(ui.pane(2));
  await expect(agentStatus(ui.pane(1))).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(agentStatus(ui.pane(2))).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect.poll(() => ui.screenText(claude)).toContain('Done: first task');
  await expect.poll(() => ui.screenText(gemini)).toContain('Done: gemini task');

  await server.stop();
  await expect(page.getByTestId('reconnecting-banner')).toBeVisible();
  await server.start();
  await expect(page.getByTestId('reconnecting-banner')).toBeHidden({ timeout: 20_000 });

  // Same panes, same sessions, running again: Claude by its pinned id, Gemini as the folder's newest chat.
  expect(await ui.sessionIdOf(ui.pane(1))).toBe(claude);
  expect(await ui.sessionIdOf(ui.pane(2))).toBe(gemini);
  await expect.poll(() => ui.screenText(claude), { timeout: 20_000 }).toMatch(/Resumed conversation [0-9a-f-]{36}/);
  await expect.poll(() => ui.screenText(gemini), { timeout: 20_000 }).toContain('Resumed session');
  // The old screen stays above, with the restart marked.
  const shown = await ui.screenText(claude);
  expect(shown).toContain('Done: first task');
  expect(shown).toContain('engine restarted');
  await expect(ui.pane(1)).toHaveAttribute('data-status', 'running');
  await expect(ui.pane(2)).toHaveAttribute('data-status', 'running');
  await page.screenshot({ path: test.info().outputPath('agents-resumed.png') });

  const beforeTask = (await ui.statusesShown(claude)).length;
  await ui.typeInto(ui.pane(1), 'second task');
  // "working", however briefly (1.5 s of fake work), then "done".
  await expect.poll(async () => (await ui.statusesShown(claude)).slice(beforeTask), { timeout: 30_000 }).toEqual(['working', 'done']);
  await expect.poll(() => ui.screenText(claude)).toContain('Done: second task');
});

/**
 * Usage and quota end to end: Chromium against a real `agent-orchestrator serve` whose
 * CODEX_HOME holds one synthetic rollout (written just before the server starts, with timestamps
 * around now so its window is live) and whose CLAUDE_CONFIG_DIR is empty. The header shows the
 * Codex window with its used % and a ticking reset countdown, and no gauge for the never-used
 * Claude and Gemini (the quota popover names them and says why); the usage
 * page shows a chart and totals that match the rollout.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test as base, withProcessEnv } from './fixtures.ts';

/** What the rollout holds: two requests (the second's `last` is the difference of the totals). */
const FIRST = { input_tokens: 20_000, cached_input_tokens: 10_000, output_tokens: 1_000, reasoning_output_tokens: 200, total_tokens: 21_000 };
const TOTAL = { input_tokens: 50_000, cached_input_tokens: 30_000, output_tokens: 3_000, reasoning_output_tokens: 500, total_tokens: 53_000 };
const SECOND = { input_tokens: 30_000, cached_input_tokens: 20_000, output_tokens: 2_000, reasoning_output_tokens: 300, total_tokens: 32_000 };
const FIVE_HOUR_USED = 71;

/** A Codex rollout as the CLI writes it (agent-logs.md §2), stamped around `now`. */
function rollout(now: number): string {
  const at = (msAgo: number): string => new Date(now - msAgo).toISOString();
  const limits = {
    limit_id: 'codex',
    limit_name: null,
    primary: { used_percent: FIVE_HOUR_USED, window_minutes: 300, resets_at: Math.floor((now + 50 * 60_000) / 1000) },
    secondary: { used_percent: 30, window_minutes: 10080, resets_at: Math.floor((now + 3 * 86_400_000) / 1000) },
    credits: null,
    plan_type: 'plus',
  };
  const cwd = path.join(tmpdir(), 'ao-e2e-usage-project');
  const rows = [
    { timestamp: at(300_000), type: 'session_meta', payload: { id: '019a3f2e-7c41-7d20-9b1e-3f6a2c9d8e99', timestamp: at(300_000), cwd, originator: 'codex_cli_rs', cli_version: '0.153.4', source: 'cli', model_provider: 'openai' } },
    { timestamp: at(290_000), type: 'turn_context', payload: { turn_id: '1', cwd, model: 'gpt-5.2-codex', effort: 'medium', summary: 'auto' } },
    { timestamp: at(280_000), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: FIRST, last_token_usage: FIRST, model_context_window: 258_400 }, rate_limits: limits } },
    { timestamp: at(120_000), type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: TOTAL, last_token_usage: SECOND, model_context_window: 258_400 }, rate_limits: limits } },
  ];
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}

const test = base.extend<{ usageLogs: void }>({
  usageLogs: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
    async ({}, use) => {
      const logs = mkdtempSync(path.join(tmpdir(), 'ao-e2e-usage-logs-'));
      const now = Date.now();
      const date = new Date(now);
      const pad = (n: number): string => String(n).padStart(2, '0');
      const day = path.join(logs, 'codex', 'sessions', String(date.getFullYear()), pad(date.getMonth() + 1), pad(date.getDate()));
      mkdirSync(day, { recursive: true });
      mkdirSync(path.join(logs, 'claude', 'projects'), { recursive: true });
      writeFileSync(path.join(day, `rollout-${date.toISOString().slice(0, 19).replace(/:/g, '-')}-019a3f2e-7c41-7d20-9b1e-3f6a2c9d8e99.jsonl`), rollout(now));
      try {
        await withProcessEnv({ CODEX_HOME: path.join(logs, 'codex'), CLAUDE_CONFIG_DIR: path.join(logs, 'claude') }, use);
      } finally {
        rmSync(logs, { recursive: true, force: true });
      }
    },
    { auto: true },
  ],
});

test('header gauges show the Codex window; the usage page charts and totals the rollout', async ({ page, server, ui }, testInfo) => {
  await ui.open(server.url);

  const header = page.getByTestId('app-header');
  const codex = header.locator('[data-testid="quota-gauge"][data-key^="codex:"]');
  await expect(codex).toBeVisible();
  await expect(codex.getByTestId('quota-label')).toHaveText(`5h ${FIVE_HOUR_USED}%`);
  await expect(codex).toHaveAttribute('data-tone', 'ok');
  const reset = codex.getByTestId('quota-reset');
  await expect(reset).toHaveText(/^resets in (49|50)m \d\ds$/);
  // 71 % used with 83 % of the window gone: under pace.
  await expect(codex.getByTestId('quota-pace')).toContainText('under pace');
  // Claude and Gemini were never used here: no gauge, no "unknown"; the popover says why.
  await expect(header.getByTestId('quota-gauge')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('usage-header.png') });
  await page.getByTestId('quota-more').click();
  const unused = page.getByTestId('quota-popover').getByTestId('quota-unused');
  await expect(unused).toContainText('Not used yet');
  await expect(unused.locator('li')).toHaveText([/^Claude: .*status line/, /^Gemini: /]);
  await page.keyboard.press('Escape');

  await page.getByTestId('usage-toggle').click();
  const usagePage = page.getByTestId('usage-page');
  await expect(usagePage).toBeVisible();
  await expect(usagePage.getByTestId('usage-total-tokens')).toHaveText('53k');
  await expect(usagePage.getByTestId('usage-total-requests')).toHaveText('2');
  await expect(usagePage.getByTestId('usage-total-cost')).toHaveText(/^\$\d+\.\d\d$/);
  await expect(usagePage.getByTestId('usage-chart')).toBeVisible();
  await expect(usagePage.getByTestId('usage-chart-bar')).toHaveCount(1);
  const today = usagePage.locator('[data-testid="usage-chart-day"]').last();
  await expect(today).toHaveAttribute('data-total', String(TOTAL.input_tokens + TOTAL.output_tokens));
  const row = usagePage.getByTestId('usage-row').filter({ hasText: 'Codex' });
  await expect(row).toContainText('50k');
  await expect(row).toContainText('53k');
  await page.screenshot({ path: testInfo.outputPath('usage-page.png') });

  // Grouped by day: one series, the same total.
  await usagePage.getByRole('button', { name: 'Day', exact: true }).click();
  await expect(usagePage.getByTestId('usage-row')).toHaveCount(1);
  await expect(usagePage.getByTestId('usage-chart-bar')).toHaveCount(1);

  // The countdown ticks without the engine (the header stays above the page).
  const before = await reset.textContent();
  await expect.poll(() => reset.textContent(), { timeout: 5_000 }).not.toBe(before);

  await page.getByTestId('usage-toggle').click();
  await expect(usagePage).toBeHidden();
});

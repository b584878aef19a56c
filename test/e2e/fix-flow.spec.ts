/**
 * "Branch a fix from this worktree" end to end: Chromium against a real `serve` whose PATH finds
 * a fake agent that commits a fix (test/fixtures/agents/fixer.mjs). From the feature worktree's
 * pane: "Fix a bug here" → the fix worktree and its agent pane open next to the source pane → the
 * agent commits → "Land" puts only the fix on main and cherry-picks it into the feature → archive.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectEngine } from '../../src/main/cli/engine-client.ts';
import { choose, expect, test as base, withProcessEnv } from './fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FAKE_AGENTS = path.join(ROOT, 'test/fixtures/agents/bin');

const test = base.extend<{ agentEnv: void }>({
  agentEnv: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
    async ({}, use) => {
      await withProcessEnv({ PATH: `${FAKE_AGENTS}${path.delimiter}${process.env.PATH ?? ''}` }, use);
    },
    { auto: true },
  ],
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

test('fix a bug found in a feature worktree and land it on main without a hop', async ({ page, server, repo, ui }) => {
  test.setTimeout(120_000);
  // main has the bug; the feature branch builds on it with work of its own.
  writeFileSync(path.join(repo.main, 'greet.txt'), 'helo world\n');
  git(repo.main, 'add', 'greet.txt');
  git(repo.main, 'commit', '-q', '-m', 'greeting');
  git(repo.worktree, 'merge', '-q', '--ff-only', 'main');
  writeFileSync(path.join(repo.worktree, 'feature.txt'), 'feature work\n');
  git(repo.worktree, 'add', 'feature.txt');
  git(repo.worktree, '-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', 'commit', '-q', '-m', 'feature work');
  const mainBefore = git(repo.main, 'rev-parse', 'main');

  // The fake agent, as a custom agent in the engine's settings (what the settings UI writes).
  const engine = await connectEngine({ home: server.home, requireRunning: true });
  try {
    const updated = await engine.client.settings.update({ agents: { custom: { fixer: { name: 'Fixer', command: 'fixer' } } } });
    expect(updated.ok).toBe(true);
  } finally {
    await engine.close();
  }

  await page.setViewportSize({ width: 1600, height: 1000 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await expect(page.getByTestId('worktree-row').filter({ hasText: 'feature-wt' })).toContainText('feature/e2e');
  await ui.openShell('feature-wt');
  // Panes take their places as their sessions start: wait for the first before asking for the next.
  await expect(ui.pane(1)).toContainText('feature-wt');
  await ui.openShell('main-repo');
  await expect(ui.pane(2)).toBeVisible();
  const sourcePane = await ui.sessionIdOf(ui.pane(1));

  // One click on the source pane.
  await ui.pane(1).getByRole('button', { name: 'Fix a bug here' }).click();
  const dialog = page.getByTestId('fix-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('fix-base-reason')).toContainText('only its own commits will land on main');
  await expect(dialog.getByLabel('This worktree')).toBeChecked();
  await dialog.getByLabel('Bug description').fill('Greeting typo. Replace `helo` with `hello` in greet.txt');
  await choose(page, dialog.getByRole('combobox', { name: 'Agent', exact: true }), 'fixer');
  await page.screenshot({ path: test.info().outputPath('fix-flow-dialog-1600.png') });
  await dialog.getByRole('button', { name: 'Start fix' }).click();
  await expect(dialog).toBeHidden();

  // The agent's pane opens right after the source pane, and the agent commits the fix.
  await expect(ui.pane(3)).toBeVisible();
  expect(await ui.sessionIdOf(ui.pane(1))).toBe(sourcePane);
  const agentPane = ui.pane(2);
  await expect(agentPane.getByTestId('pane-title')).toContainText('fix-greeting-typo');
  const agentSession = await ui.sessionIdOf(agentPane);
  await expect.poll(() => ui.screenText(agentSession), { timeout: 30_000 }).toContain('Committed fix');
  const fixRow = page.getByTestId('worktree-row').filter({ hasText: 'fix-greeting-typo' });
  await expect(fixRow).toBeVisible();

  // Land from the fix worktree's row.
  await fixRow.getByRole('button', { name: /^Land / }).click();
  const land = page.getByTestId('land-dialog');
  await expect(land.getByLabel('Land on main')).toBeChecked();
  await land.getByRole('button', { name: 'Land on main' }).click();
  const results = land.getByTestId('land-result');
  await expect(results).toContainText('main: 1 commit landed');
  await expect(results).toContainText('feature/e2e has the fix too (cherry-pick)');
  await page.screenshot({ path: test.info().outputPath('fix-flow-landed-1600.png') });
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: test.info().outputPath('fix-flow-landed-900.png') });

  // Only the fix is on main (no feature commit); the feature worktree has it too; main's files moved.
  expect(git(repo.main, 'log', '--format=%s', `${mainBefore}..main`)).toBe('fix: Greeting typo. Replace `helo` with `hello` in greet.txt');
  expect(readFileSync(path.join(repo.main, 'greet.txt'), 'utf8')).toBe('hello world\n');
  expect(git(repo.main, 'ls-tree', '--name-only', 'main')).not.toContain('feature.txt');
  expect(readFileSync(path.join(repo.worktree, 'greet.txt'), 'utf8')).toBe('hello world\n');
  expect(git(repo.worktree, 'log', '-1', '--format=%s')).toContain('Greeting typo');

  // Offered afterwards: archive the fix worktree (its branch is kept).
  await land.getByRole('button', { name: 'Archive fix worktree' }).click();
  await expect(land).toBeHidden();
  await expect(fixRow).toHaveCount(0);
  expect(git(repo.main, 'branch', '--list', 'fix/greeting-typo*')).toContain('fix/greeting-typo');
});

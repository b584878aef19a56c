/**
 * The sidebar's per-target badges and target selector, in Chromium against a real engine and a
 * real repository with two targets.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { choose, expect, test } from './fixtures.ts';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

test('shows merged state per target on each worktree and changes its target', async ({ page, server, repo, ui }, testInfo) => {
  writeFileSync(path.join(repo.main, 'agent-orchestrator.json'), JSON.stringify({ targets: ['consumer'] }));
  git(repo.main, 'add', 'agent-orchestrator.json');
  git(repo.main, '-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', 'commit', '--quiet', '-m', 'config');
  git(repo.main, 'branch', 'consumer');
  writeFileSync(path.join(repo.worktree, 'feature.txt'), 'work\n');
  git(repo.worktree, 'add', 'feature.txt');
  git(repo.worktree, '-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', 'commit', '--quiet', '-m', 'feature work');

  await page.setViewportSize({ width: 1600, height: 1000 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const row = page.getByTestId('worktree-row').filter({ hasText: 'feature-wt' });
  const badges = row.getByTestId('target-badges');
  await expect(badges.locator('[data-target="main"]')).toHaveAttribute('data-state', 'unmerged');
  await expect(badges.locator('[data-target="main"]')).toHaveText('main ↑1');
  await expect(badges.locator('[data-target="consumer"]')).toHaveText('consumer ↑1');
  await page.screenshot({ path: testInfo.outputPath('git-map-badges-1600.png') });

  // Merge the branch into main behind the app's back: the badge follows (refs are watched).
  git(repo.main, 'merge', '--quiet', '--no-edit', 'feature/e2e');
  await expect(badges.locator('[data-target="main"]')).toHaveAttribute('data-state', 'merged', { timeout: 15_000 });
  await expect(badges.locator('[data-target="main"]')).toHaveText('main ✓');

  // Change the branch's target from the row; git config records it.
  const select = row.getByRole('combobox', { name: 'Target of feature/e2e' });
  await expect(select).toHaveAttribute('data-value', 'main');
  await choose(page, select, 'consumer');
  await expect.poll(() => git(repo.main, 'config', '--get', 'branch.feature/e2e.agentOrchestratorTarget')).toBe('consumer');
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('git-map-badges-900.png') });
});

test('a worktree with its own target shows it first on its row, and its state there', async ({ page, server, repo, ui }, testInfo) => {
  // feature/e2e has one commit; child-wt branches from it, adds one, and records feature/e2e as
  // its target — as "New worktree" from feature-wt does.
  writeFileSync(path.join(repo.worktree, 'feature.txt'), 'work\n');
  git(repo.worktree, 'add', 'feature.txt');
  git(repo.worktree, '-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', 'commit', '--quiet', '-m', 'feature work');
  const child = path.join(path.dirname(repo.main), 'child-wt');
  git(repo.main, 'worktree', 'add', '--quiet', '-b', 'feature/e2e-child', child, 'feature/e2e');
  writeFileSync(path.join(child, 'child.txt'), 'child\n');
  git(child, 'add', 'child.txt');
  git(child, '-c', 'user.name=E2E', '-c', 'user.email=e2e@example.com', 'commit', '--quiet', '-m', 'child work');
  git(repo.main, 'config', 'branch.feature/e2e-child.agentOrchestratorTarget', 'feature/e2e');

  await page.setViewportSize({ width: 1600, height: 1000 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const row = page.locator(`[data-testid="worktree-row"][data-path="${child}"]`);
  const badges = row.getByTestId('target-badges').locator('.target-badge');
  // Its own target first, marked; then the repository's target.
  await expect(badges).toHaveText(['→ feature/e2e ↑1', 'main ↑2']);
  await expect(badges.first()).toHaveAttribute('data-own', 'true');
  await expect(badges.first()).toHaveAttribute('data-state', 'unmerged');
  // The parent's row is unchanged: its target is the default branch.
  await expect(page.locator(`[data-testid="worktree-row"][data-path="${repo.worktree}"]`).getByTestId('target-badges').locator('.target-badge')).toHaveText(['main ↑1']);
  await row.screenshot({ path: testInfo.outputPath('own-target-row-1600.png') });
  await page.screenshot({ path: testInfo.outputPath('own-target-1600x1000.png') });

  // Merge the child into its parent behind the app's back: its own badge turns merged.
  git(repo.worktree, 'merge', '--quiet', '--ff-only', 'feature/e2e-child');
  await expect(badges.first()).toHaveText('→ feature/e2e ✓', { timeout: 15_000 });
  await expect(badges.nth(1)).toHaveText('main ↑2');
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('own-target-900x700.png') });
  // The row keeps its buttons inside the sidebar at 900 px.
  const sidebar = (await page.locator('.sidebar').boundingBox())!;
  const rowBox = (await row.boundingBox())!;
  expect(rowBox.x + rowBox.width).toBeLessThanOrEqual(sidebar.x + sidebar.width + 1);
});

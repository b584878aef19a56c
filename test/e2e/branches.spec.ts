/**
 * The branch dialogs end to end (issue 10, items 3 and 4), Chromium against a real `serve` and
 * real repositories:
 * - an integrator worktree merges three chosen branches, parents first; the one that conflicts is
 *   reported with its file and left out, the others are in, nothing is left half-merged;
 * - after a parent branch is amended, "Restack" previews its children (diverged, checked) and
 *   rebases the chosen one onto the new tip.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures.ts';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A worktree on a new branch from `from`, with one commit writing `file`. */
function branchWithCommit(main: string, name: string, from: string, file: string, content: string): string {
  const folder = path.join(path.dirname(main), name);
  git(main, 'worktree', 'add', '-q', '-b', name, folder, from);
  writeFileSync(path.join(folder, file), content);
  git(folder, 'add', file);
  git(folder, 'commit', '-q', '-m', `${name}: ${file}`);
  return folder;
}

test('an integrator merges three branches: two merged, the conflicting one reported and left out', async ({ page, server, repo, ui }, testInfo) => {
  const a = branchWithCommit(repo.main, 'part-a', 'main', 'shared.txt', 'from a\n');
  branchWithCommit(repo.main, 'part-b', 'main', 'b.txt', 'from b\n');
  branchWithCommit(repo.main, 'part-c', 'main', 'shared.txt', 'from c\n');
  const before = git(repo.worktree, 'rev-parse', 'HEAD');

  await page.setViewportSize({ width: 1600, height: 1000 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const row = page.locator(`[data-testid="worktree-row"][data-path="${repo.worktree}"]`);
  await expect(page.locator(`[data-testid="worktree-row"][data-path="${a}"]`)).toBeVisible();

  await row.getByRole('button', { name: 'Branch actions for feature-wt' }).click();
  await page.getByRole('menuitem', { name: /Integrate branches here/ }).click();
  const dialog = page.getByTestId('integrate-dialog');
  await expect(dialog).toBeVisible();
  for (const branch of ['part-a', 'part-b', 'part-c']) await dialog.getByLabel(`Merge ${branch}`).check();
  await page.screenshot({ path: testInfo.outputPath('integrate-1600.png') });
  await dialog.getByRole('button', { name: 'Merge 3 branches' }).click();

  const result = dialog.getByTestId('integrate-result');
  await expect(result).toContainText('part-a: merged');
  await expect(result).toContainText('part-b: merged');
  await expect(result).toContainText('part-c: conflicts in shared.txt; left as it was.');
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('integrate-900.png') });
  // Done: nothing left to cancel.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.locator('.badge--integrator')).toHaveText('integrator');

  // In git: a and b are in the integrator, c is not, and no merge is left in progress.
  const head = git(repo.worktree, 'rev-parse', 'HEAD');
  expect(head).not.toBe(before);
  const contains = (branch: string): boolean => {
    try {
      git(repo.worktree, 'merge-base', '--is-ancestor', branch, 'HEAD');
      return true;
    } catch {
      return false;
    }
  };
  expect([contains('part-a'), contains('part-b'), contains('part-c')]).toEqual([true, true, false]);
  expect(git(repo.worktree, 'status', '--porcelain')).toBe('');
  expect(git(repo.worktree, 'config', '--get', 'branch.feature/e2e.agentOrchestratorIntegrator')).toBe('true');
});

test('restack previews the children of an amended branch and rebases the chosen one', async ({ page, server, repo, ui }) => {
  writeFileSync(path.join(repo.worktree, 'feature.txt'), 'feature v1\n');
  git(repo.worktree, 'add', 'feature.txt');
  git(repo.worktree, 'commit', '-q', '-m', 'feature v1');
  const forkPoint = git(repo.worktree, 'rev-parse', 'HEAD');
  const child = branchWithCommit(repo.main, 'child-fix', 'feature/e2e', 'fix.txt', 'the fix\n');
  // The lineage a fix started from the feature worktree records.
  git(repo.main, 'config', 'branch.child-fix.agentOrchestratorParent', 'feature/e2e');
  git(repo.main, 'config', 'branch.child-fix.agentOrchestratorBase', forkPoint);
  // The parent is amended: its child now forks from a commit the branch no longer has.
  writeFileSync(path.join(repo.worktree, 'feature.txt'), 'feature v2\n');
  git(repo.worktree, 'commit', '-q', '-a', '--amend', '-m', 'feature v2');
  const newTip = git(repo.worktree, 'rev-parse', 'HEAD');

  await page.setViewportSize({ width: 1600, height: 1000 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const row = page.locator(`[data-testid="worktree-row"][data-path="${repo.worktree}"]`);
  await expect(page.locator(`[data-testid="worktree-row"][data-path="${child}"]`)).toBeVisible();
  await row.getByRole('button', { name: 'Branch actions for feature-wt' }).click();
  await page.getByRole('menuitem', { name: 'Restack the branches started here…' }).click();
  const dialog = page.getByTestId('restack-dialog');
  await expect(dialog).toContainText('diverged: the parent was rewritten');
  await expect(dialog.getByLabel('Restack child-fix')).toBeChecked();
  await dialog.getByRole('button', { name: 'Restack 1 branch' }).click();
  await expect(dialog.getByTestId('restack-result')).toContainText('child-fix: rebased onto the parent');

  expect(git(repo.main, 'merge-base', 'child-fix', 'feature/e2e')).toBe(newTip);
  expect(git(child, 'show', 'HEAD:fix.txt')).toBe('the fix');
  expect(git(child, 'show', 'HEAD:feature.txt')).toBe('feature v2');
});

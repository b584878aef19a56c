/**
 * The rest of the worktree lifecycle end to end, Chromium against a real `agent-orchestrator
 * serve` and real repositories: a worktree created from the CLI shows in the open app at once
 * (the CLI talks to the running engine); remove refuses uncommitted changes and removes when
 * forced; a worktree whose folder was deleted is restored, then pruned; a failed setup is run
 * again after the cause is fixed. (Create, archive and archive-restore: worktree-create.spec.ts.)
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from './fixtures.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

/** Run the real CLI against the server's data folder, as a user in another terminal would. */
async function cli(home: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['bin/agent-orchestrator', ...args], {
    cwd: ROOT,
    env: { ...process.env, AGENT_ORCHESTRATOR_HOME: home },
    timeout: 60_000,
  });
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

test('a worktree created from the CLI shows in the open app at once', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await expect(page.getByTestId('worktree-row')).toHaveCount(2);

  const created = await cli(server.home, 'worktree', 'create', 'from cli', '--repo', repo.main);
  expect(created.stderr).toBe('');
  // The running engine made it and announced it: the open tab shows it without a reload.
  const row = page.getByTestId('worktree-row').filter({ hasText: 'from-cli' });
  await expect(row).toBeVisible({ timeout: 5_000 });
  await expect(page.getByTestId('worktree-row')).toHaveCount(3);
  await expect(row).toContainText('from-cli');
  await page.screenshot({ path: test.info().outputPath('cli-worktree.png') });
});

test('remove refuses a worktree with uncommitted changes, and removes it when forced', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  writeFileSync(path.join(repo.worktree, 'notes.txt'), 'not committed\n');
  const row = page.getByTestId('worktree-row').filter({ hasText: 'feature-wt' });
  await expect(row).toBeVisible();
  // Wait for the row to show the change (and its other badges) before clicking: a badge line
  // that fills in moves the buttons, and a click aimed before the move lands beside them (CI,
  // under load).
  await expect(row).toContainText('modified');

  await row.getByRole('button', { name: 'Remove feature-wt' }).click();
  const confirm = page.getByRole('group', { name: 'Confirm removing feature-wt' });
  await expect(confirm).toContainText('The branch is kept.');
  await confirm.getByRole('button', { name: 'Remove', exact: true }).click();

  // Refused, with the reason, and nothing changed.
  await expect(confirm.getByRole('button', { name: 'Remove anyway' })).toBeVisible();
  await expect(confirm).toContainText(/uncommitted|changes/i);
  expect(existsSync(path.join(repo.worktree, 'notes.txt'))).toBe(true);
  await page.screenshot({ path: test.info().outputPath('remove-refused.png') });

  await confirm.getByRole('button', { name: 'Remove anyway' }).click();
  await expect(row).toHaveCount(0);
  expect(existsSync(repo.worktree)).toBe(false);
  // The branch stays.
  expect(git(repo.main, 'rev-parse', '--verify', 'refs/heads/feature/e2e')).toMatch(/^[0-9a-f]{40}$/);
});

test('a worktree whose folder was deleted: restore it, then prune it', async ({ page, server, repo, ui }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const row = page.getByTestId('worktree-row').filter({ hasText: 'feature-wt' });
  await expect(row.getByRole('button', { name: 'Remove feature-wt' })).toBeVisible();

  // Deleted outside the app: the engine's watcher notices, the row offers restore and prune.
  rmSync(repo.worktree, { recursive: true, force: true });
  await expect(row.getByRole('button', { name: 'Restore feature-wt' })).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: test.info().outputPath('missing-worktree.png') });
  await row.getByRole('button', { name: 'Restore feature-wt' }).click();
  await expect(row.getByRole('button', { name: 'Remove feature-wt' })).toBeVisible();
  expect(git(repo.worktree, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('feature/e2e');

  rmSync(repo.worktree, { recursive: true, force: true });
  await expect(row.getByRole('button', { name: 'Prune feature-wt' })).toBeVisible({ timeout: 20_000 });
  await row.getByRole('button', { name: 'Prune feature-wt' }).click();
  await expect(row).toHaveCount(0);
  expect(git(repo.main, 'worktree', 'list', '--porcelain')).not.toContain(repo.worktree);
  expect(git(repo.main, 'rev-parse', '--verify', 'refs/heads/feature/e2e')).toMatch(/^[0-9a-f]{40}$/);
});

test('a failed setup stays failed with its pane; after the fix, "set up again" makes it ready', async ({ page, server, repo, ui }) => {
  writeFileSync(path.join(repo.main, 'agent-orchestrator.json'), JSON.stringify({ setup: 'test -f .setup-ok || { echo "e2e-setup: .setup-ok is missing"; exit 3; }' }));
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const trustDialog = page.getByTestId('trust-dialog');
  await trustDialog.getByRole('button', { name: 'Trust and allow' }).click();
  await expect(trustDialog).toHaveCount(0);

  await page.getByRole('button', { name: 'New worktree in main-repo' }).click();
  const dialog = page.getByTestId('create-worktree-dialog');
  await dialog.getByLabel('Worktree name').fill('broken setup');
  await dialog.getByRole('button', { name: 'Create worktree' }).click();
  await expect(dialog).toHaveCount(0);

  const row = page.getByTestId('worktree-row').filter({ hasText: 'broken-setup' });
  const badge = row.getByTestId('bootstrap-badge');
  await expect(badge).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
  // The failed setup's pane stays, with the reason in it.
  const sessionId = await ui.sessionIdOf(ui.pane(1));
  await expect.poll(() => ui.screenText(sessionId)).toContain('e2e-setup: .setup-ok is missing');
  await page.screenshot({ path: test.info().outputPath('setup-failed.png') });

  const worktreeDir = path.join(path.dirname(repo.main), `${path.basename(repo.main)}.worktrees`, 'broken-setup');
  writeFileSync(path.join(worktreeDir, '.setup-ok'), '');
  await row.getByRole('button', { name: 'Set up broken-setup again' }).click();
  await expect(badge).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
});

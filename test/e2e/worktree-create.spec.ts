/**
 * Worktree lifecycle end to end: Chromium against a real `agent-orchestrator serve` and a real
 * repository — trust it from the dialog that lists its setup, create from the dialog with the
 * setup streamed into a pane, a refusal shown in the
 * dialog, archive and restore from the sidebar.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures.ts';

test('creates a worktree from the dialog, streams its setup into a pane, archives and restores it', async ({ page, server, repo, ui }) => {
  writeFileSync(path.join(repo.main, 'agent-orchestrator.json'), JSON.stringify({ setup: 'echo "e2e-setup-port=$PORT"', ports: 2 }));
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  // The repository asks to run a setup command: the trust dialog lists it before anything runs.
  const trustDialog = page.getByTestId('trust-dialog');
  await expect(trustDialog).toBeVisible();
  await expect(trustDialog).toContainText('echo "e2e-setup-port=$PORT"');
  await trustDialog.getByRole('button', { name: 'Trust and allow' }).click();
  await expect(trustDialog).toHaveCount(0);
  await expect(page.getByTestId('trust-chip')).toHaveCount(0);
  await expect(page.getByTestId('worktree-row').filter({ hasText: 'feature-wt' })).toBeVisible();

  await page.getByRole('button', { name: 'New worktree in main-repo' }).click();
  const dialog = page.getByTestId('create-worktree-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Worktree name').fill('e2e feature');
  await expect(dialog).toContainText('e2e-feature');
  await dialog.getByRole('button', { name: 'Create worktree' }).click();
  await expect(dialog).toHaveCount(0);

  // One slug rule: the folder is e2e-feature like the branch (shown live in the dialog above).
  await expect(dialog).toHaveCount(0);
  const row = page.getByTestId('worktree-row').filter({ hasText: 'e2e-feature' });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('bootstrap-badge')).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });

  // The setup ran in a pane, with the worktree's port in its environment.
  const pane = ui.pane(1);
  await expect(pane.getByTestId('pane-title')).toContainText('e2e-feature');
  const sessionId = await ui.sessionIdOf(pane);
  await expect.poll(() => ui.screenText(sessionId)).toMatch(/e2e-setup-port=\d+/);
  await expect.poll(() => ui.screenText(sessionId)).toContain('Worktree ready');
  // A successful setup's pane closes itself a moment later: it does not hold a grid slot.
  await expect(page.getByTestId('terminal-pane')).toHaveCount(0, { timeout: 15_000 });

  // The same name again: the engine's refusal is shown in the dialog, nothing changes.
  await page.getByRole('button', { name: 'New worktree in main-repo' }).click();
  await dialog.getByLabel('Worktree name').fill('e2e feature');
  await dialog.getByRole('button', { name: 'Create worktree' }).click();
  await expect(page.getByTestId('create-worktree-error')).toContainText('already checked out');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('worktree-row')).toHaveCount(3);

  // Archive, then restore from the archive list. An ignored .env would be lost by a plain
  // `git add -A`: the archive lists it before it archives, keeps it, and brings it back.
  const worktreeDir = path.join(path.dirname(repo.main), `${path.basename(repo.main)}.worktrees`, 'e2e-feature');
  writeFileSync(path.join(worktreeDir, '.gitignore'), '.env\n');
  writeFileSync(path.join(worktreeDir, '.env'), 'SECRET=e2e\n');
  await page.getByRole('button', { name: 'Archive e2e-feature' }).click();
  const preview = page.getByTestId('archive-preview');
  await expect(preview).toContainText('.env');
  await preview.getByRole('button', { name: 'Archive', exact: true }).click();
  await expect(row).toHaveCount(0);
  const archives = page.getByTestId('archived-worktrees');
  await archives.getByRole('button', { name: /Archived \(1\)/ }).click();
  await archives.getByRole('button', { name: 'Restore archive e2e-feature' }).click();
  await expect(page.getByTestId('worktree-row').filter({ hasText: 'e2e-feature' })).toBeVisible();
  await expect(archives).toHaveCount(0);
  expect(readFileSync(path.join(worktreeDir, '.env'), 'utf8')).toBe('SECRET=e2e\n');
  await page.screenshot({ path: test.info().outputPath('worktree-e2e.png') });
});

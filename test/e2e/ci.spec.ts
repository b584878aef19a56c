/**
 * CI in the web UI: Chromium against a real `serve` whose GITHUB_API_URL is the fake GitHub. The
 * worktree's branch is pushed (to a local bare repository standing in for github.com/acme/widgets)
 * and has a PR whose `test` check failed: the sidebar row shows the PR and "failing", the checks
 * panel lists the runs with links and the failing job's cleaned log, and the auto-triage toggle
 * reaches the engine.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts';
import { expect, test as base, withProcessEnv } from './fixtures.ts';

const REMOTE = 'https://github.com/acme/widgets.git';

const test = base.extend<{ gh: FakeGitHub }>({
  gh: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form.
    async ({}, use) => {
      const gh = await startFakeGitHub();
      try {
        await withProcessEnv({ GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: gh.token, GH_TOKEN: '' }, () => use(gh));
      } finally {
        await gh.close();
      }
    },
    { auto: true },
  ],
});

test('the sidebar shows the PR and failing checks; the panel shows runs, the log and the toggle', async ({ page, server, repo, gh, ui }, testInfo) => {
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  const bare = path.join(path.dirname(repo.main), 'remote.git');
  git(path.dirname(repo.main), 'init', '-q', '--bare', '-b', 'main', bare);
  git(repo.main, 'remote', 'add', 'origin', REMOTE);
  git(repo.main, 'config', `url.${bare}.insteadOf`, REMOTE);
  git(repo.main, 'push', '-q', 'origin', 'main');
  git(repo.worktree, 'commit', '-q', '--allow-empty', '-m', 'E2E feature');
  git(repo.worktree, 'push', '-q', '-u', 'origin', 'feature/e2e');
  const sha = git(repo.worktree, 'rev-parse', 'HEAD');
  const ghRepo = gh.repo('acme', 'widgets', { gitDir: bare });
  const pr = ghRepo.addPull({ head: 'feature/e2e', base: 'main', title: 'E2E feature' });
  ghRepo.setCheck(sha, 'lint', { status: 'completed', conclusion: 'success' });
  ghRepo.setCheck(sha, 'test', {
    status: 'completed',
    conclusion: 'failure',
    failedStep: 'Run npm test',
    log: '2026-08-01T10:00:00Z ##[group]Run npm test\r\n\x1b[31mFAIL\x1b[0m src/a.test.ts\r\nAssertionError: expected 1 to be 2\r\n##[error]Process completed with exit code 1.\r\n',
  });

  await page.setViewportSize({ width: 1600, height: 1000 });
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const row = page.locator(`[data-testid="worktree-row"][data-path="${repo.worktree}"]`);
  const badge = row.getByTestId('ci-badge');
  await expect(badge).toHaveAttribute('data-tone', 'failing', { timeout: 20_000 });
  await expect(badge).toContainText(`#${pr.number} open`);
  await page.screenshot({ path: testInfo.outputPath('ci-sidebar-1600.png') });

  await badge.click();
  const panel = page.getByTestId('ci-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('ci-pr-link')).toHaveAttribute('href', `https://github.com/acme/widgets/pull/${pr.number}`);
  await expect(panel.locator('.ci-run--failure')).toContainText('test');
  await expect(panel.locator('.ci-run--success')).toContainText('lint');
  const log = panel.getByTestId('ci-log');
  await expect(log).toContainText('FAIL src/a.test.ts');
  await expect(log).toContainText('AssertionError: expected 1 to be 2');
  await expect(log).not.toContainText('2026-08-01T10');
  await expect(panel).toContainText('Run npm test');
  await page.screenshot({ path: testInfo.outputPath('ci-panel-1600.png') });

  const toggle = panel.getByTestId('ci-auto-triage');
  await toggle.check();
  // No agent runs in the worktree yet: the prompt waits for one.
  await expect(panel.getByTestId('ci-triage-state')).toHaveText('A prompt is waiting: no agent runs in this worktree.');
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('ci-panel-900.png') });
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath('ci-sidebar-900.png') });
});

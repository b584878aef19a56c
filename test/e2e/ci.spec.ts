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

const test = base.extend<{ gh: FakeGitHub; tokenInEnv: boolean }>({
  /** The engine finds the fake GitHub's token in GITHUB_TOKEN (else it has none). */
  tokenInEnv: [true, { option: true }],
  gh: [
    async ({ tokenInEnv }, use) => {
      const gh = await startFakeGitHub();
      try {
        await withProcessEnv({ GITHUB_API_URL: gh.apiUrl, GITHUB_TOKEN: tokenInEnv ? gh.token : '', GH_TOKEN: '' }, () => use(gh));
      } finally {
        await gh.close();
      }
    },
    { auto: true },
  ],
});

/** The worktree's branch pushed, with a PR whose `test` check failed and `lint` passed. */
function pushFailingBranch(repo: { main: string; worktree: string }, gh: FakeGitHub) {
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
  return { pr };
}

test('the sidebar shows the PR and failing checks; the panel shows runs, the log and the toggle', async ({ page, server, repo, gh, ui }, testInfo) => {
  const { pr } = pushFailingBranch(repo, gh);

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
  // Record every state the box shows: once checked it must never flip back while the engine's
  // answer and its ci.changed event arrive (Playwright's check() fails on a box that does).
  await toggle.evaluate((box) => {
    const seen: string[] = [];
    (window as unknown as { toggleStates: string[] }).toggleStates = seen;
    new MutationObserver(() => seen.push(box.getAttribute('aria-checked') ?? '')).observe(box, { attributes: true, attributeFilter: ['aria-checked'] });
  });
  await toggle.check();
  // No agent runs in the worktree yet: the prompt waits for one.
  await expect(panel.getByTestId('ci-triage-state')).toHaveText('A prompt is waiting: no agent runs in this worktree.');
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  expect(await page.evaluate(() => (window as unknown as { toggleStates: string[] }).toggleStates)).toEqual(['true']);
  await page.setViewportSize({ width: 900, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('ci-panel-900.png') });
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath('ci-sidebar-900.png') });
});

test.describe('without a token', () => {
  test.use({ tokenInEnv: false });

  test('says so in the panel, takes a token there, and checks GitHub with it', async ({ page, server, repo, gh, ui }, testInfo) => {
    pushFailingBranch(repo, gh);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await ui.open(server.url);
    await ui.addRepository(repo.main);
    const row = page.locator(`[data-testid="worktree-row"][data-path="${repo.worktree}"]`);
    await row.getByTestId('ci-badge').click();
    const panel = page.getByTestId('ci-panel');
    await expect(panel).toContainText('GITHUB_TOKEN', { timeout: 20_000 });
    const form = panel.getByTestId('ci-token-form');
    await expect(form).toContainText('Kept by the engine until it stops');
    const input = form.getByLabel('GitHub token');

    // A malformed token is refused in the form; nothing reaches the engine or GitHub.
    const before = gh.requests.length;
    await input.fill('not a token');
    await form.getByRole('button', { name: 'Use token' }).click();
    await expect(form.getByRole('alert')).toHaveText('a GitHub token has no spaces or special characters');
    expect(gh.requests.length).toBe(before);

    await input.fill(gh.token);
    await form.getByRole('button', { name: 'Use token' }).click();
    await expect(form).toContainText('In use: the token you entered', { timeout: 20_000 });
    await expect(row.getByTestId('ci-badge')).toHaveAttribute('data-tone', 'failing', { timeout: 20_000 });
    expect(gh.requests.some((request) => request.headers.authorization === `Bearer ${gh.token}`)).toBe(true);
    // Never shown back.
    await expect(input).toHaveValue('');
    expect(await page.content()).not.toContain(gh.token);
    await page.screenshot({ path: testInfo.outputPath('ci-token-1600.png') });
    await page.setViewportSize({ width: 900, height: 700 });
    await page.screenshot({ path: testInfo.outputPath('ci-token-900.png') });

    await form.getByRole('button', { name: 'Forget' }).click();
    await expect(panel).toContainText('GITHUB_TOKEN', { timeout: 20_000 });
  });
});

/**
 * The branch graph end to end: Chromium against a real `agent-orchestrator serve` and a real
 * repository with ~700 commits, two targets and worktree branches. Opens the graph, scrolls it,
 * selects commits by mouse and keyboard, and checks what the details say against git.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { generateHistory } from '../helpers/graph-history.ts';
import { expect, test } from './fixtures.ts';

interface GraphHook {
  visible(): { first: number; last: number };
  drawTimes(): number[];
  shiftedFrames(): number;
  arrivedFrames(): number;
  rowY(index: number): number;
  rowSha(index: number): string | null;
}

/** A hash of the graph canvas's pixels, two frames from now (after any pending repaint). */
function canvasPixels(page: Page): Promise<string> {
  return page.evaluate(`new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
    const canvas = document.querySelector('.graph-view__canvas');
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    for (let i = 0; i < data.length; i += 1) hash = (Math.imul(hash, 31) + data[i]) | 0;
    resolve(canvas.width + 'x' + canvas.height + ':' + hash);
  })))`);
}

/** Call one method of the renderer's read-only `window.__aoGraph` hook. */
function graph<K extends keyof GraphHook>(page: Page, method: K, ...args: Parameters<GraphHook[K]>): Promise<ReturnType<GraphHook[K]>> {
  return page.evaluate(
    ([name, values]) => {
      const hook = (window as unknown as { __aoGraph: Record<string, (...a: unknown[]) => unknown> }).__aoGraph;
      return hook[name as string]!(...(values as unknown[]));
    },
    [method, args] as const,
  ) as Promise<ReturnType<GraphHook[K]>>;
}

test('opens the graph, scrolls, selects a commit and shows its details', async ({ page, server, ui }) => {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'ao-e2e-graph-')));
  const repo = path.join(root, 'graph-repo');
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  try {
    git(root, 'init', '-q', '-b', 'main', repo);
    const history = generateHistory(repo, { commits: 700, openBranches: 4 });
    git(repo, 'worktree', 'add', '-q', path.join(root, 'wt-1'), 'wt-1');
    git(repo, 'worktree', 'add', '-q', path.join(root, 'wt-2'), 'wt-2');
    const expected = Number(git(repo, 'rev-list', '--count', ...history.targets, ...history.openBranches));

    await page.setViewportSize({ width: 1600, height: 1000 });
    await ui.open(server.url);
    await ui.addRepository(repo);
    await expect(page.getByTestId('worktree-row').filter({ hasText: 'wt-1' })).toBeVisible();
    await page.getByTestId('graph-toggle').click();
    await expect(page.getByTestId('graph-page')).toBeVisible();
    await expect(page.getByTestId('graph-status')).toContainText(`${expected.toLocaleString('en-US')} commits`);
    await expect.poll(() => graph(page, 'rowSha', 0)).toBe(git(repo, 'log', '-1', '--date-order', '--format=%H', ...history.targets, ...history.openBranches));

    // Right after the first paint only the first pages are loaded (the view's and two ahead).
    // A jump far past them draws placeholders; when their page arrives, only those
    // rows are repainted in place — pixel for pixel what a full repaint draws.
    const arrivedBefore = await graph(page, 'arrivedFrames');
    await page.evaluate(`(() => {
      const scroller = document.querySelector('[data-testid="graph-scroller"]');
      scroller.scrollTop = scroller.scrollHeight;
    })()`);
    await expect.poll(() => graph(page, 'arrivedFrames')).toBeGreaterThan(arrivedBefore);
    await expect.poll(async () => {
      const v = await graph(page, 'visible');
      for (let row = v.first; row <= v.last; row++) if ((await graph(page, 'rowSha', row)) === null) return false;
      return true;
    }).toBe(true);
    const arrivedPixels = await canvasPixels(page);
    await page.setViewportSize({ width: 1600, height: 1001 });
    await canvasPixels(page);
    await page.setViewportSize({ width: 1600, height: 1000 });
    await expect.poll(() => canvasPixels(page)).toBe(arrivedPixels);

    await page.evaluate(`(() => {
      document.querySelector('[data-testid="graph-scroller"]').scrollTop = 0;
    })()`);
    await expect.poll(() => graph(page, 'visible').then((v) => v.first)).toBe(0);

    // Scroll with the wheel: the view moves and the rows there get loaded and drawn.
    const scroller = page.getByTestId('graph-scroller');
    await scroller.hover();
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 1500);
    await expect.poll(() => graph(page, 'visible').then((v) => v.first)).toBeGreaterThan(200);
    // Wheel scrolling may still be animating: wait until the position holds for ten frames.
    await page.evaluate(`new Promise((resolve) => {
      const scroller = document.querySelector('[data-testid="graph-scroller"]');
      let last = -1;
      let still = 0;
      const check = () => {
        still = scroller.scrollTop === last ? still + 1 : 0;
        last = scroller.scrollTop;
        if (still >= 10) resolve(null);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })`);
    const { first } = await graph(page, 'visible');
    const index = first + 5;

    // Small scrolls shift the canvas and paint only the rows that came into view: pixel for
    // pixel what a full repaint of the same position draws.
    await expect.poll(async () => {
      const v = await graph(page, 'visible');
      for (let row = v.first; row <= v.last; row += 10) if ((await graph(page, 'rowSha', row)) === null) return false;
      return true;
    }).toBe(true);
    const shiftedBefore = await graph(page, 'shiftedFrames');
    await page.evaluate(`new Promise((resolve) => {
      const scroller = document.querySelector('[data-testid="graph-scroller"]');
      let frames = 0;
      const step = () => {
        if (frames++ === 8) return resolve(null);
        scroller.scrollTop += frames % 2 === 0 ? 30 : -6;
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    })`);
    expect(await graph(page, 'shiftedFrames')).toBeGreaterThan(shiftedBefore);
    const pixels = (): Promise<string> => canvasPixels(page);
    const shifted = await pixels();
    // A size change repaints everything; back at the same size and position, the pixels must match.
    await page.setViewportSize({ width: 1600, height: 1001 });
    await pixels();
    await page.setViewportSize({ width: 1600, height: 1000 });
    await expect.poll(pixels).toBe(shifted);
    await expect.poll(() => graph(page, 'rowSha', index)).toMatch(/^[0-9a-f]{40}$/);
    const sha = (await graph(page, 'rowSha', index))!;

    // Click the row: its details appear, matching git.
    const y = await graph(page, 'rowY', index);
    const box = (await scroller.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + y + 12);
    const details = page.getByTestId('commit-details');
    await expect(page.getByTestId('commit-details-sha')).toHaveText(sha);
    await expect(details).toContainText(git(repo, 'log', '-1', '--format=%s', sha));
    // "Merged into" agrees with git's ancestry for both targets.
    for (const target of history.targets) {
      let contained = true;
      try {
        execFileSync('git', ['merge-base', '--is-ancestor', sha, target], { cwd: repo });
      } catch {
        contained = false;
      }
      await expect(page.getByTestId('commit-details-targets').locator('li', { hasText: target })).toContainText(
        contained ? 'contains it' : 'does not contain it',
      );
    }

    // The keyboard moves the selection to the next row.
    await page.keyboard.press('ArrowDown');
    const next = await graph(page, 'rowSha', index + 1);
    await expect(page.getByTestId('commit-details-sha')).toHaveText(next!);

    // A worktree branch tip is labelled; selecting it shows the worktree.
    await page.keyboard.press('Home');
    await page.screenshot({ path: test.info().outputPath('graph-1600.png') });
    await page.setViewportSize({ width: 900, height: 700 });
    await page.screenshot({ path: test.info().outputPath('graph-900.png') });
    const frames = await graph(page, 'drawTimes');
    expect(frames.length).toBeGreaterThan(3);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('checks where a fix is and applies it to two worktrees from the graph', async ({ page, server, ui }) => {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'ao-e2e-fix-')));
  const repo = path.join(root, 'fix-repo');
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  const commit = (cwd: string, file: string, content: string, message: string, hoursAgo = 0): string => {
    writeFileSync(path.join(cwd, file), content);
    git(cwd, 'add', file);
    const date = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
    execFileSync('git', ['commit', '-q', '-m', message], { cwd, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    return git(cwd, 'rev-parse', 'HEAD');
  };
  try {
    git(root, 'init', '-q', '-b', 'main', repo);
    git(repo, 'config', 'user.name', 'E2E Test');
    git(repo, 'config', 'user.email', 'e2e@example.invalid');
    git(repo, 'config', 'commit.gpgsign', 'false');
    commit(repo, 'app.txt', 'v1\n', 'initial commit', 2);
    const wtA = path.join(root, 'wt-a');
    const wtB = path.join(root, 'wt-b');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature-a', wtA);
    git(repo, 'worktree', 'add', '-q', '-b', 'feature-b', wtB);
    commit(wtA, 'a.txt', 'a\n', 'feature a work');
    commit(wtB, 'b.txt', 'b\n', 'feature b work');
    // An hour old: the cherry-picks (dated now) sort above it, so applying moves the fix to
    // another row, always (within one second of it, the order could stay as it was).
    const fix = commit(repo, 'bug.txt', 'fixed\n', 'fix: the crash on start', 1);

    await page.setViewportSize({ width: 1600, height: 1000 });
    await ui.open(server.url);
    await ui.addRepository(repo);
    await expect(page.getByTestId('worktree-row').filter({ hasText: 'wt-b' })).toBeVisible();
    await page.getByTestId('graph-toggle').click();
    await expect(page.getByTestId('graph-status')).toContainText('4 commits');

    // Select the fix's row.
    let index = -1;
    await expect
      .poll(async () => {
        for (let i = 0; i < 4; i++) if ((await graph(page, 'rowSha', i)) === fix) index = i;
        return index;
      })
      .toBeGreaterThanOrEqual(0);
    const box = (await page.getByTestId('graph-scroller').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + (await graph(page, 'rowY', index)) + 12);
    await expect(page.getByTestId('commit-details-sha')).toHaveText(fix);

    // Where is it? On main, in neither worktree.
    await page.getByTestId('fix-check').click();
    const presence = page.getByTestId('fix-presence');
    await expect(presence.locator('li[data-branch="main"]')).toHaveAttribute('data-presence', 'contains');
    await expect(presence.locator('li[data-branch="feature-a"]')).toHaveAttribute('data-presence', 'missing');
    await expect(presence.locator('li[data-branch="feature-b"]')).toHaveAttribute('data-presence', 'missing');

    // From now on the presence list must stay: when the graph is laid out anew after the apply,
    // the details must not flash to whatever commit took the fix's old row (that reset the fix
    // actions and dropped the presence list just re-read; seen in CI under load).
    await page.evaluate(() => {
      const flags = window as unknown as { __presenceRemoved?: boolean };
      flags.__presenceRemoved = false;
      new MutationObserver(() => {
        if (!document.querySelector('[data-testid="fix-presence"]')) flags.__presenceRemoved = true;
      }).observe(document.body, { childList: true, subtree: true });
    });

    // Apply to both (preselected because they miss it).
    await page.getByTestId('fix-apply-open').click();
    await expect(page.getByLabel('Apply to wt-a')).toBeChecked();
    await expect(page.getByLabel('Apply to wt-b')).toBeChecked();
    await page.getByTestId('fix-apply-run').click();
    const outcomes = page.getByTestId('fix-outcomes');
    await expect(outcomes.locator(`li[data-worktree="${wtA}"]`)).toHaveAttribute('data-outcome', 'applied');
    await expect(outcomes.locator(`li[data-worktree="${wtB}"]`)).toHaveAttribute('data-outcome', 'applied');

    // git agrees: each branch got a cherry-pick -x of the fix, with its file.
    for (const worktree of [wtA, wtB]) {
      expect(git(worktree, 'log', '-1', '--format=%B')).toContain(`(cherry picked from commit ${fix})`);
      expect(git(worktree, 'show', 'HEAD:bug.txt')).toBe('fixed');
    }
    // The presence list re-reads ("has an equivalent" now), and the graph shows the two new commits.
    await expect(presence.locator('li[data-branch="feature-a"]')).toHaveAttribute('data-presence', 'equivalent');
    await expect(page.getByTestId('graph-status')).toContainText('6 commits');
    // The graph was laid out anew; the selection followed the fix commit to its new row.
    await expect(page.getByTestId('commit-details-sha')).toHaveText(fix);
    await expect(presence.locator('li[data-branch="feature-b"]')).toHaveAttribute('data-presence', 'equivalent');
    expect(await page.evaluate(() => (window as unknown as { __presenceRemoved?: boolean }).__presenceRemoved)).toBe(false);
    await page.screenshot({ path: test.info().outputPath('graph-apply.png') });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/**
 * Background panes give back their scrollback (issue 14, renderer memory): a pane left in the
 * background keeps the last BACKGROUND_SCROLLBACK_LINES lines, gets the full bound back when
 * focused, and a pane scrolled up is never trimmed. Real engine, real shells, real Chromium;
 * `?scrollbackTrim=1500` shortens the 30 s wait so the test does not sit idle.
 */
import { expect, test } from './fixtures.ts';
import { BACKGROUND_SCROLLBACK_LINES, FULL_SCROLLBACK_LINES } from '../../src/renderer/terminals/scrollback-policy.ts';

interface DebugHook {
  viewport(sessionId: string): { viewportY: number; baseY: number } | null;
  scrollback(sessionId: string): { bound: number; lines: number } | null;
}

test('trims a flooded background pane, gives the bound back on focus, never trims a pane scrolled up, and restores panes trimmed after a reload', async ({ page, server, repo, ui }) => {
  await ui.open(server.url.replace('/#', '/?scrollbackTrim=1500#'));
  await ui.addRepository(repo.main);
  for (let n = 1; n <= 3; n++) {
    await ui.openShell('main-repo');
    await expect(ui.pane(n)).toBeVisible();
  }
  const [first, second, third] = await Promise.all([1, 2, 3].map((n) => ui.sessionIdOf(ui.pane(n))));
  for (const id of [first!, second!, third!]) await ui.waitForPrompt(id);
  const hook = <K extends keyof DebugHook>(method: K, id: string) =>
    page.evaluate(([m, sessionId]) => (window as unknown as { __aoDebug: DebugHook }).__aoDebug[m](sessionId), [method, id] as const) as Promise<
      ReturnType<DebugHook[K]>
    >;
  const flood = (tag: string, count: number) => `seq -f '${tag}-%g' 1 ${count}; echo "${tag}-end-$((6*7))"`;
  const wheelUp = async (n: number) => {
    const box = (await ui.pane(n).locator('.pane__terminal').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -1500);
  };

  // Pane 2: 3,000 lines, then scrolled up while it is still focused.
  await ui.typeInto(ui.pane(2), flood('two', 3_000));
  await expect.poll(() => ui.screenText(second!), { timeout: 30_000 }).toContain('two-end-42');
  await wheelUp(2);
  await expect.poll(async () => (await hook('viewport', second!))!.viewportY).toBeLessThan((await hook('viewport', second!))!.baseY);
  const scrolled = (await hook('viewport', second!))!;

  // Pane 1: 3,000 lines (pane 2 goes to the background, scrolled up), then pane 3 takes focus.
  await ui.typeInto(ui.pane(1), flood('one', 3_000));
  await expect.poll(() => ui.screenText(first!), { timeout: 30_000 }).toContain('one-end-42');
  expect((await hook('scrollback', first!))!.lines).toBeGreaterThan(3_000);
  await page.keyboard.press('Control+3');
  await expect(ui.pane(3)).toHaveClass(/pane--focused/);

  // Pane 1, at the bottom in the background, is trimmed to the newest lines and stays at the bottom.
  await expect.poll(() => hook('scrollback', first!), { timeout: 15_000 }).toMatchObject({ bound: BACKGROUND_SCROLLBACK_LINES });
  const trimmed = (await hook('viewport', first!))!;
  expect(trimmed.baseY).toBe(BACKGROUND_SCROLLBACK_LINES);
  expect(trimmed.viewportY).toBe(trimmed.baseY);
  const text = await ui.screenText(first!);
  expect(text).toContain('one-end-42');
  expect(text).not.toContain('one-1\n');

  // Pane 2 left focus before pane 1 did, so its wait is over too: scrolled up, it keeps all of its
  // history and the user's place in it.
  expect(await hook('scrollback', second!)).toMatchObject({ bound: FULL_SCROLLBACK_LINES });
  expect((await hook('scrollback', second!))!.lines).toBeGreaterThan(3_000);
  expect(await hook('viewport', second!)).toEqual(scrolled);
  expect(await ui.screenText(second!)).toContain('two-1\n');

  // Focused again, pane 1 gets the full bound back and its history grows past the small bound.
  await page.keyboard.press('Control+1');
  await expect.poll(() => hook('scrollback', first!)).toMatchObject({ bound: FULL_SCROLLBACK_LINES });
  await ui.typeInto(ui.pane(1), flood('more', 2_000));
  await expect.poll(() => ui.screenText(first!), { timeout: 30_000 }).toContain('more-end-42');
  expect((await hook('viewport', first!))!.baseY).toBeGreaterThan(BACKGROUND_SCROLLBACK_LINES + 1_900);

  // In the background again and trimmed, the pane still scrolls under the wheel at once (xterm's
  // viewport is re-synced after the trim), and being scrolled up gives it the full bound back.
  await page.keyboard.press('Control+3');
  await expect.poll(() => hook('scrollback', first!), { timeout: 15_000 }).toMatchObject({ bound: BACKGROUND_SCROLLBACK_LINES });
  await wheelUp(1);
  await expect.poll(async () => (await hook('viewport', first!))!.viewportY).toBeLessThan(BACKGROUND_SCROLLBACK_LINES);
  expect((await hook('viewport', first!))!.viewportY).toBeGreaterThan(BACKGROUND_SCROLLBACK_LINES - 200);
  await expect.poll(() => hook('scrollback', first!)).toMatchObject({ bound: FULL_SCROLLBACK_LINES });

  // After a reload, panes come back with the engine's last 1,000 lines; the ones the user has not
  // worked with since start at the background bound (they never grow to 5,000 lines first), the
  // focused one at the full bound.
  await page.reload();
  await expect.poll(() => ui.screenText(second!), { timeout: 30_000 }).toContain('two-end-42');
  await expect.poll(() => hook('scrollback', second!)).toMatchObject({ bound: BACKGROUND_SCROLLBACK_LINES });
  expect((await hook('viewport', second!))!.baseY).toBeLessThanOrEqual(BACKGROUND_SCROLLBACK_LINES);
  await expect.poll(() => hook('scrollback', third!)).toMatchObject({ bound: FULL_SCROLLBACK_LINES });
});

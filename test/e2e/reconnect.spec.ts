/**
 * Reconnecting after the engine restarts: the banner appears, and once the engine is back the
 * app re-subscribes and re-attaches every pane, which shows the screen the engine restored.
 */
import { expect, test } from './fixtures.ts';

test('shows a reconnecting banner while the engine is down and restores panes when it is back', async ({
  page,
  restartableServer: server,
  repo,
  ui,
}) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  await ui.openShell('feature-wt');
  const sessionId = await ui.sessionIdOf(ui.pane(1));
  await ui.waitForPrompt(sessionId);
  await ui.typeInto(ui.pane(1), 'echo "before-restart-$((3*3))"');
  await expect.poll(() => ui.screenText(sessionId)).toContain('before-restart-9');

  await server.stop();
  await expect(page.getByTestId('reconnecting-banner')).toBeVisible();
  await expect(page.getByTestId('reconnecting-banner')).toContainText('Lost the connection to the engine');
  // The pane keeps what it showed while the engine is away.
  expect(await ui.screenText(sessionId)).toContain('before-restart-9');
  // Down for a while: the banner also says what to do if the address changed.
  await expect(page.getByTestId('address-hint')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('address-hint')).toContainText('agent-orchestrator serve --open');
  await page.screenshot({ path: test.info().outputPath('reconnecting.png') });

  // The real `serve` again, on the same data folder: same port, same token, so this tab's URL
  // works without the user doing anything (the fixture checks the printed URL is unchanged).
  await server.start();
  await expect(page.getByTestId('reconnecting-banner')).toBeHidden({ timeout: 20_000 });
  await expect(page.locator('.status-dot--connected')).toBeVisible();
  // A restarted engine ends the old shell (its status says so) but restores its last screen,
  // which arrives as the re-attach snapshot.
  await expect(ui.pane(1)).toBeVisible();
  expect(await ui.sessionIdOf(ui.pane(1))).toBe(sessionId);
  await expect(ui.pane(1).getByTestId('pane-status')).toContainText('exited');
  await expect.poll(() => ui.screenText(sessionId)).toContain('before-restart-9');

  // The sidebar was re-read too: a new shell works over the new connection.
  await ui.openShell('main-repo');
  const second = await ui.sessionIdOf(ui.pane(2));
  await ui.waitForPrompt(second);
  await ui.typeInto(ui.pane(2), 'echo "after-restart-$((4*4))"');
  await expect.poll(() => ui.screenText(second)).toContain('after-restart-16');
});

/**
 * What bench/echo-browser relies on and what it led to:
 * - the debug hook's echo probe resolves when the echo is parsed onto the cursor's line (not
 *   before the key is typed), and the per-session output count grows with what the shell prints;
 * - where WebGL is drawn in software (headless Chromium: SwiftShader), only the focused pane gets
 *   WebGL by default (software-gl.ts).
 */
import { isSoftwareRenderer } from '../../src/renderer/terminals/software-gl.ts';
import { expect, test } from './fixtures.ts';

test("the echo probe resolves once the typed text is on the cursor's line, and output is counted", async ({ page, server, ui, repo }) => {
  await ui.open(server.url);
  await ui.addRepository(repo.main);
  const { pane, session } = await ui.openShellAtPrompt('main-repo');
  await pane.locator('.pane__terminal').click();
  const before = (await page.evaluate('window.__aoDebug.outputBytes()')) as Record<string, number>;
  // Registered before typing; it must still be pending (nothing on the line ends with "qzx" yet).
  await page.evaluate(`(() => {
    window.__probeState = 'pending';
    window.__probe = window.__aoDebug.whenCursorLineEndsWith(${JSON.stringify(session)}, 'qzx', 10000);
    window.__probe.then((at) => { window.__probeState = at; });
  })()`);
  await page.waitForTimeout(300);
  expect(await page.evaluate('window.__probeState')).toBe('pending');
  const typedAt = (await page.evaluate('performance.now()')) as number;
  await page.keyboard.type('qzx');
  const at = (await page.evaluate('window.__probe')) as number | null;
  expect(at).not.toBeNull();
  expect(at!).toBeGreaterThan(typedAt);
  const after = (await page.evaluate('window.__aoDebug.outputBytes()')) as Record<string, number>;
  expect((after[session] ?? 0) - (before[session] ?? 0)).toBeGreaterThanOrEqual(3);
  // A probe that nothing satisfies gives null at its timeout.
  expect(await page.evaluate(`window.__aoDebug.whenCursorLineEndsWith(${JSON.stringify(session)}, 'never-typed', 200)`)).toBeNull();
});

test('where WebGL is drawn in software, only the focused pane gets it by default; ?webgl=every-pane gives it to all', async ({ page, server, ui, repo }) => {
  const softwareGl = async (): Promise<string | null> =>
    page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return null;
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    });
  const renderer = (id: string): Promise<string> =>
    page.evaluate((sessionId) => (window as unknown as { __aoDebug: { renderer(id: string): string } }).__aoDebug.renderer(sessionId), id);

  await ui.open(server.url);
  const name = await softwareGl();
  test.skip(name === null || !isSoftwareRenderer(name), `WebGL here is not drawn in software (${name ?? 'no WebGL'})`);
  await ui.addRepository(repo.main);
  const first = await ui.openShellAtPrompt('main-repo');
  const second = await ui.openShellAtPrompt('feature-wt');
  await first.pane.locator('.pane__terminal').click();
  await expect.poll(() => renderer(first.session)).toBe('webgl');
  await expect.poll(() => renderer(second.session)).toBe('dom');
  // Focus moves WebGL along.
  await second.pane.locator('.pane__terminal').click();
  await expect.poll(() => renderer(second.session)).toBe('webgl');
  await expect.poll(() => renderer(first.session)).toBe('dom');

  // Forced: every visible pane, as with a GPU.
  await page.goto(server.url.replace('/#', '/?webgl=every-pane#'));
  await expect.poll(() => renderer(first.session)).toBe('webgl');
  await expect.poll(() => renderer(second.session)).toBe('webgl');
});

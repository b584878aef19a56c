/**
 * Poll a page expression until it is truthy, for the browser benchmarks. (page.waitForFunction
 * evaluates strings with eval, which the app's Content-Security-Policy refuses; page.evaluate
 * goes through CDP.)
 */
import type { Page } from 'playwright-core';

export async function waitForExpression(page: Page, expression: string, timeoutMs: number, intervalMs = 100): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

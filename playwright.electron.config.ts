/**
 * Playwright config for the desktop app itself (`_electron`), separate from the Chromium e2e suite.
 *
 * Runs wherever an Electron binary is installed; elsewhere every test is reported as skipped with
 * the reason (`test/electron/electron-availability.ts`), printed once by the global setup.
 * Serial: each test launches the whole app with its own engine, and these machines have 2 cores.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/electron/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results/electron',
  reporter: [['list'], ['json', { outputFile: '.test-reports/electron.json' }]],
});

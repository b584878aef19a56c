import { defineConfig } from 'vitest/config';

// Playwright's *.spec.ts files live in test/e2e and test/electron; vitest must not pick them up.
export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.{ts,tsx}',
      'test/integration/**/*.test.ts',
      // Reliability (crash, concurrency, floods) and security (hostile inputs, trust) suites.
      'test/reliability/**/*.test.ts',
      'test/security/**/*.test.ts',
    ],
    environment: 'node',
    setupFiles: ['test/setup-git-env.ts'],
    // Prints the reliability/security summary table at the end of a run that included them.
    globalSetup: ['test/reliability/summary-global.ts'],
    // expect.poll gives up after 1 s by default: a wait on an engine, a git process or a PTY can
    // take longer than that on a loaded 2-core machine without anything being wrong.
    expect: { poll: { timeout: 15_000 } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // PTYs and git processes are real: keep parallelism modest on 2-core machines.
    maxWorkers: 2,
  },
});

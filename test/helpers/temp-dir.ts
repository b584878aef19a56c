/**
 * Temporary directories for tests that clean up after themselves.
 *
 * Every git and terminal test works on real folders; they must not pile up in /tmp, and a failing
 * test must not leave the next run a half-built fixture. Set `AO_KEEP_TEMP=1` to keep them for
 * inspection.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

const KEEP = process.env.AO_KEEP_TEMP === '1';

/** Folders created outside a running test (in `beforeAll` etc.), removed when the worker exits. */
const leftovers = new Set<string>();
process.on('exit', () => {
  for (const dir of leftovers) removeTempDir(dir);
});

/**
 * Create a fresh empty directory under the OS temp folder and return its real path.
 *
 * The path is real (on macOS `/var` is a symlink to `/private/var`) so it compares equal to what
 * git and the engine report. Called inside a test, it is removed when the test finishes; called from
 * a hook or at module level, when the worker process exits (or call {@link removeTempDir}).
 */
export function makeTempDir(prefix = 'ao-test-'): string {
  const dir = mkdtempSync(path.join(realpathSync(os.tmpdir()), prefix));
  try {
    onTestFinished(() => removeTempDir(dir));
  } catch {
    // Not inside a test body: vitest refuses the hook, so fall back to process exit.
    leftovers.add(dir);
  }
  return dir;
}

/** Remove a temporary directory now (no-op with `AO_KEEP_TEMP=1`). */
export function removeTempDir(dir: string): void {
  leftovers.delete(dir);
  if (KEEP) return;
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

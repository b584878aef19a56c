/**
 * Time limit, cancellation and the concurrency cap of every git call (core.ts).
 *
 * A git that never finishes is a real git running an alias that waits: `exec sleep` replaces the
 * alias shell, so killing git's child tree is what the test observes.
 */
import { describe, expect, it } from 'vitest';
import { git, GitSpawnError, gitLoad, MAX_CONCURRENT_GIT, runGit } from '../../../src/main/engine/git/core.ts';
import { makeRepo } from '../../helpers/git-repo.ts';

const SLOW = ['-c', 'alias.wait=!exec sleep 20', 'wait'];

describe('git call limits', () => {
  it('stops a git that runs past its time limit with GIT_TIMEOUT', async () => {
    const repo = makeRepo();
    const started = Date.now();
    const result = await runGit(SLOW, { cwd: repo, timeoutMs: 300 });
    expect(result).toEqual({ ok: false, error: { kind: 'GIT_TIMEOUT', args: SLOW, timeoutMs: 300 } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('cancels a running git through its AbortSignal', async () => {
    const repo = makeRepo();
    const controller = new AbortController();
    const running = git(SLOW, { cwd: repo, signal: controller.signal, label: 'slow' });
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(GitSpawnError);
    await expect(running).rejects.toMatchObject({ error: { kind: 'CANCELLED', operation: 'git slow' } });
  });

  it('never runs more than the limit at once; queued calls wait, cancelled ones leave the queue', async () => {
    const repo = makeRepo();
    const controller = new AbortController();
    const blockers = Array.from({ length: MAX_CONCURRENT_GIT }, () => runGit(SLOW, { cwd: repo, signal: controller.signal }));
    // The blockers hold every slot synchronously; the next call must queue.
    expect(gitLoad().running).toBe(MAX_CONCURRENT_GIT);
    const queuedController = new AbortController();
    const queued = runGit(['rev-parse', 'HEAD'], { cwd: repo, signal: queuedController.signal });
    const waiting = runGit(['rev-parse', 'HEAD'], { cwd: repo });
    expect(gitLoad()).toEqual({ running: MAX_CONCURRENT_GIT, waiting: 2 });
    queuedController.abort();
    expect(await queued).toEqual({ ok: false, error: { kind: 'CANCELLED', operation: 'git rev-parse' } });
    expect(gitLoad().waiting).toBe(1);
    controller.abort();
    const finished = await Promise.all(blockers);
    expect(finished.every((result) => !result.ok && result.error.kind === 'CANCELLED')).toBe(true);
    const after = await waiting;
    expect(after.ok && after.value.stdout.trim()).toMatch(/^[0-9a-f]{40}$/);
    expect(gitLoad()).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses at once when the signal is already aborted', async () => {
    const repo = makeRepo();
    const result = await runGit(['status'], { cwd: repo, signal: AbortSignal.abort() });
    expect(result).toEqual({ ok: false, error: { kind: 'CANCELLED', operation: 'git status' } });
  });
});

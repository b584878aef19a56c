/**
 * "Create PR": push with progress, open the PR against the worktree's target, and the errors a
 * user can run into (no branch, no GitHub remote, a refused token, a rate limit).
 */
import { describe, expect, it } from 'vitest';
import type { CiWorktree } from '../../../src/shared/protocol/ci.ts';
import { addWorktree, git, makeCommit } from '../../helpers/git-repo.ts';
import { makeCiWorld, remoteSha, startCiEngine, waitForCi } from './ci-world.ts';
import path from 'node:path';

/** Real agents, git pushes and poll cycles: minutes on a loaded machine, seconds on a quiet one. */
const LOOP_TEST_MS = 90_000;

describe('create PR', () => {
  it('pushes a new branch with progress and opens its PR against the recorded target', async () => {
    const world = await makeCiWorld();
    git(world.repo, 'branch', 'release', 'main');
    const fresh = addWorktree(world.repo, path.join(world.root, 'wt-two'), 'feat/two');
    git(world.repo, 'config', 'branch.feat/two.agentOrchestratorTarget', 'release');
    makeCommit(fresh, { files: { 'two.ts': 'export const two = 2;\n' }, message: 'Add two' });
    const running = await startCiEngine(world);
    const before = await running.engine.ci.status({ refresh: true });
    expect(before.ok && before.value.worktrees.find((w) => w.worktree === fresh)).toMatchObject({ upstream: null, watched: false, pr: null, target: 'release' });

    const seen: (CiWorktree['push'] | undefined)[] = [];
    const stop = running.engine.ci.onDidChange((status) => seen.push(status.worktrees.find((w) => w.worktree === fresh)?.push));
    const created = await running.engine.ci.createPr({ worktree: fresh });
    stop();
    expect(created).toMatchObject({ ok: true, value: { state: 'open', base: 'release', title: 'Add two', headSha: remoteSha(world, 'feat/two') } });
    expect(seen.map((push) => push?.phase)).toEqual(expect.arrayContaining(['pushing', 'creating-pr', 'done']));
    const post = world.gh!.requests.find((r) => r.method === 'POST');
    expect(post?.body).toMatchObject({ head: 'feat/two', base: 'release', title: 'Add two', draft: false });
    expect(git(fresh, 'rev-parse', '--abbrev-ref', '@{u}')).toBe('origin/feat/two');
    const watched = await waitForCi(running, fresh, (w) => w.pr !== null && w.watched);
    expect(watched.pr?.number).toBe((created.ok && created.value.number) || -1);

    // Asking again opens no second PR.
    const again = await running.engine.ci.createPr({ worktree: fresh });
    expect(again.ok && again.value.number).toBe(created.ok && created.value.number);
    expect(world.gh!.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  }, LOOP_TEST_MS);

  it('refuses a detached worktree and a repository without a GitHub remote, changing nothing', async () => {
    const world = await makeCiWorld({ remote: false });
    const detached = addWorktree(world.repo, path.join(world.root, 'wt-detached'), null);
    const running = await startCiEngine(world);
    expect(await running.engine.ci.createPr({ worktree: detached })).toEqual({ ok: false, error: { kind: 'DETACHED_HEAD', path: detached } });
    expect(await running.engine.ci.createPr({ worktree: world.worktree })).toEqual({ ok: false, error: { kind: 'NO_GITHUB_REMOTE', path: world.repo, remote: null } });
    expect(git(world.worktree, 'for-each-ref', 'refs/remotes')).toBe('');
  }, LOOP_TEST_MS);

  it('reports a refused token as a clear problem, and a rate limit as a wait', async () => {
    const world = await makeCiWorld({ token: 'ghp_wrongwrongwrongwrongwrongwrongwrong1' });
    const running = await startCiEngine(world);
    const status = await running.engine.ci.status({ refresh: true });
    expect(status.ok && status.value.github.problem).toMatchObject({ kind: 'GITHUB_UNAUTHORIZED', message: expect.stringContaining('Bad credentials') });
    expect(JSON.stringify(status)).not.toContain('ghp_wrong');

    const limited = await makeCiWorld();
    limited.gh!.setRateLimit({ remaining: 0, resetInSeconds: 3600 });
    const other = await startCiEngine(limited);
    const seen = await waitForCi(other, limited.worktree, (_w, s) => s.github.limitedUntil !== null);
    expect(seen.checks.state).toBe('none');
    const after = other.engine.ci.current();
    expect(Date.parse(after.github.limitedUntil!)).toBeGreaterThan(Date.now() + 3_000_000);
    // The loop now waits for the reset instead of polling every 150 ms. (The limited poll may
    // already have ended when the state was seen: then there is no further poll to wait for.)
    if (other.engine.ci.current().intervalMs <= 3_000_000) await new Promise<void>((resolve) => {
      const stop = other.engine.ci.onDidPoll(() => {
        stop();
        resolve();
      });
    }).catch(() => undefined);
    expect(other.engine.ci.current().intervalMs).toBeGreaterThan(3_000_000);
    const calls = limited.gh!.requests.length;
    expect(calls).toBeLessThanOrEqual(2);
  }, LOOP_TEST_MS);
});

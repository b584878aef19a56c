/**
 * A GitHub token entered in the app (`ci.setToken`, through the engine's router as every client
 * calls it): used before the environment and `gh`, held in memory, never shown back; a malformed
 * one is refused and changes nothing; forgetting it brings "no token" back.
 */
import { createRouterClient } from '@orpc/server';
import { describe, expect, it } from 'vitest';
import type { EngineClient } from '../../../src/shared/protocol/index.ts';
import { makeCiWorld, startCiEngine, waitForCi } from './ci-world.ts';

describe('a GitHub token entered in the app', () => {
  it('is used for the API at once, says where it came from, never appears in a reply, and can be forgotten', async () => {
    // No token anywhere: GITHUB_TOKEN and GH_TOKEN empty, and no `gh` on this machine's PATH.
    const world = await makeCiWorld({ token: '' });
    const running = await startCiEngine(world);
    const client = createRouterClient(running.engine.router) as unknown as EngineClient;
    await waitForCi(running, world.worktree, (_w, status) => status.github.problem?.kind === 'GITHUB_NO_TOKEN');
    const requestsBefore = world.gh!.requests.length;

    // Malformed input: refused before it reaches the engine, and nothing changes.
    for (const token of ['ghp_has a space in it', 'ghp_line\nX-Injected: 1', 'short']) {
      await expect(client.ci.setToken({ token })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(running.engine.ci.current().github).toMatchObject({ hasToken: false, tokenFrom: null, problem: { kind: 'GITHUB_NO_TOKEN' } });
    expect(world.gh!.requests.length).toBe(requestsBefore);

    // The user's token: the standing "no token" goes at once, and the next poll uses it.
    const set = await client.ci.setToken({ token: `  ${world.gh!.token}\n` });
    expect(set.ok && set.value.github.problem).toBeNull();
    expect(set.ok && set.value.github).toMatchObject({ tokenFrom: 'app', hasToken: true });
    const usedIt = (): boolean => world.gh!.requests.slice(requestsBefore).some((request) => request.headers.authorization !== undefined);
    const found = await waitForCi(running, world.worktree, (_w, status) => usedIt() && status.github.problem === null);
    expect(found.branch).toBe('feat/one');
    const authorized = world.gh!.requests.slice(requestsBefore).filter((request) => request.headers.authorization !== undefined);
    expect(authorized.length).toBeGreaterThan(0);
    for (const request of authorized) expect(request.headers.authorization).toBe(`Bearer ${world.gh!.token}`);
    const status = await client.ci.status({});
    expect(JSON.stringify(status)).not.toContain(world.gh!.token);

    // Forgotten: back to no token on the next poll.
    const cleared = await client.ci.setToken({ token: null });
    expect(cleared.ok && cleared.value.github).toMatchObject({ hasToken: false, tokenFrom: null });
    await waitForCi(running, world.worktree, (_w, s) => s.github.problem?.kind === 'GITHUB_NO_TOKEN');
  }, 90_000);

  it('comes before a refused environment token', async () => {
    const world = await makeCiWorld({ token: 'ghp_revokedrevokedrevokedrevoked0000' });
    const running = await startCiEngine(world);
    const client = createRouterClient(running.engine.router) as unknown as EngineClient;
    await waitForCi(running, world.worktree, (_w, status) => status.github.problem?.kind === 'GITHUB_UNAUTHORIZED');
    const before = world.gh!.requests.length;
    await client.ci.setToken({ token: world.gh!.token });
    const answered = (): boolean => world.gh!.requests.slice(before).some((request) => request.status === 200 && request.headers.authorization === `Bearer ${world.gh!.token}`);
    await waitForCi(running, world.worktree, (_w, status) => answered() && status.github.tokenFrom === 'app' && status.github.problem === null);
    // (A poll already in flight when the token was set may still carry the old one; after a success, none does.)
    expect(world.gh!.requests.at(-1)!.headers.authorization).toBe(`Bearer ${world.gh!.token}`);
  }, 90_000);
});

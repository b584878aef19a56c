/**
 * The GitHub client against the fake GitHub server: auth, ETags, rate limits, log redirects, and
 * where the token comes from.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitHubClient } from '../../../src/main/engine/ci/github/github-client.ts';
import { makeTempDir } from '../../helpers/git-repo.ts';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/fake-github.ts';

const ref = { owner: 'acme', repo: 'widgets' };
const SHA = 'a'.repeat(40);
let gh: FakeGitHub | null = null;

afterEach(async () => {
  await gh?.close();
  gh = null;
});

async function setup(env: NodeJS.ProcessEnv = {}, now?: () => number) {
  gh = await startFakeGitHub();
  const repo = gh.repo('acme', 'widgets');
  const client = new GitHubClient({ apiBase: gh.apiUrl, env: { PATH: '', GITHUB_TOKEN: gh.token, ...env }, ...(now ? { now } : {}) });
  return { gh, repo, client };
}

describe('GitHub client', () => {
  it('finds the PR of a branch with the head filter, preferring an open one', async () => {
    const { gh, repo, client } = await setup();
    repo.addPull({ head: 'feat/x', base: 'main', state: 'closed', headSha: SHA });
    const open = repo.addPull({ head: 'feat/x', base: 'release', draft: true, headSha: SHA });
    repo.addPull({ head: 'other', base: 'main', headSha: SHA });
    const found = await client.findPullRequest(ref, 'feat/x');
    expect(found).toEqual({
      ok: true,
      value: {
        notModified: false,
        value: { number: open.number, url: `https://github.com/acme/widgets/pull/${open.number}`, state: 'draft', base: 'release', title: 'feat/x', headSha: SHA },
      },
    });
    const request = gh.requests.at(-1)!;
    expect(request.path).toContain('head=acme%3Afeat%2Fx');
    expect(request.path).toContain('state=all');
    expect(request.headers.authorization).toBe(`Bearer ${gh.token}`);
  });

  it('asks again with If-None-Match and gets the same data from a free 304', async () => {
    const { gh, repo, client } = await setup();
    repo.setCheck(SHA, 'test', { status: 'in_progress' });
    const first = await client.checkRuns(ref, SHA);
    const remaining = client.state().rateLimit?.remaining;
    const second = await client.checkRuns(ref, SHA);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second.value).toEqual({ value: first.value.value, notModified: true });
    const last = gh.requests.at(-1)!;
    expect(last.status).toBe(304);
    expect(last.headers['if-none-match']).toMatch(/^W\/"/);
    expect(client.state().rateLimit?.remaining).toBe(remaining);
    // A change is seen at once.
    repo.setCheck(SHA, 'test', { status: 'completed', conclusion: 'failure' });
    const third = await client.checkRuns(ref, SHA);
    expect(third.ok && third.value.notModified).toBe(false);
    expect(third.ok && third.value.value[0]?.conclusion).toBe('failure');
  });

  it('gives a clear error for a bad token (401), and names no token in it', async () => {
    const { client } = await setup({ GITHUB_TOKEN: 'ghp_notTheRightTokenAtAll000000000000' });
    const result = await client.findPullRequest(ref, 'feat/x');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'GITHUB_UNAUTHORIZED', message: expect.stringContaining('Bad credentials') });
    expect(JSON.stringify(result.error)).not.toContain('notTheRightToken');
    expect(client.state().problem?.kind).toBe('GITHUB_UNAUTHORIZED');
  });

  it('backs off on a 403 rate limit: no call until the reset, then it works again', async () => {
    let now = Date.now();
    const { gh, client } = await setup({}, () => now);
    gh.setRateLimit({ remaining: 0, resetInSeconds: 120 });
    const limited = await client.findPullRequest(ref, 'feat/x');
    expect(limited.ok ? null : limited.error.kind).toBe('GITHUB_RATE_LIMITED');
    const until = client.state().limitedUntilMs!;
    expect(until).toBeGreaterThan(now + 100_000);
    const calls = gh.requests.length;
    const again = await client.checkRuns(ref, SHA);
    expect(again.ok ? null : again.error).toEqual({ kind: 'GITHUB_RATE_LIMITED', resetAt: new Date(until).toISOString() });
    expect(gh.requests.length).toBe(calls); // not even asked
    gh.setRateLimit(null);
    now = until + 1;
    expect((await client.checkRuns(ref, SHA)).ok).toBe(true);
  });

  it('waits out a 429 secondary limit for its retry-after', async () => {
    const now = 1_000_000;
    const { gh, client } = await setup({}, () => now);
    gh.setRateLimit({ remaining: 100, secondary: { retryAfterSeconds: 30 } });
    const result = await client.combinedStatus(ref, SHA);
    expect(result.ok ? null : result.error.kind).toBe('GITHUB_RATE_LIMITED');
    expect(client.state().limitedUntilMs).toBe(now + 30_000);
  });

  it('follows the job-log redirect to the blob host without the token, and keeps only the tail', async () => {
    const { gh, repo, client } = await setup();
    const log = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    const id = repo.setCheck(SHA, 'test', { status: 'completed', conclusion: 'failure', log, failedStep: 'Run npm test' });
    const tail = await client.jobLogTail(ref, id, 1024);
    expect(tail.ok).toBe(true);
    if (!tail.ok) return;
    expect(tail.value.length).toBeLessThanOrEqual(1024);
    expect(tail.value.endsWith('line 4999')).toBe(true);
    expect(gh.requests.at(-1)).toMatchObject({ status: 302 });
    expect(gh.requests.at(-1)!.headers.authorization).toBe(`Bearer ${gh.token}`);
    expect(gh.blobRequests).toHaveLength(1);
    expect(gh.blobRequests[0]!.headers.authorization).toBeUndefined();
    expect(JSON.stringify(gh.blobRequests[0]!.headers)).not.toContain(gh.token);
    expect(await client.failingStep(ref, id)).toEqual({ ok: true, value: 'Run npm test' });
  });

  it('takes the token from `gh auth token` for the API host, and says so when there is none', async () => {
    const bin = makeTempDir('ao-gh-bin-');
    const args = path.join(bin, 'args.txt');
    gh = await startFakeGitHub();
    gh.repo('acme', 'widgets');
    mkdirSync(bin, { recursive: true });
    const fakeGh = path.join(bin, 'gh');
    writeFileSync(fakeGh, `#!/bin/sh\necho "$@" > "${args}"\necho "${gh.token}"\n`);
    chmodSync(fakeGh, 0o755);
    const viaGh = new GitHubClient({ apiBase: gh.apiUrl, env: { PATH: bin } });
    expect((await viaGh.findPullRequest(ref, 'x')).ok).toBe(true);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(args, 'utf8').trim()).toBe(`auth token --hostname ${new URL(gh.apiUrl).host}`);

    // No env token and no gh on PATH: a clear error, nothing sent.
    const before = gh.requests.length;
    const none = new GitHubClient({ apiBase: gh.apiUrl, env: { PATH: makeTempDir('ao-empty-') } });
    expect(await none.findPullRequest(ref, 'x')).toEqual({ ok: false, error: { kind: 'GITHUB_NO_TOKEN', apiBase: gh.apiUrl } });
    expect(gh.requests.length).toBe(before);
  });

  it('opens a PR with an explicit base', async () => {
    const { gh, client } = await setup();
    const created = await client.createPullRequest(ref, { branch: 'feat/x', base: 'release', title: 'Add x', body: 'why', draft: false });
    expect(created).toMatchObject({ ok: true, value: { state: 'open', base: 'release', title: 'Add x' } });
    expect(gh.requests.at(-1)!.body).toEqual({ head: 'feat/x', base: 'release', title: 'Add x', body: 'why', draft: false });
  });
});

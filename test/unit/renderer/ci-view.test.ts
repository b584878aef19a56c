import { describe, expect, it } from 'vitest';
import type { CiStatus, CiWorktree } from '../../../src/shared/protocol/ci.ts';
import { ciBadge, createPrBlocker, prLabel } from '../../../src/renderer/ci/ci-view.ts';
import { createAppStore } from '../../../src/renderer/store/app-store.ts';

function worktree(patch: Partial<CiWorktree> = {}): CiWorktree {
  return {
    repoId: 'r',
    worktree: '/w',
    branch: 'feat/x',
    head: 'h',
    target: 'main',
    upstream: 'origin/feat/x',
    github: 'acme/widgets',
    watched: true,
    pr: null,
    checks: { state: 'none', sha: null, failing: [], runs: [], updatedAt: null },
    local: { state: 'none', commands: [], failed: null, exitCode: null, head: null, finishedAt: null },
    triage: { enabled: false, phase: 'off', attempts: 0, maxAttempts: 2, waitingFor: null, lastSentAt: null },
    lastFailure: null,
    push: null,
    ...patch,
  };
}
const failing = { state: 'failure' as const, sha: 's', failing: [{ name: 'test', url: null }], runs: [], updatedAt: null };

describe('CI badge', () => {
  it('says pending, passing, failing, triaging N/2 and escalated', () => {
    expect(ciBadge(worktree())).toBeNull();
    expect(ciBadge(worktree({ checks: { ...failing, state: 'pending', failing: [] } }))?.label).toBe('pending');
    expect(ciBadge(worktree({ checks: { ...failing, state: 'success', failing: [] } }))?.label).toBe('passing');
    expect(ciBadge(worktree({ checks: failing }))).toMatchObject({ tone: 'failing', label: 'failing', title: 'Failing: test' });
    const triage = { enabled: true, phase: 'sent' as const, attempts: 1, maxAttempts: 2, waitingFor: null, lastSentAt: null };
    expect(ciBadge(worktree({ checks: failing, triage }))).toMatchObject({ tone: 'triaging', label: 'triaging 1/2' });
    expect(ciBadge(worktree({ checks: failing, triage: { ...triage, phase: 'escalated', attempts: 2 } }))).toMatchObject({ tone: 'escalated', label: 'escalated' });
    expect(ciBadge(worktree({ checks: failing, triage: { ...triage, phase: 'waiting', waitingFor: 'user-typing' } }))?.title).toContain('you are typing in its pane');
    expect(ciBadge(worktree({ local: { state: 'failure', commands: ['npm test'], failed: 'npm test', exitCode: 1, head: 'h', finishedAt: null } }))?.title).toBe('Failing: npm test');
    expect(ciBadge(worktree({ local: { state: 'running', commands: ['npm test'], failed: null, exitCode: null, head: 'h', finishedAt: null } }))?.label).toBe('pending');
  });

  it('names the PR and says why a PR cannot be created', () => {
    expect(prLabel(worktree({ pr: { number: 7, url: 'u', state: 'merged', base: 'main', title: 't', headSha: null } }))).toBe('#7 merged');
    expect(createPrBlocker(worktree())).toBeNull();
    expect(createPrBlocker(worktree({ branch: null }))).toContain('detached');
    expect(createPrBlocker(worktree({ github: null }))).toContain('git remote add origin');
    expect(createPrBlocker(worktree({ target: null }))).toContain('no target');
  });
});

describe('CI slice', () => {
  it('takes one worktree from an engine answer at once, and ignores a worktree it does not know', () => {
    const store = createAppStore();
    const github = { apiBase: 'http://x', hasToken: true, tokenFrom: 'GITHUB_TOKEN' as const, rateLimit: null, limitedUntil: null, problem: null };
    const status: CiStatus = { worktrees: [worktree(), worktree({ worktree: '/v' })], github, polling: true, intervalMs: 30_000, lastPollAt: null };
    store.getState().setCi(status);
    const enabled = worktree({ triage: { enabled: true, phase: 'watching', attempts: 0, maxAttempts: 2, waitingFor: null, lastSentAt: null } });
    store.getState().setCiWorktree(enabled);
    expect(store.getState().ciByWorktree.get('/w')?.triage.enabled).toBe(true);
    expect(store.getState().ci?.worktrees.map((w) => [w.worktree, w.triage.enabled])).toEqual([['/w', true], ['/v', false]]);
    const before = store.getState().ci;
    store.getState().setCiWorktree(worktree({ worktree: '/gone' }));
    expect(store.getState().ci).toBe(before);
    expect(store.getState().ciByWorktree.has('/gone')).toBe(false);
  });
});

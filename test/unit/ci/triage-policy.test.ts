import { describe, expect, it } from 'vitest';
import { buildChecks, runFromCheck, runFromStatus } from '../../../src/main/engine/ci/checks-summary.ts';
import { checkKey, failureSignature } from '../../../src/main/engine/ci/failure-signature.ts';
import { decideTriage, EMPTY_TRIAGE, recordEscalated, recordPassed, recordSent, type FailureKeyed } from '../../../src/main/engine/ci/triage-policy.ts';
import { buildTriagePrompt } from '../../../src/main/engine/ci/triage-prompt.ts';

const policy = { maxAttempts: 2, escalateAfterMs: 60_000 };
const failure = (sha: string, names = ['test']): FailureKeyed => ({
  signature: failureSignature({ source: 'ci', sha, failing: names.map((n) => `${n}#1`) }),
  checks: names.map((n) => checkKey('ci', n)),
});

describe('triage policy', () => {
  it('sends a new failure, never the same one twice', () => {
    const first = failure('a1');
    expect(decideTriage(EMPTY_TRIAGE, first, policy, 0)).toEqual({ action: 'send', attempt: 1 });
    const after = recordSent(EMPTY_TRIAGE, first, 0);
    expect(decideTriage(after, first, policy, 10)).toEqual({ action: 'duplicate' });
  });

  it('counts attempts per check across commits and escalates after the limit', () => {
    let state = recordSent(EMPTY_TRIAGE, failure('a1'), 0);
    expect(decideTriage(state, failure('a2'), policy, 1)).toEqual({ action: 'send', attempt: 2 });
    state = recordSent(state, failure('a2'), 1);
    expect(decideTriage(state, failure('a3'), policy, 2)).toEqual({ action: 'escalate', check: 'ci:test', reason: 'attempts', attempts: 2 });
    state = recordEscalated(state, failure('a3'), 2);
    expect(decideTriage(state, failure('a4'), policy, 3)).toEqual({ action: 'silent' });
    // Only a pass ends it.
    state = recordPassed(state, ['ci:test']);
    expect(decideTriage(state, failure('a5'), policy, 4)).toEqual({ action: 'send', attempt: 1 });
  });

  it('escalates when a check has been failing too long, whatever the count', () => {
    const state = recordSent(EMPTY_TRIAGE, failure('a1'), 0);
    expect(decideTriage(state, failure('a2'), policy, 60_000)).toMatchObject({ action: 'escalate', reason: 'time' });
  });

  it('a different check starts its own count', () => {
    const state = recordSent(recordSent(EMPTY_TRIAGE, failure('a1'), 0), failure('a2'), 1);
    expect(decideTriage(state, failure('a3', ['lint']), policy, 2)).toEqual({ action: 'send', attempt: 1 });
  });

  it('signatures differ by commit, failing set and run id; not by order', () => {
    const a = failureSignature({ source: 'ci', sha: 's', failing: ['test#1', 'lint#2'] });
    expect(failureSignature({ source: 'ci', sha: 's', failing: ['lint#2', 'test#1'] })).toBe(a);
    expect(failureSignature({ source: 'ci', sha: 's', failing: ['test#3', 'lint#2'] })).not.toBe(a);
    expect(failureSignature({ source: 'ci', sha: 't', failing: ['test#1', 'lint#2'] })).not.toBe(a);
    expect(failureSignature({ source: 'local', sha: 's', failing: ['test#1', 'lint#2'] })).not.toBe(a);
  });
});

describe('checks summary', () => {
  it('folds check runs and statuses into one state with the failing list', () => {
    const runs = [
      runFromCheck({ id: 1, name: 'test', status: 'completed', conclusion: 'failure', url: 'u1', app: 'github-actions' }),
      runFromCheck({ id: 2, name: 'lint', status: 'in_progress', conclusion: null, url: 'u2', app: 'github-actions' }),
      runFromCheck({ id: 3, name: 'docs', status: 'completed', conclusion: 'skipped', url: null, app: 'other' }),
      runFromStatus({ context: 'ci/jenkins', state: 'error', url: 'u4' }),
    ];
    const checks = buildChecks('sha', runs, null);
    expect(checks.state).toBe('failure');
    expect(checks.failing).toEqual([{ name: 'ci/jenkins', url: 'u4' }, { name: 'test', url: 'u1' }]);
    expect(runs[0]!.jobId).toBe(1);
    expect(runs[2]!.jobId).toBeNull();
    expect(buildChecks('sha', runs.slice(1, 3), null).state).toBe('pending');
    expect(buildChecks('sha', runs.slice(2, 3), null).state).toBe('success');
    expect(buildChecks(null, [], null).state).toBe('none');
  });

  it('builds a short prompt naming the check, step, URL and log tail', () => {
    const prompt = buildTriagePrompt({
      source: 'ci',
      branch: 'feat/x',
      sha: '0123456789abcdef',
      checks: [{ name: 'test', url: 'https://github.com/a/b/actions/runs/1/job/2', step: 'Run npm test' }],
      logTail: 'FAIL a.test.ts',
      attempt: 1,
      maxAttempts: 2,
    });
    expect(prompt).toContain('branch `feat/x`, commit 0123456789');
    expect(prompt).toContain('- Check: test (step: Run npm test) https://github.com/a/b/actions/runs/1/job/2');
    expect(prompt).toContain('```\nFAIL a.test.ts\n```');
    expect(prompt).toContain('attempt 1 of 2');
  });
});

/**
 * The handoff prompt a fresh session starts with.
 */
import { describe, expect, it } from 'vitest';
import { buildHandoffPrompt, MAX_CI_CHARS, MAX_DIFF_STAT_LINES, trimCiFailure, trimDiffStat } from '../../../src/main/engine/agents/handoff/handoff-prompt.ts';
import type { HandoffFacts } from '../../../src/shared/protocol/agents.ts';

const facts: HandoffFacts = {
  task: 'Make the login test pass',
  branch: 'feat/login',
  target: 'main',
  diffStat: ' src/login.ts | 4 +++-\n 1 file changed, 3 insertions(+), 1 deletion(-)',
  uncommitted: ' test/login.test.ts | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)',
  commits: ['3f2a9c1 fix: wait for the session cookie', '1b2c3d4 test: reproduce the login failure'],
  ciFailure: 'FAIL test/login.test.ts > logs in\nExpected 200, got 401',
  notes: 'Do not touch the session store.',
};

describe('buildHandoffPrompt', () => {
  it('lists the task, branch and target, changes, commits, CI failure and notes', () => {
    const prompt = buildHandoffPrompt(facts);
    expect(prompt).toContain('## Task\nMake the login test pass');
    expect(prompt).toContain('You are on `feat/login`, which will be merged into `main`.');
    expect(prompt).toContain('## Changes so far (git diff --stat main...HEAD)\n```\n src/login.ts | 4 +++-');
    expect(prompt).toContain('## Uncommitted changes');
    expect(prompt).toContain('- 3f2a9c1 fix: wait for the session cookie\n- 1b2c3d4 test: reproduce the login failure');
    expect(prompt).toContain('## Last CI failure\n```\nFAIL test/login.test.ts');
    expect(prompt).toContain('## Notes from the user\nDo not touch the session store.');
    // Sections in that order.
    const order = ['## Task', '## Branch', '## Changes so far', '## Uncommitted', '## Recent commits', '## Last CI failure', '## Notes'];
    expect(order.map((h) => prompt.indexOf(h))).toEqual([...order.map((h) => prompt.indexOf(h))].sort((a, b) => a - b));
  });

  it('leaves out what is not known, and says when the task was not recorded', () => {
    const prompt = buildHandoffPrompt({ task: null, branch: null, target: null, diffStat: null, uncommitted: null, commits: [], ciFailure: null, notes: '  ' });
    expect(prompt).toContain('The original task was not recorded');
    for (const heading of ['## Branch', '## Changes', '## Uncommitted', '## Recent commits', '## Last CI failure', '## Notes']) {
      expect(prompt).not.toContain(heading);
    }
  });
});

describe('trimming', () => {
  it('keeps the first diff-stat lines and the summary', () => {
    const lines = Array.from({ length: 60 }, (_, i) => ` file${i}.ts | 1 +`);
    const trimmed = trimDiffStat([...lines, ' 60 files changed, 60 insertions(+)'].join('\n'))!.split('\n');
    expect(trimmed).toHaveLength(MAX_DIFF_STAT_LINES + 2);
    expect(trimmed.at(-2)).toBe(' … 20 more files');
    expect(trimmed.at(-1)).toBe(' 60 files changed, 60 insertions(+)');
    expect(trimDiffStat('\n\n')).toBeNull();
  });

  it('keeps the end of a CI log', () => {
    const log = `start\n${'x'.repeat(MAX_CI_CHARS)}\nERROR: the real failure`;
    const trimmed = trimCiFailure(log)!;
    expect(trimmed.startsWith('…')).toBe(true);
    expect(trimmed.endsWith('ERROR: the real failure')).toBe(true);
    expect(trimCiFailure('  ')).toBeNull();
  });
});

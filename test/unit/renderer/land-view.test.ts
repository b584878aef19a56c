/**
 * The words the land dialog and the restack toast show for each outcome.
 */
import { describe, expect, it } from 'vitest';
import { landLines, restackSummary } from '../../../src/renderer/fixes/land-view.ts';
import { worktreeOfSession } from '../../../src/renderer/fixes/worktree-of-session.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('landLines', () => {
  it('says what landed per target and what happened to the source', () => {
    const lines = landLines({
      landed: true,
      fixBranch: 'fix/x',
      fixWorktree: '/w/fix-x',
      targets: { main: { head: B, previous: A, commits: [B], via: 'ref' }, consumer: { head: A, previous: A, commits: [], via: 'unchanged' } },
      source: { branch: 'feature', update: 'skipped', head: A, reason: 'the agent in /w/feature is working' },
    });
    expect(lines).toEqual([
      { tone: 'ok', text: 'main: 1 commit landed (now bbbbbbbb).' },
      { tone: 'ok', text: 'consumer already had the fix.' },
      { tone: 'warn', text: 'feature was not updated: the agent in /w/feature is working.' },
    ]);
  });

  it('names the conflicting branch and its files, and says nothing changed', () => {
    const [line] = landLines({ landed: false, fixBranch: 'fix/x', conflict: { target: 'feature', where: 'source', files: ['a.ts', 'b.ts'] } });
    expect(line).toEqual({ tone: 'error', text: 'fix/x conflicts with its source feature in a.ts, b.ts. Nothing was changed.' });
  });
});

describe('restackSummary', () => {
  it('is ok only when no child conflicted or was skipped', () => {
    expect(restackSummary([{ branch: 'fix/a', result: 'restacked', files: [], reason: null, head: A }]).ok).toBe(true);
    const bad = restackSummary([{ branch: 'fix/b', result: 'conflict', files: ['x.ts'], reason: null, head: null }]);
    expect(bad).toEqual({ ok: false, text: 'Restack: fix/b conflicts in x.ts (left as it was).' });
  });
});

describe('worktreeOfSession', () => {
  it('finds the deepest worktree with a branch containing the session', () => {
    const worktree = (path: string, branch: string | null) => ({ path, branch }) as never;
    const listings = [worktree('/repo', 'main'), worktree('/repo/.wt/fix', 'fix/a'), worktree('/other', null)];
    const session = (cwd: string) => ({ cwd }) as never;
    expect(worktreeOfSession(session('/repo/.wt/fix/src'), listings)).toMatchObject({ branch: 'fix/a' });
    expect(worktreeOfSession(session('/repo'), listings)).toMatchObject({ branch: 'main' });
    expect(worktreeOfSession(session('/other'), listings)).toBeNull();
    expect(worktreeOfSession(session('/repository'), listings)).toBeNull();
  });
});

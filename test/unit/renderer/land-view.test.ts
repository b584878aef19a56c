/**
 * The words the land dialog and the restack toast show for each outcome.
 */
import { describe, expect, it } from 'vitest';
import { landLines } from '../../../src/renderer/fixes/land-view.ts';
import { childLines, integrateChoices, restackChoices } from '../../../src/renderer/fixes/branches-view.ts';
import type { Worktree } from '../../../src/shared/protocol/index.ts';
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

describe('branch dialogs', () => {
  const wt = (path: string, branch: string | null, extra: Partial<Worktree> = {}): Worktree =>
    ({ repoId: 'r', path, head: A, branch, detached: branch === null, isMain: false, locked: false, lockReason: null, prunable: false, prunableReason: null, dirty: false, ...extra }) as Worktree;

  it('offers an integrator every other branch with a worktree, its own children first and checked', () => {
    const integrator = wt('/w/int', 'integration');
    const choices = integrateChoices(
      [wt('/w/main', 'main', { isMain: true }), integrator, wt('/w/b', 'feat/b', { parent: 'integration' }), wt('/w/a', 'feat/a'), wt('/w/gone', 'old', { prunable: true }), wt('/w/d', null)],
      integrator,
    );
    expect(choices).toEqual([
      { branch: 'feat/b', note: 'started from integration', checked: true },
      { branch: 'feat/a', note: 'a', checked: false },
      { branch: 'main', note: 'main', checked: false },
    ]);
  });

  it('checks the children a restack would move, and says why', () => {
    expect(
      restackChoices([
        { branch: 'fix/a', base: A, state: 'current', worktree: null },
        { branch: 'fix/b', base: A, state: 'diverged', worktree: '/w/b' },
      ]),
    ).toEqual([
      { branch: 'fix/a', note: 'up to date', checked: false },
      { branch: 'fix/b', note: 'diverged: the parent was rewritten', checked: true },
    ]);
  });

  it('says per branch what happened, a conflict with its files', () => {
    expect(
      childLines([
        { branch: 'fix/a', result: 'restacked', files: [], reason: null, head: A },
        { branch: 'fix/b', result: 'conflict', files: ['x.ts', 'y.ts'], reason: null, head: null },
        { branch: 'fix/c', result: 'skipped', files: [], reason: 'its parent fix/b conflicted', head: null },
        { branch: 'feat/d', result: 'merged', files: [], reason: null, head: null },
      ]),
    ).toEqual([
      { tone: 'ok', text: `fix/a: rebased onto the parent (now ${A.slice(0, 8)}).` },
      { tone: 'error', text: 'fix/b: conflicts in x.ts, y.ts; left as it was.' },
      { tone: 'warn', text: 'fix/c: skipped: its parent fix/b conflicted.' },
      { tone: 'ok', text: 'feat/d: merged.' },
    ]);
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

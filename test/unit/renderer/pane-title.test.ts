import { describe, expect, it } from 'vitest';
import { paneStatus, paneTitle } from '../../../src/renderer/grid/pane-title.ts';
import type { WorktreeListing } from '../../../src/renderer/data/worktree-data.ts';
import { repo, worktree } from './samples.ts';

const listing = (worktrees: WorktreeListing['worktrees']): WorktreeListing => ({ worktrees, loaded: true, error: null });

describe('paneTitle', () => {
  const repos = [repo('r1', { name: 'app' })];
  const worktrees = listing([worktree('r1', '/work/app', { branch: 'main' }), worktree('r1', '/work/app-fix', { branch: 'fix/login' })]);

  it('names repository, worktree folder and its current branch', () => {
    expect(paneTitle({ repoId: 'r1', cwd: '/work/app-fix' }, repos, worktrees)).toEqual({
      repo: 'app',
      folder: 'app-fix',
      branch: 'fix/login',
      worktreePath: '/work/app-fix',
    });
  });

  it('matches the worktree even if the cwd has a trailing slash', () => {
    expect(paneTitle({ repoId: 'r1', cwd: '/work/app/' }, repos, worktrees).branch).toBe('main');
  });

  it('falls back to the folder alone for sessions outside registered repositories', () => {
    expect(paneTitle({ repoId: null, cwd: '/tmp/scratch' }, repos, null)).toEqual({
      repo: null,
      folder: 'scratch',
      branch: null,
      worktreePath: null,
    });
    expect(paneTitle({ repoId: 'gone', cwd: '/x/y' }, repos, worktrees)).toEqual({ repo: null, folder: 'y', branch: null, worktreePath: null });
  });
});

describe('paneStatus', () => {
  it('says running, or exited with the code', () => {
    expect(paneStatus({ status: 'running', exitCode: null })).toEqual({ tone: 'running', label: 'running' });
    expect(paneStatus({ status: 'exited', exitCode: 0 })).toEqual({ tone: 'exited-ok', label: 'exited (code 0)' });
    expect(paneStatus({ status: 'exited', exitCode: 130 })).toEqual({ tone: 'exited-error', label: 'exited (code 130)' });
    expect(paneStatus({ status: 'exited', exitCode: null })).toEqual({ tone: 'exited-error', label: 'exited' });
  });
});

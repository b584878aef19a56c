import { describe, expect, it } from 'vitest';
import { branchLabel, folderName, worktreeBadges } from '../../../src/renderer/repos/worktree-label.ts';
import { worktree } from './samples.ts';

describe('folderName', () => {
  it('takes the last segment of POSIX and Windows paths, ignoring trailing separators', () => {
    expect(folderName('/work/app-feature')).toBe('app-feature');
    expect(folderName('/work/app/')).toBe('app');
    expect(folderName('C:\\src\\app-fix')).toBe('app-fix');
    expect(folderName('/')).toBe('/');
  });
});

describe('branchLabel', () => {
  it('shows the branch, or the short commit of a detached HEAD', () => {
    expect(branchLabel({ branch: 'feature/x', detached: false, head: 'abc' })).toBe('feature/x');
    expect(branchLabel({ branch: null, detached: true, head: '1a2b3c4d5e6f' })).toBe('detached @1a2b3c4');
    expect(branchLabel({ branch: null, detached: false, head: null })).toBe('no commits');
  });
});

describe('worktreeBadges', () => {
  it('marks the main worktree and a dirty one', () => {
    const kinds = worktreeBadges(worktree('r', '/w', { isMain: true, dirty: true })).map((badge) => badge.kind);
    expect(kinds).toEqual(['main', 'dirty']);
  });

  it('explains locked and prunable worktrees in the tooltip', () => {
    const badges = worktreeBadges(
      worktree('r', '/w', { locked: true, lockReason: 'on USB disk', prunable: true, prunableReason: 'gitdir missing', dirty: null }),
    );
    expect(badges.map((badge) => [badge.label, badge.title])).toEqual([
      ['locked', 'Locked: on USB disk'],
      ['prunable', 'Prunable: gitdir missing'],
    ]);
  });

  it('flags an unreadable status only when the folder is not simply gone', () => {
    expect(worktreeBadges(worktree('r', '/w', { dirty: null })).map((badge) => badge.kind)).toEqual(['unknown-state']);
    expect(worktreeBadges(worktree('r', '/w', { dirty: false }))).toEqual([]);
  });
});

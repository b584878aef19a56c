import { describe, expect, it } from 'vitest';
import { branchForName, worktreeNameProblem, worktreeSlug } from '../../../src/main/engine/worktrees/worktree-name.ts';
import { EMPTY_FORM, previewBranch, previewFolder } from '../../../src/renderer/worktrees/create-form.ts';
import { archiveNameFor, archiveMessage, parseArchiveMessage } from '../../../src/main/engine/git/archive-refs.ts';

describe('worktree names', () => {
  it.each(['login', 'my feature', `it's "quoted"`, 'ünïcode 日本', '$(touch pwned)', 'a.b_c-d'])('accepts %s', (name) => {
    expect(worktreeNameProblem(name)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    [' x', 'space'],
    ['.', '"."'],
    ['..', '".."'],
    ['a/b', '"/"'],
    ['a\\b', '"/"'],
    ['-x', '"-"'],
    ['tab\there', 'control'],
    ['x'.repeat(101), 'longer'],
  ])('refuses %j (%s)', (name, why) => {
    expect(worktreeNameProblem(name)).toContain(why);
  });

  it('derives the branch from prefix + name, whitespace runs becoming "-"', () => {
    expect(branchForName('my  big feature', 'agent/')).toBe('agent/my-big-feature');
    expect(branchForName('x', '')).toBe('x');
  });
});

describe('archive names and messages', () => {
  it('turns a folder name into something a ref can hold', () => {
    expect(archiveNameFor('my work')).toBe('my-work');
    expect(archiveNameFor('a..b~c^d:e?f*g[h\\i')).toBe('a.b-c-d-e-f-g-h-i');
    expect(archiveNameFor('.hidden.lock')).toBe('hidden');
    expect(archiveNameFor('ünï')).toBe('ünï');
    expect(archiveNameFor('...')).toBe('worktree');
  });

  it('round-trips metadata through the commit message, paths with newlines and quotes included', () => {
    const meta = { branch: 'feature/x', path: '/tmp/we"ird\npath', target: 'main', head: 'abc', hasChanges: true };
    expect(parseArchiveMessage(archiveMessage('x', meta))).toEqual(meta);
    expect(parseArchiveMessage('just a commit\n')).toBeNull();
    expect(parseArchiveMessage('Agent-Orchestrator-Archive: {broken')).toBeNull();
  });
});

describe('one slug rule for folder and branch', () => {
  it('turns whitespace runs into "-" for both, so "palette made" is folder and branch palette-made', () => {
    expect(worktreeSlug('  palette   made ')).toBe('palette-made');
    expect(branchForName('palette made', 'agent/')).toBe(`agent/${worktreeSlug('palette made')}`);
    expect(previewFolder({ ...EMPTY_FORM, name: 'palette made' })).toBe('palette-made');
    expect(previewBranch({ ...EMPTY_FORM, name: 'palette made' }, 'agent/')).toBe('agent/palette-made');
  });
});

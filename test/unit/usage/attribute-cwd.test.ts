/**
 * Session → worktree attribution (agent-logs.md §6): longest prefix, trailing separators,
 * sibling prefixes, case folding on macOS/Windows only, backslashes, legacy Gemini hashes.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attributeCwd, attributeProjectKey } from '../../../src/main/engine/usage/attribution/attribute-cwd.ts';

const roots = [
  { root: { repoId: 'r1', path: '/Users/dev/src/acme' }, spellings: ['/Users/dev/src/acme', '/private/Users/dev/src/acme'] },
  { root: { repoId: 'r1', path: '/Users/dev/src/acme/.worktrees/feat-login/' }, spellings: ['/Users/dev/src/acme/.worktrees/feat-login/'] },
  { root: { repoId: 'r2', path: 'C:\\work\\app' }, spellings: ['C:\\work\\app'] },
];

describe('attributeCwd', () => {
  it('prefers the longest (nested) worktree', () => {
    expect(attributeCwd('/Users/dev/src/acme/.worktrees/feat-login/src', roots, 'linux')?.path).toBe('/Users/dev/src/acme/.worktrees/feat-login/');
    expect(attributeCwd('/Users/dev/src/acme/.worktrees/feat-login', roots, 'linux')?.path).toBe('/Users/dev/src/acme/.worktrees/feat-login/');
    expect(attributeCwd('/Users/dev/src/acme/lib', roots, 'linux')?.path).toBe('/Users/dev/src/acme');
  });

  it('does not match a sibling that merely shares a prefix', () => {
    expect(attributeCwd('/Users/dev/src/acme-old', roots, 'linux')).toBeNull();
    expect(attributeCwd('/Users/dev/src/acme/.worktrees/feat-login2', roots, 'linux')?.path).toBe('/Users/dev/src/acme');
  });

  it('matches any spelling (realpath) and any candidate cwd', () => {
    expect(attributeCwd(['/tmp/link', '/private/Users/dev/src/acme/x'], roots, 'linux')?.path).toBe('/Users/dev/src/acme');
  });

  it('folds case on darwin and win32 only; normalises backslashes on win32', () => {
    expect(attributeCwd('/users/DEV/src/acme/x', roots, 'darwin')?.path).toBe('/Users/dev/src/acme');
    expect(attributeCwd('/users/DEV/src/acme/x', roots, 'linux')).toBeNull();
    expect(attributeCwd('c:\\WORK\\app\\src\\', roots, 'win32')?.path).toBe('C:\\work\\app');
  });

  it('matches legacy Gemini project hashes', () => {
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    expect(attributeProjectKey(sha('/Users/dev/src/acme'), roots, sha)?.repoId).toBe('r1');
    expect(attributeProjectKey('feat-login', roots, sha)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  gitVersion,
  isGitVersionAtLeast,
  MIN_GIT_VERSION,
  parseGitVersion,
} from '../../../src/main/engine/git/version.ts';

describe('parseGitVersion', () => {
  it.each([
    ['git version 2.39.5\n', '2.39.5'],
    ['git version 2.39.5 (Apple Git-154)\n', '2.39.5'],
    ['git version 2.45.1.windows.1\n', '2.45.1'],
    ['git version 3.0\n', '3.0.0'],
    ['something else', null],
  ])('%j → %s', (output, expected) => {
    expect(parseGitVersion(output)).toBe(expected);
  });
});

describe('isGitVersionAtLeast', () => {
  it('compares numerically, not as text', () => {
    expect(isGitVersionAtLeast('2.39.5', '2.36.0')).toBe(true);
    expect(isGitVersionAtLeast('2.36.0', '2.36.0')).toBe(true);
    expect(isGitVersionAtLeast('2.9.0', '2.36.0')).toBe(false);
    expect(isGitVersionAtLeast('10.0.0', '2.36.0')).toBe(true);
  });
});

describe('gitVersion', () => {
  it('reports the installed git, new enough for worktree list -z, and caches the probe', async () => {
    const first = gitVersion();
    expect(gitVersion()).toBe(first);
    const version = await first;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(isGitVersionAtLeast(version ?? '0', MIN_GIT_VERSION)).toBe(true);
  });
});

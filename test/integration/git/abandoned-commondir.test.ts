/**
 * A `git worktree add` killed between creating `.git/worktrees/<id>/commondir` and writing it
 * leaves the file empty, and every `git worktree list` in the repository then fails. The listing
 * repairs a file old enough to be abandoned, and gives up on a fresh one within seconds (it used
 * to retry for about a minute: two retry layers of 10 s and 5 rounds).
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listWorktrees } from '../../../src/main/engine/git/worktree-list.ts';
import { git, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

function repoWithEmptyCommondir(ageMs: number) {
  const repo = makeRepo();
  const worktree = path.join(makeTempDir('ao-commondir-'), 'wt');
  git(repo, 'worktree', 'add', '-q', '-b', 'wt', worktree);
  const commondir = path.join(repo, '.git', 'worktrees', 'wt', 'commondir');
  writeFileSync(commondir, '');
  const when = new Date(Date.now() - ageMs);
  utimesSync(commondir, when, when);
  // Raw git is broken by it, as a killed add leaves it.
  expect(() => git(repo, 'worktree', 'list')).toThrow(/commondir/);
  return { repo, worktree, commondir };
}

describe('an empty commondir left by a killed git worktree add', () => {
  it('is restored to what git writes there, and the listing goes on', async () => {
    const { repo, worktree, commondir } = repoWithEmptyCommondir(60_000);
    const listed = await listWorktrees(repo);
    expect(listed.ok && listed.value.map((record) => record.branch)).toEqual(['main', 'wt']);
    expect(listed.ok && path.basename(listed.value[1]!.path)).toBe(path.basename(worktree));
    expect(readFileSync(commondir, 'utf8')).toBe('../..\n');
    expect(git(repo, 'worktree', 'list').split('\n')).toHaveLength(2);
  });

  it('is left alone while it may be a live git writing it, and the listing fails within seconds', async () => {
    const { repo, commondir } = repoWithEmptyCommondir(0);
    // Keep it fresh for the whole attempt, as a live (if very slow) writer would.
    const touch = setInterval(() => utimesSync(commondir, new Date(), new Date()), 100);
    const started = Date.now();
    const listed = await listWorktrees(repo).finally(() => clearInterval(touch));
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(listed.ok).toBe(false);
    if (!listed.ok) expect(listed.error).toMatchObject({ kind: 'GIT_FAILED' });
    expect(readFileSync(commondir, 'utf8')).toBe('');
  });
});

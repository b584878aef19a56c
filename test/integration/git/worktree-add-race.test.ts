/**
 * Parallel `git worktree add`s in one repository race inside git itself: one reads another's
 * half-written `.git/worktrees/<name>/commondir` and dies with "failed to read …/commondir:
 * Success" (about 1 add in 13 on this machine, 8 at a time). CLI processes without an engine
 * run their adds in parallel, so `worktreeAdd` takes a cross-process lock in the common git dir.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKTREE_ADD_LOCK, WORKTREE_ADD_LOCK_STALE_MS, worktreeAdd } from '../../../src/main/engine/git/worktree-add.ts';
import { git, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

const ROUNDS = 3;
const PARALLEL = 8;

describe('worktreeAdd in parallel', () => {
  it(`adds ${ROUNDS * PARALLEL} worktrees, ${PARALLEL} at a time, without one failing`, async () => {
    const repo = makeRepo();
    const root = makeTempDir('ao-race-');
    const head = git(repo, 'rev-parse', 'HEAD');
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          worktreeAdd(repo, { path: path.join(root, `r${round}-${i}`), newBranch: `r${round}-${i}`, commitish: head }),
        ),
      );
      for (const result of results) if (!result.ok) failures.push(JSON.stringify(result.error));
    }
    expect(failures).toEqual([]);
    const listed = git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((line) => line.startsWith('worktree '));
    expect(listed).toHaveLength(1 + ROUNDS * PARALLEL);
    // The lock is released (proper-lockfile's `<name>.lock` folder is gone) and git ignores it.
    expect(existsSync(path.join(repo, '.git', `${WORKTREE_ADD_LOCK}.lock`))).toBe(false);
  });
});

describe('worktreeAdd after a crash', () => {
  it('takes over the lock a killed process left behind within seconds', async () => {
    const repo = makeRepo();
    const head = git(repo, 'rev-parse', 'HEAD');
    // What a CLI SIGKILLed mid-add leaves: proper-lockfile's lock folder, fresh.
    mkdirSync(path.join(repo, '.git', `${WORKTREE_ADD_LOCK}.lock`));
    const started = Date.now();
    const added = await worktreeAdd(repo, { path: path.join(makeTempDir('ao-race-'), 'after-crash'), newBranch: 'after-crash', commitish: head });
    expect(added.ok).toBe(true);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(WORKTREE_ADD_LOCK_STALE_MS - 500);
    // Not the 20 s of the state files' locks (plus their backoff).
    expect(waited).toBeLessThan(15_000);
  }, 30_000);
});

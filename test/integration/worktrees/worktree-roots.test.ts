import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Repo } from '../../../src/shared/protocol/repos.ts';
import { cachedWorktreeRoots, listWorktreeRoots } from '../../../src/main/engine/worktrees/worktree-roots.ts';
import { addWorktree, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

const repoOf = (id: string, repoPath: string): Repo => ({ id, path: repoPath, name: path.basename(repoPath), addedAt: '' });

describe('worktree roots', () => {
  it('lists every worktree of every repository, with the main folder as fallback only on request', async () => {
    const main = makeRepo();
    const linked = path.join(makeTempDir(), 'linked');
    addWorktree(main, linked, 'feature');
    const gone = repoOf('gone', path.join(makeTempDir(), 'not-a-repo'));
    const roots = await listWorktreeRoots([repoOf('a', main), gone]);
    expect(roots.map((r) => [r.repoId, path.basename(r.path)])).toEqual([
      ['a', path.basename(main)],
      ['a', 'linked'],
    ]);
    const withFallback = await listWorktreeRoots([gone], { fallbackToRepoPath: true });
    expect(withFallback).toEqual([{ repoId: 'gone', path: gone.path }]);
  });

  it('reuses a listing until it expires or is invalidated', async () => {
    const main = makeRepo();
    const cache = cachedWorktreeRoots(() => [repoOf('a', main)], 60_000);
    expect(await cache.get()).toHaveLength(1);
    addWorktree(main, path.join(makeTempDir(), 'later'), 'later');
    expect(await cache.get()).toHaveLength(1);
    cache.invalidate();
    expect(await cache.get()).toHaveLength(2);
  });
});

/**
 * The object-store replay on git 2.39 (no `merge-tree --merge-base`): the stand-in base commit
 * gives the same result as `git cherry-pick`, and conflicts are found without touching anything.
 */
import { describe, expect, it } from 'vitest';
import { replayCommits } from '../../../src/main/engine/fixes/replay.ts';
import { mergeTree } from '../../../src/main/engine/git/merge-tree.ts';
import { gitCapabilities } from '../../../src/main/engine/git/version.ts';
import { git, makeCommit, makeRepo, removeTempDir } from '../../helpers/git-repo.ts';

function unwrapOk<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

describe('replayCommits', () => {
  for (const forceSyntheticBase of [true, false]) {
    it(`matches git cherry-pick (${forceSyntheticBase ? 'git 2.39 stand-in base' : 'installed git'})`, async () => {
      const repo = makeRepo({ files: { 'a.txt': '1\n2\n3\n4\n5\n6\n7\n8\n', 'b.txt': 'b\n' } });
      try {
        git(repo, 'checkout', '--quiet', '-b', 'feature');
        makeCommit(repo, { files: { 'a.txt': '1\n2\n3\n4\n5\n6\n7\nEIGHT\n' }, message: 'feature edits the end' });
        const fix = makeCommit(repo, { files: { 'a.txt': '1\nTWO\n3\n4\n5\n6\n7\nEIGHT\n' }, message: 'fix edits the start' });
        git(repo, 'checkout', '--quiet', 'main');
        const mainTip = makeCommit(repo, { files: { 'b.txt': 'b on main\n' }, message: 'main moves' });

        const replayed = unwrapOk(await replayCommits(repo, [fix], mainTip, { forceSyntheticBase }));
        if (replayed.kind !== 'done') throw new Error('unexpected conflict');
        expect(replayed.commits).toHaveLength(1);
        expect(git(repo, 'rev-parse', `${replayed.head}^`)).toBe(mainTip);
        // Only the fix's change (not the feature's "EIGHT") on top of main.
        expect(git(repo, 'show', `${replayed.head}:a.txt`)).toBe('1\nTWO\n3\n4\n5\n6\n7\n8');
        expect(git(repo, 'log', '-1', '--format=%an <%ae> %ad', '--date=raw', replayed.head)).toBe(git(repo, 'log', '-1', '--format=%an <%ae> %ad', '--date=raw', fix));

        // The same as git's own cherry-pick in a worktree.
        git(repo, 'cherry-pick', fix);
        expect(git(repo, 'rev-parse', 'HEAD^{tree}')).toBe(git(repo, 'rev-parse', `${replayed.head}^{tree}`));
        // Nothing moved while replaying.
        expect(git(repo, 'rev-parse', 'HEAD~1')).toBe(mainTip);
      } finally {
        removeTempDir(repo);
      }
    });
  }

  it('reports conflicts on the stand-in path and drops already-applied changes', async () => {
    const repo = makeRepo({ files: { 'a.txt': 'x\n' } });
    try {
      git(repo, 'checkout', '--quiet', '-b', 'fix');
      const fix = makeCommit(repo, { files: { 'a.txt': 'fixed\n' }, message: 'fix' });
      git(repo, 'checkout', '--quiet', 'main');
      const clash = makeCommit(repo, { files: { 'a.txt': 'other\n' }, message: 'clash' });
      const conflict = unwrapOk(await replayCommits(repo, [fix], clash, { forceSyntheticBase: true }));
      expect(conflict).toEqual({ kind: 'conflict', commit: fix, files: ['a.txt'] });
      expect(git(repo, 'rev-parse', 'main')).toBe(clash);

      const same = makeCommit(repo, { files: { 'a.txt': 'fixed\n' }, message: 'same fix by hand' });
      const replayed = unwrapOk(await replayCommits(repo, [fix], same, { forceSyntheticBase: true }));
      expect(replayed).toEqual({ kind: 'done', head: same, commits: [] });
    } finally {
      removeTempDir(repo);
    }
  });

  it('the default path needs no merge-tree --merge-base on git older than 2.40', async () => {
    const capabilities = await gitCapabilities();
    const repo = makeRepo({ files: { 'a.txt': 'x\n' } });
    try {
      const base = git(repo, 'rev-parse', 'HEAD');
      const next = makeCommit(repo, { files: { 'a.txt': 'y\n' } });
      // What the replay would get from the direct path on this git: refused below 2.40 …
      const direct = await mergeTree(repo, base, next, { mergeBase: base });
      if (capabilities.mergeTreeMergeBase) expect(direct.ok).toBe(true);
      else expect(direct).toMatchObject({ ok: false, error: { kind: 'GIT_TOO_OLD', minimum: '2.40.0' } });
      // … so the default replay (above, "installed git") took the stand-in path there and still worked.
      const replayed = unwrapOk(await replayCommits(repo, [next], base));
      expect(replayed).toEqual({ kind: 'done', head: next, commits: [next] });
    } finally {
      removeTempDir(repo);
    }
  });
});

/**
 * The git query layer (for-each-ref, log, merge-base, cherry, patch-id, merge-tree) on real
 * repositories built here; every answer is checked against git's own porcelain commands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aheadBehindAll, listRefs, refsContaining, refsMergedInto } from '../../../src/main/engine/git/for-each-ref.ts';
import { countAheadBehind, countCommits, listCommitShas, logCommits } from '../../../src/main/engine/git/log.ts';
import { isAncestor, mergeBase } from '../../../src/main/engine/git/merge-base.ts';
import { cherry } from '../../../src/main/engine/git/cherry.ts';
import { patchIdOfRange, patchIdsOfCommits } from '../../../src/main/engine/git/patch-id.ts';
import { mergeTree } from '../../../src/main/engine/git/merge-tree.ts';
import { gitCapabilities } from '../../../src/main/engine/git/version.ts';
import { git, makeCommit, makeRepo, removeTempDir } from '../../helpers/git-repo.ts';

let repo: string;
/** Shas by name, filled by the fixture. */
const sha: Record<string, string> = {};

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`unexpected error: ${JSON.stringify(result.error)}`);
  return result.value;
}

// main: A - B - M(merge of feature-merged) - P(cherry-pick of fix, -x)
// feature-merged: from A, one commit, merged with --no-ff
// feature-open: from B, two commits, unmerged
// fix: from A, one commit, cherry-picked onto main with -x
// conflict: from A, changes the same line of shared.txt as main's B
beforeAll(() => {
  repo = makeRepo({ files: { 'shared.txt': 'one\n' } });
  sha.A = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'branch', 'feature-merged');
  git(repo, 'branch', 'fix');
  git(repo, 'branch', 'conflict');
  sha.B = makeCommit(repo, { files: { 'shared.txt': 'two\n' }, message: 'B: shared two' });
  git(repo, 'branch', 'feature-open');
  git(repo, 'checkout', '--quiet', 'feature-merged');
  sha.FM = makeCommit(repo, { files: { 'merged.txt': 'merged\n' }, message: 'feature merged' });
  git(repo, 'checkout', '--quiet', 'fix');
  sha.FIX = makeCommit(repo, { files: { 'fix.txt': 'fixed\n' }, message: 'the fix' });
  git(repo, 'checkout', '--quiet', 'conflict');
  sha.C = makeCommit(repo, { files: { 'shared.txt': 'three\n' }, message: 'conflicting' });
  git(repo, 'checkout', '--quiet', 'feature-open');
  sha.O1 = makeCommit(repo, { files: { 'open1.txt': '1\n' }, message: 'open 1' });
  sha.O2 = makeCommit(repo, { files: { 'open2.txt': '2\n' }, message: 'open 2' });
  git(repo, 'checkout', '--quiet', 'main');
  git(repo, 'merge', '--quiet', '--no-ff', '-m', 'merge feature-merged', 'feature-merged');
  sha.M = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'cherry-pick', '-x', 'fix');
  sha.P = git(repo, 'rev-parse', 'HEAD');
});

afterAll(() => removeTempDir(repo));

describe('for-each-ref', () => {
  it('lists branch tips with their commits, like git show-ref', async () => {
    const tips = unwrap(await listRefs(repo, ['refs/heads']));
    const expected = git(repo, 'show-ref', '--heads').split('\n').map((line) => {
      const [commit, ref] = line.split(' ');
      return { ref, sha: commit };
    });
    expect(tips).toEqual(expected);
  });

  it('finds the branches merged into a target in one call, as git branch --merged does', async () => {
    const merged = unwrap(await refsMergedInto(repo, 'main', ['refs/heads']));
    const expected = git(repo, 'branch', '--merged', 'main', '--format=%(refname)').split('\n');
    expect([...merged].sort()).toEqual(expected.sort());
    expect(merged.has('refs/heads/feature-merged')).toBe(true);
    expect(merged.has('refs/heads/fix')).toBe(false);
  });

  it('finds the branches containing a commit, as git branch --contains does', async () => {
    const containing = unwrap(await refsContaining(repo, sha.B!, ['refs/heads']));
    const expected = git(repo, 'branch', '--contains', sha.B!, '--format=%(refname)').split('\n');
    expect([...containing].sort()).toEqual(expected.sort());
  });

  it('uses %(ahead-behind) only where git has it', async () => {
    const capabilities = await gitCapabilities();
    const result = await aheadBehindAll(repo, 'main', ['refs/heads']);
    if (capabilities.aheadBehindFormat) {
      const counts = unwrap(result);
      expect(counts.get('refs/heads/feature-open')).toEqual({ ahead: 2, behind: 3 });
    } else {
      // Older git refuses the field: the caller must take the rev-list path (tested below).
      expect(result.ok).toBe(false);
    }
  });
});

describe('log and rev-list', () => {
  it('reads commits with parents and subjects, matching git log', async () => {
    const commits = unwrap(await logCommits(repo, { revisions: ['main'], maxCount: 3 }));
    expect(commits.map((c) => c.sha)).toEqual(git(repo, 'log', '-3', '--format=%H', 'main').split('\n'));
    const merge = commits.find((c) => c.sha === sha.M)!;
    expect(merge.parents).toEqual(git(repo, 'log', '-1', '--format=%P', sha.M!).split(' '));
    expect(merge.subject).toBe('merge feature-merged');
    expect(commits[0]!.shortSha).toBe(git(repo, 'log', '-1', '--format=%h', 'main'));
  });

  it('treats a ref that looks like an option as a ref, not an option', async () => {
    const result = await logCommits(repo, { revisions: ['--all'] });
    expect(result.ok).toBe(false);
  });

  it('counts like rev-list --count, and ahead/behind like rev-list --left-right', async () => {
    expect(unwrap(await countCommits(repo, ['main..feature-open']))).toBe(Number(git(repo, 'rev-list', '--count', 'main..feature-open')));
    const counts = unwrap(await countAheadBehind(repo, 'main', 'feature-open'));
    expect(counts.ahead).toBe(Number(git(repo, 'rev-list', '--count', 'main..feature-open')));
    expect(counts.behind).toBe(Number(git(repo, 'rev-list', '--count', 'feature-open..main')));
    expect(counts).toEqual({ ahead: 2, behind: 3 });
  });

  it('lists shas without merges when asked', async () => {
    const shas = unwrap(await listCommitShas(repo, { revisions: [`${sha.A}..main`], noMerges: true }));
    expect(shas).toEqual(git(repo, 'rev-list', '--no-merges', `${sha.A}..main`).split('\n'));
    expect(shas).not.toContain(sha.M);
  });
});

describe('merge-base', () => {
  it('finds the common ancestor and answers ancestry by exit code', async () => {
    expect(unwrap(await mergeBase(repo, 'main', 'feature-open'))).toBe(git(repo, 'merge-base', 'main', 'feature-open'));
    expect(unwrap(await isAncestor(repo, 'feature-merged', 'main'))).toBe(true);
    expect(unwrap(await isAncestor(repo, 'fix', 'main'))).toBe(false);
  });

  it('returns null for unrelated histories', async () => {
    git(repo, 'checkout', '--quiet', '--orphan', 'island');
    git(repo, 'rm', '-rf', '--quiet', '.');
    makeCommit(repo, { files: { 'island.txt': 'x\n' }, message: 'island' });
    git(repo, 'checkout', '--quiet', 'main');
    expect(unwrap(await mergeBase(repo, 'main', 'island'))).toBeNull();
    git(repo, 'branch', '-D', 'island');
  });
});

describe('cherry and patch-id', () => {
  it('sees a cherry-pick -x as equivalent, like git cherry', async () => {
    const entries = unwrap(await cherry(repo, 'main', 'fix'));
    expect(entries).toEqual([{ sha: sha.FIX, equivalent: true }]);
    expect(git(repo, 'cherry', 'main', 'fix')).toBe(`- ${sha.FIX}`);
    const open = unwrap(await cherry(repo, 'main', 'feature-open'));
    expect(open.map((e) => e.equivalent)).toEqual([false, false]);
  });

  it('gives a cherry-picked commit the same stable patch-id as its original', async () => {
    const ids = unwrap(await patchIdsOfCommits(repo, [sha.FIX!, sha.P!, sha.M!]));
    expect(ids.get(sha.FIX!)).toBe(ids.get(sha.P!));
    expect(ids.has(sha.M!)).toBe(false); // a merge has no first-parent diff in diff-tree
    const direct = git(repo, 'show', sha.FIX!).length > 0 ? ids.get(sha.FIX!) : null;
    expect(direct).toMatch(/^[0-9a-f]{40}$/);
  });

  it('computes the combined patch-id of a range, null for no change', async () => {
    const one = unwrap(await patchIdOfRange(repo, sha.A!, sha.FIX!));
    expect(one).toBe(unwrap(await patchIdsOfCommits(repo, [sha.FIX!])).get(sha.FIX!));
    expect(unwrap(await patchIdOfRange(repo, 'main', 'main'))).toBeNull();
  });
});

describe('merge-tree', () => {
  it('reports a clean merge whose tree adds nothing when the branch is already in', async () => {
    const result = unwrap(await mergeTree(repo, 'main', 'fix'));
    expect(result.clean).toBe(true);
    expect(result.tree).toBe(git(repo, 'rev-parse', 'main^{tree}'));
  });

  it('reports conflicts with the conflicted paths, as git merge would', async () => {
    const result = unwrap(await mergeTree(repo, 'main', 'conflict'));
    expect(result.clean).toBe(false);
    expect(result.conflictedPaths).toEqual(['shared.txt']);
  });

  it('merge-base override: works on git ≥ 2.40, a typed GIT_TOO_OLD before', async () => {
    const capabilities = await gitCapabilities();
    const result = await mergeTree(repo, 'feature-open', sha.FIX!, { mergeBase: sha.A! });
    if (capabilities.mergeTreeMergeBase) {
      expect(unwrap(result).clean).toBe(true);
    } else {
      expect(result).toEqual({ ok: false, error: expect.objectContaining({ kind: 'GIT_TOO_OLD', minimum: '2.40.0' }) });
    }
  });
});

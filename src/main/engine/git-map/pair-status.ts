/**
 * The status of one branch against one target, cheapest check first (worktrunk's ladder,
 * git-techniques.md §3.1):
 *
 * 1. same commit or ancestor → `merged` (usually known already from the batched tier 0);
 * 2. ahead/behind (from the batched `%(ahead-behind)` on git ≥ 2.41, else one `rev-list`);
 * 3. trees equal → `equivalent`;
 * 4. `merge-tree --write-tree target branch`: the result tree equals the target's → the merge
 *    adds nothing → `equivalent`; its conflicts are the `conflicts` answer;
 * 5. every commit of the branch has a patch-equivalent in the target since the merge base
 *    (what `git cherry` answers, with patch-ids cached) → rebase-merged or cherry-picked →
 *    `equivalent`;
 * 6. the patch-id of the branch's combined diff equals one of the target's commits since the
 *    merge base (at most {@link PATCH_ID_SCAN_MAX} of them) → squash-merged → `equivalent`.
 *
 * Every answer is cached by the (branch sha, target sha) pair, and per-commit patch-ids by sha.
 */
import type { PairStatus } from '../../../shared/protocol/git-map.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from '../git/core.ts';
import type { AheadBehind } from '../git/for-each-ref.ts';
import { countAheadBehind, listCommitShas } from '../git/log.ts';
import { isAncestor, mergeBase } from '../git/merge-base.ts';
import { mergeTree } from '../git/merge-tree.ts';
import { patchIdOfRange, patchIdsOfCommits } from '../git/patch-id.ts';
import { pairKey, type StatusCaches } from './status-cache.ts';

/**
 * Most target commits whose patch-ids a squash check compares (worktrunk uses the same 500):
 * older squash merges are rare and the scan costs ~2 ms per commit the first time.
 */
export const PATCH_ID_SCAN_MAX = 500;

/** What the batched tiers already know about a pair. */
export interface KnownFacts {
  /** From `for-each-ref --merged=<target>`; undefined when not batched (detached HEADs). */
  readonly merged?: boolean;
  /** From `%(ahead-behind)` (git ≥ 2.41). */
  readonly aheadBehind?: AheadBehind;
}

/** The status of `branchSha` against `targetSha` in the repository at `cwd`. */
export async function pairStatus(
  cwd: string,
  branchSha: string,
  targetSha: string,
  known: KnownFacts,
  caches: StatusCaches,
  signal?: AbortSignal,
): Promise<Result<PairStatus>> {
  const key = pairKey(branchSha, targetSha);
  const cached = caches.pairs.get(key);
  if (cached) return ok(cached);
  const computed = await computePair(cwd, branchSha, targetSha, known, caches, signal);
  if (computed.ok) caches.pairs.set(key, computed.value);
  return computed;
}

async function computePair(
  cwd: string,
  branchSha: string,
  targetSha: string,
  known: KnownFacts,
  caches: StatusCaches,
  signal: AbortSignal | undefined,
): Promise<Result<PairStatus>> {
  let merged = known.merged;
  if (merged === undefined) {
    const ancestor = await isAncestor(cwd, branchSha, targetSha, signal);
    if (!ancestor.ok) return ancestor;
    merged = ancestor.value;
  }
  let counts = known.aheadBehind;
  if (counts === undefined) {
    const counted = await countAheadBehind(cwd, targetSha, branchSha, signal);
    if (!counted.ok) return counted;
    counts = counted.value;
  }
  if (merged) return ok({ state: 'merged', ahead: counts.ahead, behind: counts.behind, conflicts: null });

  const equivalent = (): Result<PairStatus> => ok({ state: 'equivalent', ahead: counts.ahead, behind: counts.behind, conflicts: null });

  const trees = await runGit(['rev-parse', `${branchSha}^{tree}`, `${targetSha}^{tree}`], { cwd, label: 'map-trees', ...(signal ? { signal } : {}) });
  if (!trees.ok) return trees;
  const [branchTree, targetTree] = trees.value.stdout.trim().split('\n');
  if (branchTree !== undefined && branchTree === targetTree) return equivalent();

  const merge = await mergeTree(cwd, targetSha, branchSha, signal ? { signal } : {});
  if (!merge.ok) {
    // Unrelated histories have no merge to simulate; they are simply unmerged.
    if (merge.error.kind === 'GIT_FAILED' && /unrelated histories/.test(merge.error.stderr)) {
      return ok({ state: 'unmerged', ahead: counts.ahead, behind: counts.behind, conflicts: true });
    }
    return merge;
  }
  if (merge.value.clean && merge.value.tree === targetTree) return equivalent();

  const patches = await samePatchesInTarget(cwd, branchSha, targetSha, caches, signal);
  if (!patches.ok) return patches;
  if (patches.value) return equivalent();

  return ok({ state: 'unmerged', ahead: counts.ahead, behind: counts.behind, conflicts: !merge.value.clean });
}

/**
 * Whether the target already has the branch's changes as patches: every commit of the branch
 * has a patch-equivalent among the target's commits since the merge base (rebase merge,
 * cherry-picks with or without -x), or the branch's combined change equals one target commit
 * (squash merge).
 *
 * Like `git cherry`, but patch-ids are cached by commit sha, so the target's side (the same few
 * hundred commits for every branch) is computed once per target instead of once per branch. The
 * target side is bounded to its newest {@link PATCH_ID_SCAN_MAX} commits since the merge base.
 */
async function samePatchesInTarget(
  cwd: string,
  branchSha: string,
  targetSha: string,
  caches: StatusCaches,
  signal: AbortSignal | undefined,
): Promise<Result<boolean>> {
  const base = await mergeBase(cwd, targetSha, branchSha, signal);
  if (!base.ok) return base;
  if (base.value === null) return ok(false);
  const walk = (revisions: string[], maxCount?: number) =>
    listCommitShas(cwd, { revisions, noMerges: true, ...(maxCount ? { maxCount } : {}), ...(signal ? { signal } : {}) });
  const [branchCommits, targetCommits] = await Promise.all([walk([`${base.value}..${branchSha}`]), walk([`${base.value}..${targetSha}`], PATCH_ID_SCAN_MAX)]);
  if (!branchCommits.ok) return branchCommits;
  if (!targetCommits.ok) return targetCommits;
  if (targetCommits.value.length === 0) return ok(false);
  const ids = await patchIdsCached(cwd, [...branchCommits.value, ...targetCommits.value], caches, signal);
  if (!ids.ok) return ids;
  const branchIds = ids.value.slice(0, branchCommits.value.length);
  const targetIds = new Set(ids.value.slice(branchCommits.value.length).filter((id): id is string => id !== null));
  const withChanges = branchIds.filter((id): id is string => id !== null);
  if (withChanges.length > 0 && withChanges.every((id) => targetIds.has(id))) return ok(true);
  // One commit's patch-id is its combined change: already compared above.
  if (withChanges.length <= 1) return ok(false);
  const combined = await patchIdOfRange(cwd, base.value, branchSha, signal);
  if (!combined.ok) return combined;
  return ok(combined.value !== null && targetIds.has(combined.value));
}

/**
 * Patch-ids of `commits`, computing only those not cached yet (in one batch). Batches run one at
 * a time (see `StatusCaches.patchIdQueue`), so concurrent pairs reuse each other's work.
 */
export function patchIdsCached(
  cwd: string,
  commits: readonly string[],
  caches: StatusCaches,
  signal?: AbortSignal,
): Promise<Result<Array<string | null>>> {
  const task = async (): Promise<Result<Array<string | null>>> => {
    const missing = commits.filter((commit) => caches.patchIds.get(commit) === undefined);
    if (missing.length > 0) {
      const computed = await patchIdsOfCommits(cwd, missing, signal);
      if (!computed.ok) return computed;
      for (const commit of missing) caches.patchIds.set(commit, computed.value.get(commit) ?? null);
    }
    return ok(commits.map((commit) => caches.patchIds.get(commit) ?? null));
  };
  const run = caches.patchIdQueue.then(task, task);
  caches.patchIdQueue = run.catch(() => undefined);
  return run;
}

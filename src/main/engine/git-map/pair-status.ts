/**
 * The status of (branch, target) pairs, cheapest check first (worktrunk's ladder,
 * git-techniques.md §3.1), computed for all uncached pairs of a map together:
 *
 * 1. ancestry and ahead/behind for every pair from ONE in-memory commit walk (commit-walk.ts):
 *    the branch tip an ancestor of the target → `merged`;
 * 2. trees equal (one `rev-parse` for every tip's tree) → `equivalent`;
 * 3. `merge-tree --write-tree target branch` for all pairs in two `--stdin` batches: the result tree equals
 *    the target's → the merge adds nothing → `equivalent`; its conflicts are the `conflicts` answer;
 * 4. every commit of the branch has a patch-equivalent in the target since the merge base (what
 *    `git cherry` answers) → rebase-merged or cherry-picked → `equivalent`;
 * 5. the patch-id of the branch's combined diff equals one of the target's commits since the
 *    merge base (at most {@link PATCH_ID_SCAN_MAX} of them) → squash-merged → `equivalent`.
 *
 * Steps 4–5 take the commit lists from the walk and compute patch-ids for all pairs in one
 * batch (cached by commit sha), and the combined diffs in one batch per target. A pair with
 * several merge bases (criss-cross history) asks git for its merge base and lists, as
 * `git merge-base` / `git cherry` would.
 */
import type { PairStatus } from '../../../shared/protocol/git-map.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { listCommitShas } from '../git/log.ts';
import { mergeBase } from '../git/merge-base.ts';
import { mergeTree, mergeTrees, type MergeTreeResult } from '../git/merge-tree.ts';
import { patchIdsOfCommits, patchIdsOfRanges } from '../git/patch-id.ts';
import { treesOf } from '../git/rev-parse.ts';
import { mapWithConcurrency } from '../worktrees/map-with-concurrency.ts';
import { CommitWalk, type WalkFacts } from './commit-walk.ts';
import { pairKey, type StatusCaches } from './status-cache.ts';

/**
 * Most target commits whose patch-ids a squash check compares (worktrunk uses the same 500):
 * older squash merges are rare and the scan costs ~2 ms per commit the first time.
 */
export const PATCH_ID_SCAN_MAX = 500;

/**
 * `merge-tree --stdin` processes a map splits its merges over: two keep both cores of a small
 * machine busy, and the git core caps processes engine-wide anyway.
 */
export const MERGE_TREE_BATCHES = 2;

export interface PairQuery {
  readonly branch: string;
  readonly target: string;
}

/** Compute the status of every pair in `pairs` (none of them cached), keyed by {@link pairKey}. */
export async function computePairs(
  cwd: string,
  pairs: readonly PairQuery[],
  caches: StatusCaches,
  signal?: AbortSignal,
): Promise<Result<Map<string, PairStatus>>> {
  const answers = new Map<string, PairStatus>();
  if (pairs.length === 0) return ok(answers);
  const branches = [...new Set(pairs.map((pair) => pair.branch))];
  const targets = [...new Set(pairs.map((pair) => pair.target))];

  // 1. One walk for every pair.
  const walk = await CommitWalk.read(cwd, [...targets, ...branches], signal);
  if (!walk.ok) return walk;
  const ancestries = targets.map((target) => walk.value.ancestry(target));
  const facts = new Map<string, WalkFacts>();
  for (const branch of branches) {
    const wanted = ancestries.filter((ancestry) => pairs.some((pair) => pair.branch === branch && pair.target === ancestry.sha));
    const compared = await walk.value.compare(branch, wanted, PATCH_ID_SCAN_MAX);
    wanted.forEach((ancestry, index) => facts.set(pairKey(branch, ancestry.sha), compared[index]!));
  }

  const open: Array<PairQuery & { facts: WalkFacts }> = [];
  for (const pair of pairs) {
    const fact = facts.get(pairKey(pair.branch, pair.target))!;
    if (fact.merged) answers.set(pairKey(pair.branch, pair.target), status('merged', fact, null));
    else open.push({ ...pair, facts: fact });
  }
  if (open.length === 0) return ok(answers);

  // 2. Trees of every tip involved, one process.
  const trees = await treesOf(cwd, [...open.map((pair) => pair.branch), ...open.map((pair) => pair.target)], signal);
  if (!trees.ok) return trees;
  const undecided: Array<PairQuery & { facts: WalkFacts; merge: MergeTreeResult }> = [];
  const afterTrees = open.filter((pair) => {
    const branchTree = trees.value.get(pair.branch);
    if (branchTree && branchTree === trees.value.get(pair.target)) {
      answers.set(pairKey(pair.branch, pair.target), status('equivalent', pair.facts, null));
      return false;
    }
    return true;
  });

  // 3. merge-tree: would it conflict, does it add anything. Unrelated histories have no merge
  // to simulate: they are simply unmerged (and would conflict).
  const related = afterTrees.filter((pair) => {
    if (pair.facts.mergeBase !== null) return true;
    answers.set(pairKey(pair.branch, pair.target), status('unmerged', pair.facts, true));
    return false;
  });
  const merges = await mergeAll(cwd, related, signal);
  if (!merges.ok) return merges;
  for (const [index, pair] of related.entries()) {
    const merge = merges.value[index]!;
    const key = pairKey(pair.branch, pair.target);
    if (merge === 'unrelated') answers.set(key, status('unmerged', pair.facts, true));
    else if (merge.clean && merge.tree === trees.value.get(pair.target)) answers.set(key, status('equivalent', pair.facts, null));
    else undecided.push({ ...pair, merge });
  }

  // 4–5. Patch equivalence, batched.
  const patches = await samePatchesInTarget(cwd, undecided, caches, signal);
  if (!patches.ok) return patches;
  for (const pair of undecided) {
    const key = pairKey(pair.branch, pair.target);
    answers.set(key, patches.value.has(key) ? status('equivalent', pair.facts, null) : status('unmerged', pair.facts, !pair.merge.clean));
  }
  return ok(answers);
}

/**
 * `merge-tree` of every pair (target ← branch): in {@link MERGE_TREE_BATCHES} `--stdin` processes
 * (one per core), falling back to one process per pair when a batch fails.
 */
async function mergeAll(
  cwd: string,
  pairs: readonly PairQuery[],
  signal: AbortSignal | undefined,
): Promise<Result<Array<MergeTreeResult | 'unrelated'>>> {
  const size = Math.ceil(pairs.length / MERGE_TREE_BATCHES);
  const batches: PairQuery[][] = [];
  for (let start = 0; start < pairs.length; start += size) batches.push(pairs.slice(start, start + size));
  const results = await Promise.all(
    batches.map(async (batch): Promise<Result<Array<MergeTreeResult | 'unrelated'>>> => {
      const merged = await mergeTrees(cwd, batch.map((pair) => ({ ours: pair.target, theirs: pair.branch })), signal);
      if (merged.ok && merged.value.length === batch.length) return merged;
      if (!merged.ok && merged.error.kind === 'CANCELLED') return merged;
      const single = await mapWithConcurrency(batch, 2, (pair) => mergeTree(cwd, pair.target, pair.branch, signal ? { signal } : {}));
      const answers: Array<MergeTreeResult | 'unrelated'> = [];
      for (const result of single) {
        if (result.ok) answers.push(result.value);
        else if (result.error.kind === 'GIT_FAILED' && /unrelated histories/.test(result.error.stderr)) answers.push('unrelated');
        else return result;
      }
      return ok(answers);
    }),
  );
  const all: Array<MergeTreeResult | 'unrelated'> = [];
  for (const result of results) {
    if (!result.ok) return result;
    all.push(...result.value);
  }
  return ok(all);
}

function status(state: PairStatus['state'], facts: WalkFacts, conflicts: boolean | null): PairStatus {
  return { state, ahead: facts.ahead, behind: facts.behind, conflicts };
}

interface PatchSides {
  readonly key: string;
  readonly branch: string;
  readonly target: string;
  readonly base: string | null;
  readonly branchCommits: readonly string[];
  readonly targetCommits: readonly string[];
}

/**
 * The keys of the pairs whose changes the target already has as patches: every commit of the
 * branch has a patch-equivalent among the target's commits since the merge base (rebase merge,
 * cherry-picks with or without -x), or the branch's combined change equals one target commit
 * (squash merge). Like `git cherry`, but with patch-ids cached by commit sha, so the target's
 * side (the same few hundred commits for every branch) is computed once per target.
 */
async function samePatchesInTarget(
  cwd: string,
  pairs: ReadonlyArray<PairQuery & { facts: WalkFacts }>,
  caches: StatusCaches,
  signal: AbortSignal | undefined,
): Promise<Result<Set<string>>> {
  const sides: PatchSides[] = [];
  for (const pair of pairs) {
    const key = pairKey(pair.branch, pair.target);
    if (pair.facts.mergeBase !== undefined) {
      sides.push({ key, branch: pair.branch, target: pair.target, base: pair.facts.mergeBase, branchCommits: pair.facts.branchCommits, targetCommits: pair.facts.targetCommits });
      continue;
    }
    // Several merge bases: the ranges git itself would use.
    const base = await mergeBase(cwd, pair.target, pair.branch, signal);
    if (!base.ok) return base;
    if (base.value === null) {
      sides.push({ key, branch: pair.branch, target: pair.target, base: null, branchCommits: [], targetCommits: [] });
      continue;
    }
    const walk = (revisions: string[], maxCount?: number) =>
      listCommitShas(cwd, { revisions, noMerges: true, ...(maxCount ? { maxCount } : {}), ...(signal ? { signal } : {}) });
    const [branchCommits, targetCommits] = await Promise.all([walk([`${base.value}..${pair.branch}`]), walk([`${base.value}..${pair.target}`], PATCH_ID_SCAN_MAX)]);
    if (!branchCommits.ok) return branchCommits;
    if (!targetCommits.ok) return targetCommits;
    sides.push({ key, branch: pair.branch, target: pair.target, base: base.value, branchCommits: branchCommits.value, targetCommits: targetCommits.value });
  }

  const checked = sides.filter((side) => side.base !== null && side.targetCommits.length > 0);
  const ids = await patchIdsCached(cwd, [...new Set(checked.flatMap((side) => [...side.branchCommits, ...side.targetCommits]))], caches, signal);
  if (!ids.ok) return ids;
  const idOf = (commit: string): string | null => ids.value.get(commit) ?? null;

  const same = new Set<string>();
  const squashCandidates: PatchSides[] = [];
  for (const side of checked) {
    const targetIds = new Set(side.targetCommits.map(idOf).filter((id): id is string => id !== null));
    const withChanges = side.branchCommits.map(idOf).filter((id): id is string => id !== null);
    if (withChanges.length > 0 && withChanges.every((id) => targetIds.has(id))) same.add(side.key);
    // One commit's patch-id is its combined change: already compared above.
    else if (withChanges.length > 1) squashCandidates.push(side);
  }

  // Combined diffs base → branch, one batch per target (a tip appears once per target).
  const combined = await combinedPatchIds(cwd, squashCandidates, caches, signal);
  if (!combined.ok) return combined;
  for (const side of squashCandidates) {
    const id = combined.value.get(`${side.base}:${side.branch}`);
    if (id && side.targetCommits.some((commit) => idOf(commit) === id)) same.add(side.key);
  }
  return ok(same);
}

/** Patch-ids of the combined change `base → branch` of each side, keyed `base:branch`, cached. */
async function combinedPatchIds(
  cwd: string,
  sides: readonly PatchSides[],
  caches: StatusCaches,
  signal: AbortSignal | undefined,
): Promise<Result<Map<string, string | null>>> {
  const answers = new Map<string, string | null>();
  const byTarget = new Map<string, Map<string, string>>();
  for (const side of sides) {
    const key = `${side.base}:${side.branch}`;
    const cached = caches.patchIds.get(key);
    if (cached !== undefined) {
      answers.set(key, cached);
      continue;
    }
    const group = byTarget.get(side.target) ?? new Map<string, string>();
    group.set(side.branch, side.base!);
    byTarget.set(side.target, group);
  }
  for (const group of byTarget.values()) {
    const ranges = [...group].map(([tip, base]) => ({ tip, base }));
    const ids = await patchIdsOfRanges(cwd, ranges, signal);
    if (!ids.ok) return ids;
    for (const range of ranges) {
      const key = `${range.base}:${range.tip}`;
      const id = ids.value.get(range.tip) ?? null;
      caches.patchIds.set(key, id);
      answers.set(key, id);
    }
  }
  return ok(answers);
}

/**
 * Patch-ids of `commits`, computing only those not cached yet (in one batch). Batches run one at
 * a time (see `StatusCaches.patchIdQueue`), so concurrent maps reuse each other's work.
 */
export function patchIdsCached(
  cwd: string,
  commits: readonly string[],
  caches: StatusCaches,
  signal?: AbortSignal,
): Promise<Result<Map<string, string | null>>> {
  const task = async (): Promise<Result<Map<string, string | null>>> => {
    const missing = commits.filter((commit) => caches.patchIds.get(commit) === undefined);
    if (missing.length > 0) {
      const computed = await patchIdsOfCommits(cwd, missing, signal);
      if (!computed.ok) return computed;
      for (const commit of missing) caches.patchIds.set(commit, computed.value.get(commit) ?? null);
    }
    return ok(new Map(commits.map((commit) => [commit, caches.patchIds.get(commit) ?? null])));
  };
  const run = caches.patchIdQueue.then(task, task);
  caches.patchIdQueue = run.catch(() => undefined);
  return run;
}

/**
 * The status map: every worktree branch (and branch with a recorded target) × every target.
 *
 * Cost model (git-techniques.md §3, §4): tier 0 is one `for-each-ref --merged=<target>` per
 * target for all branches, plus one `%(ahead-behind)` walk per target on git ≥ 2.41; the slow
 * tiers (merge-tree, cherry, patch-ids) run only for pairs not merged by ancestry, in a bounded
 * pool, and every pair's answer is cached by its (branch sha, target sha). A warm map therefore
 * costs one `git status` per worktree (dirty state is never cached: it changes with every write)
 * and nothing else.
 */
import type { GitMap, MapBranch, PairStatus } from '../../../shared/protocol/git-map.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { aheadBehindAll, refsMergedInto, unpushedCounts, type AheadBehind } from '../git/for-each-ref.ts';
import { isDirty } from '../git/status.ts';
import { gitCapabilities } from '../git/version.ts';
import { mapWithConcurrency } from '../worktrees/map-with-concurrency.ts';
import { targetOf } from '../targets/resolve-targets.ts';
import { pairStatus, type KnownFacts } from './pair-status.ts';
import { subjectsOf, type RepoModel } from './repo-model.ts';
import { pairKey, type StatusCaches } from './status-cache.ts';

/**
 * Pairs computed at once in the slow tiers. Each runs a few git processes in sequence, and the
 * git core caps processes engine-wide anyway; four keeps two cores busy without starving agents.
 */
export const SLOW_TIER_CONCURRENCY = 4;

/** Build the map for a loaded model. */
export async function buildStatusMap(model: RepoModel, caches: StatusCaches, signal?: AbortSignal): Promise<Result<GitMap>> {
  const subjects = subjectsOf(model, { withTargets: false, withRecorded: true });
  const targets = model.targets.targets;
  const cwd = model.mainPath;

  // Tier 0 (batched, skipped for a target whose pairs are all cached).
  const known = new Map<string, KnownFacts>();
  const capabilities = await gitCapabilities();
  for (const target of targets) {
    const open = subjects.filter((subject) => caches.pairs.get(pairKey(subject.head, target.sha)) === undefined);
    if (open.length === 0) continue;
    const branchRefs = open.filter((subject) => subject.ref !== null);
    let merged: Set<string> | null = null;
    let counts: Map<string, AheadBehind> | null = null;
    if (branchRefs.length > 0) {
      const mergedResult = await refsMergedInto(cwd, target.sha, ['refs/heads'], signal);
      if (!mergedResult.ok) return mergedResult;
      merged = mergedResult.value;
      if (capabilities.aheadBehindFormat) {
        const countsResult = await aheadBehindAll(cwd, target.sha, ['refs/heads'], signal);
        if (!countsResult.ok) return countsResult;
        counts = countsResult.value;
      }
    }
    for (const subject of open) {
      if (subject.ref === null) continue;
      const aheadBehind = counts?.get(subject.ref);
      known.set(pairKey(subject.head, target.sha), {
        ...(merged ? { merged: merged.has(subject.ref) } : {}),
        ...(aheadBehind ? { aheadBehind } : {}),
      });
    }
  }

  // Tiers 1–2 per pair, in a bounded pool; cached pairs return at once.
  const pairs = subjects.flatMap((subject) => targets.map((target) => ({ subject, target })));
  const statuses = await mapWithConcurrency(pairs, SLOW_TIER_CONCURRENCY, ({ subject, target }) =>
    pairStatus(cwd, subject.head, target.sha, known.get(pairKey(subject.head, target.sha)) ?? {}, caches, signal),
  );
  const failed = statuses.find((status) => !status.ok);
  if (failed && !failed.ok) return failed;

  const [dirty, unpushed] = await Promise.all([
    mapWithConcurrency(subjects, SLOW_TIER_CONCURRENCY, async (subject) => {
      if (subject.worktree === null || subject.record?.prunable) return null;
      const result = await isDirty(subject.worktree);
      return result.ok ? result.value : null;
    }),
    unpushedCounts(cwd, signal),
  ]);

  const branches: MapBranch[] = subjects.map((subject, index) => {
    const status: Record<string, PairStatus> = {};
    targets.forEach((target, targetIndex) => {
      const result = statuses[index * targets.length + targetIndex];
      if (result?.ok) status[target.name] = result.value;
    });
    return {
      branch: subject.branch,
      worktree: subject.worktree,
      head: subject.head,
      target: subject.branch === null ? model.targets.defaultBranch : targetOf(model.targets, subject.branch),
      dirty: dirty[index] ?? null,
      unpushed: subject.ref !== null && unpushed.ok ? (unpushed.value.get(subject.ref) ?? null) : null,
      status,
    };
  });

  return ok({
    repo: model.mainPath,
    repoId: model.repoId,
    targets: targets.map((target) => target.name),
    missingTargets: [...model.targets.missing],
    branches,
  });
}

/**
 * The status map: every worktree branch (and branch with a recorded target) × every target, plus
 * the branch's own recorded target when that is not one of the repository's.
 *
 * Cost model (git-techniques.md §3, §4): every pair's answer is cached by its (branch sha,
 * target sha), in memory and on disk (pair-store.ts), so only pairs whose branch or target moved
 * are computed, all together (pair-status.ts): ancestry and ahead/behind of all of them from one
 * commit walk, one `rev-parse` for the trees, a `merge-tree` per unmerged pair in a bounded pool,
 * and patch-ids in one batch. A warm map (no tip moved) runs no git at all for the pairs; the
 * dirty flags come from dirty-flags.ts and the unpushed counts from one `for-each-ref`.
 */
import type { GitMap, MapBranch, PairStatus } from '../../../shared/protocol/git-map.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { unpushedCounts } from '../git/for-each-ref.ts';
import { mergeTargetsOf, targetOf, type ResolvedTarget } from '../targets/resolve-targets.ts';
import { computePairs, type PairQuery } from './pair-status.ts';
import { subjectsOf, type RepoModel } from './repo-model.ts';
import { pairKey, type StatusCaches } from './status-cache.ts';

/** Subjects checked at once in fix presence (each runs a few git processes in sequence). */
export const SLOW_TIER_CONCURRENCY = 4;

export interface StatusMapOptions {
  readonly signal?: AbortSignal;
  /** Dirty flags of worktree paths (null: no worktree or unreadable); see dirty-flags.ts. */
  readonly dirtyOf: (worktrees: readonly string[]) => Promise<Array<boolean | null>>;
  /** Called with the answers computed by this map (to persist them). */
  readonly onComputed?: (answers: ReadonlyMap<string, PairStatus>) => void;
}

/** Build the map for a loaded model. */
export async function buildStatusMap(model: RepoModel, caches: StatusCaches, options: StatusMapOptions): Promise<Result<GitMap>> {
  const { signal } = options;
  const subjects = subjectsOf(model, { withTargets: false, withRecorded: true });
  const targets = model.targets.targets;
  // Each subject against the repository's targets and its own recorded target (a stacked branch
  // merges into its parent, a fix into the branch it came from): the row shows where it goes.
  const targetsOf: ResolvedTarget[][] = subjects.map((subject) => mergeTargetsOf(model.targets, subject.branch));
  const cwd = model.mainPath;

  // Dirty flags and unpushed counts, read while the pairs are computed.
  const withWorktree = subjects.filter((subject) => subject.worktree !== null && !subject.record?.prunable);
  const sideFacts = Promise.all([options.dirtyOf(withWorktree.map((subject) => subject.worktree!)), unpushedCounts(cwd, signal)]);

  // Every pair not answered yet, computed together.
  const open = new Map<string, PairQuery>();
  for (const [index, subject] of subjects.entries()) {
    for (const target of targetsOf[index]!) {
      const key = pairKey(subject.head, target.sha);
      if (!open.has(key) && caches.pairs.get(key) === undefined) open.set(key, { branch: subject.head, target: target.sha });
    }
  }
  const computed = await computePairs(cwd, [...open.values()], caches, signal);
  if (!computed.ok) {
    await sideFacts.catch(() => undefined);
    return computed;
  }
  for (const [key, status] of computed.value) caches.pairs.set(key, status);
  caches.computedPairs += computed.value.size;
  if (computed.value.size > 0) options.onComputed?.(computed.value);
  const statusOf = (head: string, target: string): PairStatus | undefined => {
    const key = pairKey(head, target);
    return computed.value.get(key) ?? caches.pairs.get(key);
  };

  const [flags, unpushed] = await sideFacts;
  const dirtyByWorktree = new Map(withWorktree.map((subject, index) => [subject.worktree!, flags[index] ?? null]));
  const dirty = subjects.map((subject) => (subject.worktree === null ? null : (dirtyByWorktree.get(subject.worktree) ?? null)));

  const branches: MapBranch[] = subjects.map((subject, index) => {
    const status: Record<string, PairStatus> = {};
    for (const target of targetsOf[index]!) {
      const answer = statusOf(subject.head, target.sha);
      if (answer) status[target.name] = answer;
    }
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

/**
 * Fix presence: is a commit — or a patch-equivalent one (cherry-picked with or without `-x`,
 * rebased) — in every target and worktree branch?
 *
 * One `for-each-ref --contains` answers `contains` for every branch at once; for the others one
 * `git cherry <branch> <commit> <commit>^` per branch looks for an equivalent since their merge
 * base (~6 ms each). Detached worktrees get `merge-base --is-ancestor`.
 *
 * The same answer read the other way round is "which worktrees are affected" by a bad commit.
 */
import type { FixPresence, Presence, PresenceEntry } from '../../../shared/protocol/git-map.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { resolveCommit } from '../git/branch.ts';
import { cherry } from '../git/cherry.ts';
import { refsContaining } from '../git/for-each-ref.ts';
import { logCommits } from '../git/log.ts';
import { isAncestor } from '../git/merge-base.ts';
import { mapWithConcurrency } from '../worktrees/map-with-concurrency.ts';
import { subjectsOf, type RepoModel, type Subject } from './repo-model.ts';
import { SLOW_TIER_CONCURRENCY } from './status-map.ts';

/** Resolve a user's commit-ish to a full commit id, or COMMIT_NOT_FOUND. */
export async function resolveUserCommit(cwd: string, commitish: string): Promise<Result<{ sha: string; subject: string; parent: string | null }>> {
  const resolved = await resolveCommit(cwd, commitish);
  if (!resolved.ok) return resolved;
  if (resolved.value === null) return err({ kind: 'COMMIT_NOT_FOUND', ref: commitish });
  const details = await logCommits(cwd, { revisions: [resolved.value], maxCount: 1 });
  if (!details.ok) return details;
  const commit = details.value[0];
  return ok({ sha: resolved.value, subject: commit?.subject ?? '', parent: commit?.parents[0] ?? null });
}

/** Presence of `commitish` in every target and worktree branch of the model. */
export async function fixPresence(model: RepoModel, commitish: string, signal?: AbortSignal): Promise<Result<FixPresence>> {
  const cwd = model.mainPath;
  const commit = await resolveUserCommit(cwd, commitish);
  if (!commit.ok) return commit;
  const containing = await refsContaining(cwd, commit.value.sha, ['refs/heads', 'refs/remotes'], signal);
  if (!containing.ok) return containing;
  const subjects = subjectsOf(model, { withTargets: true, withRecorded: false });
  const presences = await mapWithConcurrency(subjects, SLOW_TIER_CONCURRENCY, (subject) =>
    presenceIn(cwd, subject, commit.value, containing.value, signal),
  );
  const branches: PresenceEntry[] = [];
  for (const [index, subject] of subjects.entries()) {
    const presence = presences[index]!;
    if (!presence.ok) return presence;
    branches.push({ branch: subject.branch, worktree: subject.worktree, isTarget: subject.isTarget, head: subject.head, presence: presence.value });
  }
  return ok({ commit: commit.value.sha, subject: commit.value.subject, branches });
}

/** Presence of one commit in one branch (or detached worktree). */
export async function presenceIn(
  cwd: string,
  subject: Pick<Subject, 'ref' | 'head'>,
  commit: { sha: string; parent: string | null },
  containing: ReadonlySet<string> | null,
  signal?: AbortSignal,
): Promise<Result<Presence>> {
  if (subject.ref !== null && containing !== null) {
    if (containing.has(subject.ref)) return ok('contains');
  } else {
    const ancestor = await isAncestor(cwd, commit.sha, subject.head, signal);
    if (!ancestor.ok) return ancestor;
    if (ancestor.value) return ok('contains');
  }
  // A root commit has no parent to limit the comparison with: only exact containment counts.
  if (commit.parent === null) return ok('missing');
  const picks = await cherry(cwd, subject.head, commit.sha, commit.parent, signal);
  if (!picks.ok) return picks;
  return ok(picks.value.some((entry) => entry.sha === commit.sha && entry.equivalent) ? 'equivalent' : 'missing');
}

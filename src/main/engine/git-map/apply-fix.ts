/**
 * Apply a fix to chosen worktrees with `cherry-pick -x`, never losing anyone's work:
 * - a worktree in the middle of a merge, rebase or cherry-pick is refused;
 * - a dirty worktree is refused unless the caller allows it (git itself still refuses when the
 *   pick would overwrite an uncommitted change, which comes back as `refused` with git's words);
 * - a worktree that already has the commit or an equivalent is left alone;
 * - a conflict stops with the cherry-pick in progress, so a person or the worktree's agent can
 *   resolve it, or `abortApply` puts everything back.
 */
import path from 'node:path';
import type { ApplyOutcome } from '../../../shared/protocol/git-map.ts';
import type { AppError } from '../../../shared/errors.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { abortCherryPick, cherryPick, operationInProgress } from '../git/cherry-pick.ts';
import { readStatus } from '../git/status.ts';
import { presenceIn, resolveUserCommit } from './fix-presence.ts';
import type { RepoModel } from './repo-model.ts';

/** Cherry-pick `commitish` into each worktree in turn (they share one object store and refs). */
export async function applyFix(
  model: RepoModel,
  commitish: string,
  worktrees: readonly string[],
  allowDirty: boolean,
): Promise<Result<ApplyOutcome[]>> {
  const commit = await resolveUserCommit(model.mainPath, commitish);
  if (!commit.ok) return commit;
  const outcomes: ApplyOutcome[] = [];
  for (const wanted of worktrees) {
    outcomes.push(await applyOne(model, commit.value, wanted, allowDirty));
  }
  return ok(outcomes);
}

async function applyOne(
  model: RepoModel,
  commit: { sha: string; parent: string | null },
  wanted: string,
  allowDirty: boolean,
): Promise<ApplyOutcome> {
  const refused = (error: AppError): ApplyOutcome => ({ worktree: wanted, outcome: 'refused', commit: null, conflictedPaths: [], error });
  const record = findWorktree(model, wanted);
  if (!record || record.prunable || record.head === null) return refused({ kind: 'WORKTREE_NOT_FOUND', path: wanted });
  const worktree = record.path;
  const operation = await operationInProgress(worktree);
  if (operation) return refused({ kind: 'OPERATION_IN_PROGRESS', path: worktree, operation });
  const status = await readStatus(worktree);
  if (!status.ok) return refused(status.error);
  if (status.value.length > 0 && !allowDirty) return refused({ kind: 'WORKTREE_DIRTY', path: worktree, changes: status.value.length });
  const presence = await presenceIn(model.mainPath, { ref: null, head: record.head }, commit, null);
  if (!presence.ok) return refused(presence.error);
  if (presence.value !== 'missing') return { worktree, outcome: 'already-present', commit: null, conflictedPaths: [], error: null };
  const picked = await cherryPick(worktree, commit.sha);
  if (!picked.ok) return { ...refused(picked.error), worktree };
  if (picked.value.kind === 'applied') return { worktree, outcome: 'applied', commit: picked.value.commit, conflictedPaths: [], error: null };
  return { worktree, outcome: 'conflict', commit: null, conflictedPaths: picked.value.conflictedPaths, error: null };
}

/** Abort the cherry-pick in progress in one worktree of the model. */
export async function abortApply(model: RepoModel, wanted: string): Promise<Result<null>> {
  const record = findWorktree(model, wanted);
  if (!record) return err({ kind: 'WORKTREE_NOT_FOUND', path: wanted });
  if ((await operationInProgress(record.path)) !== 'cherry-pick') return err({ kind: 'NO_OPERATION_IN_PROGRESS', path: record.path });
  return abortCherryPick(record.path);
}

/** The worktree record at `wanted` (compared as resolved paths). */
export function findWorktree(model: RepoModel, wanted: string): RepoModel['worktrees'][number] | null {
  const resolved = path.resolve(wanted);
  return model.worktrees.find((record) => path.resolve(record.path) === resolved) ?? null;
}

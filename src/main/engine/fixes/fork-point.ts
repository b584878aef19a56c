/**
 * The fix's own commits: what landing transplants.
 *
 * The fork point is the recorded `agentOrchestratorBase` while it is still in the fix's history.
 * When the fix was rebased since (an agent resolving a conflict rebases it onto the target), it is
 * where the fix meets its target now. The commits to bring to a branch X are then
 * `tip --not <fork point> X`: never the parent's (feature) commits, never what X already has.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import { listCommitShas } from '../git/log.ts';
import { isAncestor, mergeBase } from '../git/merge-base.ts';

/** The commit the fix's own commits start after. */
export async function forkPoint(cwd: string, tip: string, recordedBase: string | null, meetsAt: string | null): Promise<Result<string>> {
  if (recordedBase !== null) {
    const inHistory = await isAncestor(cwd, recordedBase, tip);
    if (inHistory.ok && inHistory.value) return ok(recordedBase);
  }
  if (meetsAt === null) return err({ kind: 'INTERNAL', message: 'the fix has no fork point and no branch to meet' });
  const met = await mergeBase(cwd, tip, meetsAt);
  if (!met.ok) return met;
  if (met.value === null) return err({ kind: 'INTERNAL', message: `the fix shares no history with ${meetsAt}` });
  return ok(met.value);
}

/** The fix's commits that `branchTip` lacks, oldest first. */
export function ownCommits(cwd: string, tip: string, fork: string, branchTip: string): Promise<Result<string[]>> {
  return listCommitShas(cwd, { revisions: [tip, `^${fork}`, `^${branchTip}`], order: 'topo', reverse: true });
}

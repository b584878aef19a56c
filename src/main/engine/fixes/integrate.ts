/**
 * Integrator worktrees: a worktree marked as integrator merges chosen child branches, parents
 * before their children, and reports a result per child (merged, conflict, skipped).
 *
 * Each merge is computed in the object store (`merge-tree`, then a merge commit with
 * `commit-tree`), so a conflicting child leaves nothing in progress and the next child still
 * merges; the integrator's clean worktree is fast-forwarded once to the last good merge.
 */
import type { ChildResult, IntegrateInput } from '../../../shared/protocol/fixes.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { INTEGRATOR_KEY, readAllLineage, setLineageKey, unsetLineageKey } from '../git/branch-lineage.ts';
import { commitTree } from '../git/commit-tree.ts';
import { fastForward } from '../git/fast-forward.ts';
import { listRefs } from '../git/for-each-ref.ts';
import { isAncestor } from '../git/merge-base.ts';
import { mergeTree } from '../git/merge-tree.ts';
import { operationInProgress } from '../git/operation-state.ts';
import { currentHead } from '../git/rev-parse-head.ts';
import { isDirty } from '../git/status.ts';
import type { FixDeps } from './fix-deps.ts';
import { locate } from './locate.ts';

export async function setIntegrator(deps: FixDeps, input: { repoId?: string | undefined; worktree: string; integrator: boolean }): Promise<Result<null>> {
  const located = await locate(deps.repos, input.repoId, input.worktree);
  if (!located.ok) return located;
  const branch = located.value.branch;
  if (branch === null) return err({ kind: 'DETACHED_HEAD', path: input.worktree });
  const cwd = located.value.repo.path;
  const result = input.integrator ? await setLineageKey(cwd, branch, INTEGRATOR_KEY, 'true') : await unsetLineageKey(cwd, branch, INTEGRATOR_KEY);
  if (result.ok) await deps.notify(located.value.repo.id);
  return result;
}

/** Order `children` so each comes after its recorded parent when that parent is chosen too. */
export function dependencyOrder(children: readonly string[], parentOf: (branch: string) => string | null): string[] {
  const chosen = new Set(children);
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (branch: string): void => {
    if (ordered.includes(branch) || visiting.has(branch)) return;
    visiting.add(branch);
    const parent = parentOf(branch);
    if (parent !== null && chosen.has(parent)) visit(parent);
    ordered.push(branch);
  };
  for (const child of children) visit(child);
  return ordered;
}

export async function integrate(deps: FixDeps, input: IntegrateInput): Promise<Result<{ head: string; results: ChildResult[] }>> {
  const located = await locate(deps.repos, input.repoId, input.integrator);
  if (!located.ok) return located;
  const record = located.value.record;
  if (!record) return err({ kind: 'WORKTREE_NOT_FOUND', path: input.integrator });
  const branch = record.branch;
  if (branch === null || record.head === null) return err({ kind: 'DETACHED_HEAD', path: record.path });
  const cwd = located.value.repo.path;
  const operation = await operationInProgress(record.path);
  if (!operation.ok) return operation;
  if (operation.value) return err({ kind: 'OPERATION_IN_PROGRESS', path: record.path, operation: operation.value });
  const dirty = await isDirty(record.path);
  if (!dirty.ok) return dirty;
  if (dirty.value) return err({ kind: 'WORKTREE_DIRTY', path: record.path, changes: 1 });

  const [lineage, refs] = await Promise.all([readAllLineage(cwd), listRefs(cwd, ['refs/heads'])]);
  if (!lineage.ok) return lineage;
  if (!refs.ok) return refs;
  const tips = new Map(refs.value.map((tip) => [tip.ref.slice('refs/heads/'.length), tip.sha]));
  const parentOf = (child: string): string | null => lineage.value.get(child)?.parent ?? null;

  const start = record.head;
  let head = start;
  const failed = new Set<string>();
  const results: ChildResult[] = [];
  for (const child of dependencyOrder(input.children, parentOf)) {
    const result = (outcome: ChildResult['result'], reason: string | null, files: string[] = []): void => {
      if (outcome === 'conflict' || (outcome === 'skipped' && reason !== 'already merged')) failed.add(child);
      results.push({ branch: child, result: outcome, files, reason, head: outcome === 'merged' ? head : null });
    };
    const tip = tips.get(child);
    if (tip === undefined) {
      result('skipped', `${child} does not exist`);
      continue;
    }
    if (child === branch) {
      result('skipped', 'the integrator itself');
      continue;
    }
    const parent = parentOf(child);
    if (parent !== null && failed.has(parent)) {
      result('skipped', `its parent ${parent} did not merge`);
      continue;
    }
    const contained = await isAncestor(cwd, tip, head);
    if (!contained.ok) return contained;
    if (contained.value) {
      result('skipped', 'already merged');
      continue;
    }
    const merged = await mergeTree(cwd, head, tip);
    if (!merged.ok) return merged;
    if (!merged.value.clean) {
      result('conflict', null, merged.value.conflictedPaths);
      continue;
    }
    const commit = await commitTree(cwd, { tree: merged.value.tree, parents: [head, tip], message: `Merge branch '${child}' into ${branch}\n` });
    if (!commit.ok) return commit;
    head = commit.value;
    result('merged', null);
  }
  if (head !== start) {
    const now = await currentHead(record.path);
    if (!now.ok) return now;
    if (now.value !== start) return err({ kind: 'REF_MOVED', ref: branch });
    const moved = await fastForward(record.path, head);
    if (!moved.ok) return moved;
    await deps.notify(located.value.repo.id);
  }
  return ok({ head, results });
}

/**
 * Restack: after a parent branch moved (new commits, a rebase, an amend), rebase its children
 * onto its new tip with `git rebase --update-refs --onto <parent> <recorded fork point>`.
 *
 * A child checked out in a clean worktree is rebased there; one checked out nowhere in a
 * temporary detached worktree (never in the user's own). A conflict aborts that child's rebase at
 * once (nothing stays in progress) and is reported; the other children still go.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ChildResult, RestackChild, RestackInput } from '../../../shared/protocol/fixes.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { BASE_KEY, readAllLineage, setLineageKey } from '../git/branch-lineage.ts';
import { listRefs } from '../git/for-each-ref.ts';
import { isAncestor, mergeBase } from '../git/merge-base.ts';
import { operationInProgress } from '../git/operation-state.ts';
import { rebaseOnto } from '../git/rebase.ts';
import { isDirty } from '../git/status.ts';
import { worktreeAdd } from '../git/worktree-add.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import { worktreeRemove } from '../git/worktree-remove.ts';
import { agentWorkingIn, type FixDeps } from './fix-deps.ts';
import { holderOf, locate } from './locate.ts';

/** The children of `parent` and how each stands against its tip. */
export async function listChildren(deps: FixDeps, repoId: string | undefined, parent: string): Promise<Result<RestackChild[]>> {
  const located = await locate(deps.repos, repoId, parent);
  if (!located.ok) return located;
  const parentBranch = located.value.branch;
  if (parentBranch === null) return err({ kind: 'DETACHED_HEAD', path: parent });
  return childrenOf(located.value.repo.path, parentBranch);
}

async function childrenOf(cwd: string, parentBranch: string): Promise<Result<RestackChild[]>> {
  const [lineage, refs, records] = await Promise.all([readAllLineage(cwd), listRefs(cwd, ['refs/heads']), listWorktrees(cwd)]);
  if (!lineage.ok) return lineage;
  if (!refs.ok) return refs;
  if (!records.ok) return records;
  const tips = new Map(refs.value.map((tip) => [tip.ref.slice('refs/heads/'.length), tip.sha]));
  const parentTip = tips.get(parentBranch);
  if (parentTip === undefined) return err({ kind: 'BRANCH_NOT_FOUND', branch: parentBranch });
  const children: RestackChild[] = [];
  for (const [branch, facts] of lineage.value) {
    if (facts.parent !== parentBranch || !tips.has(branch)) continue;
    let state: RestackChild['state'] = 'diverged';
    if (facts.base === parentTip) state = 'current';
    else if (facts.base !== null) {
      const behind = await isAncestor(cwd, facts.base, parentTip);
      if (behind.ok && behind.value) state = 'behind';
    }
    children.push({ branch, base: facts.base, state, worktree: holderOf(records.value, branch)?.path ?? null });
  }
  return ok(children.sort((a, b) => a.branch.localeCompare(b.branch)));
}

export async function restack(deps: FixDeps, input: RestackInput): Promise<Result<ChildResult[]>> {
  const located = await locate(deps.repos, input.repoId, input.parent);
  if (!located.ok) return located;
  const parentBranch = located.value.branch;
  if (parentBranch === null) return err({ kind: 'DETACHED_HEAD', path: input.parent });
  const cwd = located.value.repo.path;
  const initial = await childrenOf(cwd, parentBranch);
  if (!initial.ok) return initial;
  const chosen = input.children ?? initial.value.filter((child) => child.state !== 'current').map((child) => child.branch);
  const results: ChildResult[] = [];
  for (const branch of chosen) {
    // Re-read: a rebase with --update-refs may have moved a later child already.
    const now = await childrenOf(cwd, parentBranch);
    if (!now.ok) return now;
    const child = now.value.find((candidate) => candidate.branch === branch);
    if (!child) {
      results.push({ branch, result: 'skipped', files: [], reason: `${branch} is not a child of ${parentBranch}`, head: null });
      continue;
    }
    if (child.state === 'current') {
      results.push({ branch, result: 'current', files: [], reason: null, head: null });
      continue;
    }
    results.push(await restackOne(deps, cwd, parentBranch, child));
  }
  await deps.notify(located.value.repo.id);
  return ok(results);
}

async function restackOne(deps: FixDeps, cwd: string, parentBranch: string, child: RestackChild): Promise<ChildResult> {
  const fail = (reason: string): ChildResult => ({ branch: child.branch, result: 'skipped', files: [], reason, head: null });
  const refs = await listRefs(cwd, ['refs/heads']);
  if (!refs.ok) return fail(refs.error.kind);
  const before = new Map(refs.value.map((tip) => [tip.ref, tip.sha]));
  const parentTip = before.get(`refs/heads/${parentBranch}`)!;
  let upstream = child.base;
  if (upstream === null) {
    const met = await mergeBase(cwd, `refs/heads/${child.branch}`, parentTip);
    if (!met.ok || met.value === null) return fail('no fork point recorded or found');
    upstream = met.value;
  }

  let outcome;
  if (child.worktree) {
    const operation = await operationInProgress(child.worktree);
    if (operation.ok && operation.value) return fail(`a ${operation.value} is in progress in ${child.worktree}`);
    const dirty = await isDirty(child.worktree);
    if (!dirty.ok || dirty.value) return fail(`${child.worktree} has uncommitted changes`);
    if (agentWorkingIn(deps.agents, child.worktree)) return fail(`the agent in ${child.worktree} is working`);
    outcome = await rebaseOnto(child.worktree, { onto: parentTip, upstream, updateRefs: true });
  } else {
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'ao-restack-'));
    try {
      const added = await worktreeAdd(cwd, { path: scratch, commitish: upstream, detach: true });
      if (!added.ok) return fail('could not create a temporary worktree');
      outcome = await rebaseOnto(scratch, { onto: parentTip, upstream, branch: child.branch, updateRefs: true });
    } finally {
      await worktreeRemove(cwd, scratch, 2);
      await rm(scratch, { recursive: true, force: true });
    }
  }
  if (!outcome.ok) return fail(outcome.error.kind === 'GIT_FAILED' ? outcome.error.stderr.split('\n')[0] ?? 'git failed' : outcome.error.kind);
  if (!outcome.value.done) return { branch: child.branch, result: 'conflict', files: outcome.value.files, reason: null, head: null };

  // This child, and any sibling that --update-refs moved along, now fork at the parent's tip.
  const after = await listRefs(cwd, ['refs/heads']);
  const lineage = await readAllLineage(cwd);
  if (after.ok && lineage.ok) {
    for (const tip of after.value) {
      const name = tip.ref.slice('refs/heads/'.length);
      const moved = before.get(tip.ref) !== tip.sha;
      if (moved && lineage.value.get(name)?.parent === parentBranch) await setLineageKey(cwd, name, BASE_KEY, parentTip);
    }
  }
  const head = after.ok ? (after.value.find((tip) => tip.ref === `refs/heads/${child.branch}`)?.sha ?? null) : null;
  return { branch: child.branch, result: 'restacked', files: [], reason: null, head };
}

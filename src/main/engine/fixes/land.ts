/**
 * Land a fix without a hop: transplant its own commits onto each target, bring it into the source,
 * all or nothing.
 *
 * Everything is computed first in the object store (replay.ts, merge-tree): the new tip of every
 * target and of the source. Only when none conflicts are branches moved — a branch nobody has
 * checked out by a compare-and-swap `update-ref`, a checked-out one by a fast-forward in its clean
 * worktree (or `reset --keep` for a rebased source). No merge, rebase or cherry-pick is ever
 * started in a worktree, so none can be left in progress; if a move fails half-way, the moves
 * already made are undone.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { LandedTarget, LandInput, LandResult, SourceMode } from '../../../shared/protocol/fixes.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { readBranchLineage } from '../git/branch-lineage.ts';
import { readBranchTargets } from '../git/branch-target.ts';
import { commitTree } from '../git/commit-tree.ts';
import { fastForward } from '../git/fast-forward.ts';
import { listCommitShas } from '../git/log.ts';
import { isAncestor } from '../git/merge-base.ts';
import { mergeTree } from '../git/merge-tree.ts';
import { operationInProgress } from '../git/operation-state.ts';
import { resetKeep } from '../git/reset-keep.ts';
import { currentHead } from '../git/rev-parse-head.ts';
import { isDirty } from '../git/status.ts';
import { updateRefIfUnchanged } from '../git/update-ref.ts';
import type { WorktreeRecord } from '../git/worktree-list.ts';
import { resolveTargets, targetOf } from '../targets/index.ts';
import { agentWorkingIn, type FixDeps } from './fix-deps.ts';
import { forkPoint, ownCommits } from './fork-point.ts';
import { holderOf, locate } from './locate.ts';
import { replayCommits } from './replay.ts';

/** One branch move, planned before anything changes. */
interface Move {
  readonly branch: string;
  readonly from: string;
  readonly to: string;
  /** The worktree that has the branch checked out, or null (move the ref). */
  readonly worktree: string | null;
  /** The new tip does not descend from the old one (a rebased source): `reset --keep`. */
  readonly rewrite: boolean;
}

type SourcePlan =
  | { kind: 'skipped'; branch: string; head: string; reason: string }
  | { kind: 'update'; mode: Exclude<SourceMode, 'skip'>; move: Move };

export async function landFix(deps: FixDeps, input: LandInput): Promise<Result<LandResult>> {
  const located = await locate(deps.repos, input.repoId, input.fix);
  if (!located.ok) return located;
  const { repo, records } = located.value;
  const fixBranch = located.value.branch;
  if (fixBranch === null) return err({ kind: 'DETACHED_HEAD', path: located.value.record?.path ?? input.fix });
  const cwd = repo.path;

  const [lineage, recordedTargets, resolved] = await Promise.all([readBranchLineage(cwd, fixBranch), readBranchTargets(cwd), resolveTargets(cwd)]);
  if (!lineage.ok) return lineage;
  if (!recordedTargets.ok) return recordedTargets;
  if (!resolved.ok) return resolved;
  if (lineage.value.parent === null && lineage.value.base === null) return err({ kind: 'NOT_A_FIX_BRANCH', branch: fixBranch });
  const tips = resolved.value.tips;
  const tip = tips.get(`refs/heads/${fixBranch}`);
  if (tip === undefined) return err({ kind: 'BRANCH_NOT_FOUND', branch: fixBranch });

  const ownTarget = recordedTargets.value.get(fixBranch) ?? targetOf(resolved.value, fixBranch);
  const targetNames = [...new Set(input.targets && input.targets.length > 0 ? input.targets : ownTarget ? [ownTarget] : [])];
  if (targetNames.length === 0) return err({ kind: 'TARGET_NOT_FOUND', branch: '(none recorded)' });

  // Pre-flight: every target is a local branch whose worktree (if any) can take a fast-forward.
  const targets: Array<{ name: string; sha: string; holder: WorktreeRecord | null }> = [];
  for (const name of targetNames) {
    if (name === fixBranch) return err({ kind: 'INVALID_INPUT', message: `cannot land ${fixBranch} on itself` });
    const sha = tips.get(`refs/heads/${name}`);
    if (sha === undefined) return err(tips.has(`refs/remotes/${name}`) ? { kind: 'TARGET_NOT_LOCAL', branch: name } : { kind: 'TARGET_NOT_FOUND', branch: name });
    const holder = holderOf(records, name);
    if (holder) {
      const problem = await worktreeProblem(holder.path);
      if (problem === 'dirty') return err({ kind: 'TARGET_DIRTY', branch: name, path: holder.path });
      if (problem) return err({ kind: 'OPERATION_IN_PROGRESS', path: holder.path, operation: problem });
    }
    targets.push({ name, sha, holder });
  }

  const fork = await forkPoint(cwd, tip, lineage.value.base, ownTarget ?? lineage.value.parent);
  if (!fork.ok) return fork;
  if (fork.value === tip) return err({ kind: 'NOTHING_TO_LAND', branch: fixBranch });

  // Compute every target's new tip; a conflict stops here with nothing changed.
  const moves: Move[] = [];
  const landed: Record<string, LandedTarget> = {};
  for (const target of targets) {
    const commits = await ownCommits(cwd, tip, fork.value, target.sha);
    if (!commits.ok) return commits;
    const replayed = await replayCommits(cwd, commits.value, target.sha, { trailer: true });
    if (!replayed.ok) return replayed;
    if (replayed.value.kind === 'conflict') {
      return ok({ landed: false, fixBranch, conflict: { target: target.name, where: 'target', files: replayed.value.files } });
    }
    const head = replayed.value.head;
    landed[target.name] = { head, previous: target.sha, commits: replayed.value.commits, via: head === target.sha ? 'unchanged' : target.holder ? 'worktree' : 'ref' };
    if (head !== target.sha) moves.push({ branch: target.name, from: target.sha, to: head, worktree: target.holder?.path ?? null, rewrite: false });
  }

  const source = await planSource(deps, {
    cwd,
    records,
    tips,
    parent: lineage.value.parent,
    targetNames,
    tip,
    fork: fork.value,
    fixBranch,
    mode: input.source ?? 'cherry-pick',
  });
  if (!source.ok) return source;
  if ('conflict' in source.value) {
    return ok({ landed: false, fixBranch, conflict: { target: source.value.branch, where: 'source', files: source.value.conflict } });
  }
  const plan = source.value;
  if (plan.kind === 'update' && plan.move.to !== plan.move.from) moves.push(plan.move);

  const applied = await applyMoves(cwd, moves);
  if (!applied.ok) return applied;
  await deps.notify(repo.id);
  const fixHolder = holderOf(records, fixBranch);
  return ok({
    landed: true,
    fixBranch,
    fixWorktree: fixHolder?.path ?? null,
    targets: landed,
    source:
      plan.kind === 'skipped'
        ? { branch: plan.branch, update: 'skipped', head: plan.head, reason: plan.reason }
        : { branch: plan.move.branch, update: plan.mode, head: plan.move.to, reason: null },
  });
}

interface SourceFacts {
  cwd: string;
  records: readonly WorktreeRecord[];
  tips: ReadonlyMap<string, string>;
  parent: string | null;
  targetNames: readonly string[];
  tip: string;
  fork: string;
  fixBranch: string;
  mode: SourceMode;
}

/** How the source gets the fix (or why it does not), computed without changing anything. */
async function planSource(deps: FixDeps, facts: SourceFacts): Promise<Result<SourcePlan | { branch: string; conflict: string[] }>> {
  const { cwd, parent, tip } = facts;
  if (parent === null) return ok({ kind: 'skipped', branch: '', head: tip, reason: 'the fix records no source branch' });
  const head = facts.tips.get(`refs/heads/${parent}`);
  if (head === undefined) return ok({ kind: 'skipped', branch: parent, head: tip, reason: `${parent} no longer exists` });
  const skip = (reason: string) => ok<SourcePlan>({ kind: 'skipped', branch: parent, head, reason });
  if (facts.targetNames.includes(parent)) return skip(`${parent} is a target, so it has the fix already`);
  if (facts.mode === 'skip') return skip('not asked to update the source');
  const holder = holderOf(facts.records, parent);
  if (holder) {
    const problem = await worktreeProblem(holder.path);
    if (problem === 'dirty') return skip(`${holder.path} has uncommitted changes; bring the fix in later`);
    if (problem) return skip(`a ${problem} is in progress in ${holder.path}`);
    if (agentWorkingIn(deps.agents, holder.path)) return skip(`the agent in ${holder.path} is working; bring the fix in when it is done`);
  }
  const move = (to: string, rewrite: boolean): Move => ({ branch: parent, from: head, to, worktree: holder?.path ?? null, rewrite });

  switch (facts.mode) {
    case 'cherry-pick': {
      const commits = await ownCommits(cwd, tip, facts.fork, head);
      if (!commits.ok) return commits;
      const replayed = await replayCommits(cwd, commits.value, head, { trailer: true });
      if (!replayed.ok) return replayed;
      if (replayed.value.kind === 'conflict') return ok({ branch: parent, conflict: replayed.value.files });
      return ok({ kind: 'update', mode: 'cherry-pick', move: move(replayed.value.head, false) });
    }
    case 'merge': {
      const contained = await isAncestor(cwd, tip, head);
      if (!contained.ok) return contained;
      if (contained.value) return ok({ kind: 'update', mode: 'merge', move: move(head, false) });
      const behind = await isAncestor(cwd, head, tip);
      if (!behind.ok) return behind;
      if (behind.value) return ok({ kind: 'update', mode: 'merge', move: move(tip, false) });
      const merged = await mergeTree(cwd, head, tip);
      if (!merged.ok) return merged;
      if (!merged.value.clean) return ok({ branch: parent, conflict: merged.value.conflictedPaths });
      const commit = await commitTree(cwd, { tree: merged.value.tree, parents: [head, tip], message: `Merge branch '${facts.fixBranch}' into ${parent}\n` });
      if (!commit.ok) return commit;
      return ok({ kind: 'update', mode: 'merge', move: move(commit.value, false) });
    }
    case 'rebase': {
      // The source's own commits (those the fix lacks), replayed on top of the fix.
      const commits = await listCommitShas(cwd, { revisions: [head, `^${tip}`], order: 'topo', reverse: true });
      if (!commits.ok) return commits;
      const replayed = await replayCommits(cwd, commits.value, tip);
      if (!replayed.ok) return replayed;
      if (replayed.value.kind === 'conflict') return ok({ branch: parent, conflict: replayed.value.files });
      return ok({ kind: 'update', mode: 'rebase', move: move(replayed.value.head, true) });
    }
  }
}

/** 'dirty', the name of an unfinished operation, or null when the worktree can take a move. */
async function worktreeProblem(worktree: string): Promise<string | null> {
  const operation = await operationInProgress(worktree);
  if (operation.ok && operation.value) return operation.value;
  const dirty = await isDirty(worktree);
  if (!dirty.ok) return 'unreadable status';
  return dirty.value ? 'dirty' : null;
}

/** Make every move; on the first failure undo the ones made and return the failure. */
export async function applyMoves(cwd: string, moves: readonly Move[]): Promise<Result<null>> {
  const done: Move[] = [];
  for (const move of moves) {
    const result = await applyMove(cwd, move);
    if (!result.ok) {
      for (const made of done.reverse()) await undoMove(cwd, made);
      return result;
    }
    done.push(move);
  }
  return ok(null);
}

async function applyMove(cwd: string, move: Move): Promise<Result<null>> {
  if (move.worktree === null) {
    const swapped = await updateRefIfUnchanged(cwd, `refs/heads/${move.branch}`, move.to, move.from, 'agent-orchestrator: land fix');
    if (!swapped.ok) return swapped;
    return swapped.value ? ok(null) : err({ kind: 'REF_MOVED', ref: move.branch });
  }
  const head = await currentHead(move.worktree);
  if (!head.ok) return head;
  if (head.value !== move.from) return err({ kind: 'REF_MOVED', ref: move.branch });
  const moved = move.rewrite ? await resetKeep(move.worktree, move.to) : await fastForward(move.worktree, move.to);
  return moved.ok ? moved : err(explainMoveFailure(moved.error, move));
}

async function undoMove(cwd: string, move: Move): Promise<void> {
  if (move.worktree === null) {
    await updateRefIfUnchanged(cwd, `refs/heads/${move.branch}`, move.from, move.to, 'agent-orchestrator: undo land');
    return;
  }
  const head = await currentHead(move.worktree);
  if (head.ok && head.value === move.to) await resetKeep(move.worktree, move.from);
}

/** A worktree that refused its fast-forward has changed since the pre-flight (files appeared). */
function explainMoveFailure(error: AppError, move: Move): AppError {
  if (error.kind === 'GIT_FAILED' && move.worktree && /overwritten|local changes|untracked working tree/i.test(error.stderr)) {
    return { kind: 'TARGET_DIRTY', branch: move.branch, path: move.worktree };
  }
  return error;
}

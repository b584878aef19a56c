/**
 * What the branch graph shows for one repository: its targets, its worktrees' branches and
 * detached heads, and the ref tips that identify one layout.
 *
 * Targets come from the one `resolveTargets()` (default branch, then the configuration's
 * `targets`), so the graph, the status map and the worktree list never disagree. Shown besides:
 * every worktree's branch or detached HEAD, every branch with a recorded target, and the
 * branches those record as targets.
 */
import { createHash } from 'node:crypto';
import type { GraphOrder } from '../../../shared/protocol/graph.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import { loadRepoConfig } from '../repo-config/repo-config.ts';
import { findBranch, resolveTargets } from '../targets/resolve-targets.ts';

/** The refs and labels one layout is made from; plain data, sent to the worker as is. */
export interface GraphScope {
  /** Main worktree path (git runs here). */
  readonly cwd: string;
  /** Target branch names that exist, default branch first. */
  readonly targets: readonly string[];
  /** Tip commit of each target, same order. */
  readonly targetTips: readonly string[];
  /** Branch → path of the worktree that has it checked out. */
  readonly branchWorktrees: readonly (readonly [string, string])[];
  /** Detached worktrees: head commit → paths. */
  readonly detachedHeads: readonly (readonly [string, string])[];
  /** What `git log` starts from: full ref names and detached head commits. */
  readonly revs: readonly string[];
  /** Fingerprint of every starting point's commit plus the order. */
  readonly revision: string;
}

/** Bits of `GraphRow.inTargets` (a 32-bit integer, sign bit left alone). */
const MAX_TARGETS = 31;

/** Work out the scope of the graph of the repository at `repoPath`. */
export async function resolveGraphScope(repoPath: string, home: string, order: GraphOrder): Promise<Result<GraphScope>> {
  const worktrees = await listWorktrees(repoPath);
  if (!worktrees.ok) return worktrees;
  const config = await loadRepoConfig(repoPath, home);
  // A broken configuration is reported by the worktree list; the graph still shows the default branch.
  const resolved = await resolveTargets(repoPath, config.ok ? { configTargets: config.value.config.targets } : {});
  if (!resolved.ok) return resolved;
  const { tips, recorded } = resolved.value;

  const shown = new Map<string, string>(); // full ref → sha
  const show = (name: string): void => {
    const found = findBranch(tips, name);
    if (found) shown.set(found.ref, found.sha);
  };
  const targets = resolved.value.targets.slice(0, MAX_TARGETS);
  for (const target of targets) shown.set(target.ref, target.sha);
  const branchWorktrees: [string, string][] = [];
  const detachedHeads: [string, string][] = [];
  for (const worktree of worktrees.value) {
    if (worktree.bare || worktree.prunable) continue;
    if (worktree.branch) {
      show(worktree.branch);
      branchWorktrees.push([worktree.branch, worktree.path]);
    } else if (worktree.head) {
      detachedHeads.push([worktree.head, worktree.path]);
    }
  }
  for (const [branch, target] of recorded) {
    show(branch);
    show(target);
  }

  const revs = [...shown.keys()].sort();
  for (const [head] of detachedHeads) if (!revs.includes(head)) revs.push(head);

  const fingerprint = createHash('sha1');
  fingerprint.update(order);
  for (const ref of revs) fingerprint.update(`\0${ref}=${shown.get(ref) ?? ref}`);
  for (const target of targets) fingerprint.update(`\0t=${target.name}`);
  for (const [branch, path] of branchWorktrees) fingerprint.update(`\0w=${branch}=${path}`);
  for (const [head, path] of detachedHeads) fingerprint.update(`\0d=${head}=${path}`);
  return ok({
    cwd: repoPath,
    targets: targets.map((target) => target.name),
    targetTips: targets.map((target) => target.sha),
    branchWorktrees,
    detachedHeads,
    revs,
    revision: fingerprint.digest('hex').slice(0, 16),
  });
}

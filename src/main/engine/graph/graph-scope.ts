/**
 * What the branch graph shows for one repository: its targets, its worktrees' branches and
 * detached heads, and the ref tips that identify one layout.
 *
 * Targets are the default branch, the repository config's `targets` and every target recorded on
 * a branch (`branch.<b>.agentOrchestratorTarget`). The git query layer of issue 9 brings one shared
 * `resolveTargets()`; this module should switch to it once it lands on main.
 */
import { createHash } from 'node:crypto';
import type { GraphOrder } from '../../../shared/protocol/graph.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { defaultBranch } from '../git/branch.ts';
import { readBranchTargets } from '../git/branch-target.ts';
import { runGit } from '../git/core.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import { loadRepoConfig } from '../repo-config/repo-config.ts';

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

const HEADS = 'refs/heads/';
/** Bits of `GraphRow.inTargets` (a 32-bit integer, sign bit left alone). */
const MAX_TARGETS = 31;

/** Work out the scope of the graph of the repository at `repoPath`. */
export async function resolveGraphScope(repoPath: string, home: string, order: GraphOrder): Promise<Result<GraphScope>> {
  const worktrees = await listWorktrees(repoPath);
  if (!worktrees.ok) return worktrees;
  const recorded = await readBranchTargets(repoPath);
  if (!recorded.ok) return recorded;
  const fallback = await defaultBranch(repoPath);
  const config = await loadRepoConfig(repoPath, home);

  const wanted = new Set<string>();
  if (fallback.ok && fallback.value) wanted.add(fallback.value);
  if (config.ok) for (const target of config.value.config.targets) wanted.add(target);
  for (const target of recorded.value.values()) wanted.add(target);

  const branches = new Set<string>(wanted);
  const branchWorktrees: [string, string][] = [];
  const detachedHeads: [string, string][] = [];
  for (const worktree of worktrees.value) {
    if (worktree.bare || worktree.prunable) continue;
    if (worktree.branch) {
      branches.add(worktree.branch);
      branchWorktrees.push([worktree.branch, worktree.path]);
    } else if (worktree.head) {
      detachedHeads.push([worktree.head, worktree.path]);
    }
  }
  for (const branch of recorded.value.keys()) branches.add(branch);

  // One call resolves every candidate; names that are not local branches (a target given as
  // `origin/main`) are looked up among remote-tracking branches.
  const patterns = [...branches].map((name) => (name.startsWith('refs/') ? name : `${HEADS}${name}`));
  for (const name of wanted) patterns.push(`refs/remotes/${name}`);
  const tips = await readTips(repoPath, patterns);
  if (!tips.ok) return tips;

  const targets: string[] = [];
  const targetTips: string[] = [];
  for (const name of wanted) {
    // Targets are a bit mask per commit (`GraphRow.inTargets`); nobody has more than a few.
    if (targets.length === MAX_TARGETS) break;
    const tip = tips.value.get(`${HEADS}${name}`) ?? tips.value.get(`refs/remotes/${name}`);
    if (tip) {
      targets.push(name);
      targetTips.push(tip);
    }
  }
  const revs = [...tips.value.keys()].sort();
  for (const [head] of detachedHeads) if (!revs.includes(head)) revs.push(head);

  const fingerprint = createHash('sha1');
  fingerprint.update(order);
  for (const ref of revs) fingerprint.update(`\0${ref}=${tips.value.get(ref) ?? ref}`);
  for (const target of targets) fingerprint.update(`\0t=${target}`);
  for (const [branch, path] of branchWorktrees) fingerprint.update(`\0w=${branch}=${path}`);
  for (const [head, path] of detachedHeads) fingerprint.update(`\0d=${head}=${path}`);
  return ok({
    cwd: repoPath,
    targets,
    targetTips,
    branchWorktrees,
    detachedHeads,
    revs,
    revision: fingerprint.digest('hex').slice(0, 16),
  });
}

/** Exact ref name → commit, for the refs among `patterns` that exist. */
async function readTips(cwd: string, patterns: readonly string[]): Promise<Result<Map<string, string>>> {
  const tips = new Map<string, string>();
  if (patterns.length === 0) return ok(tips);
  const result = await runGit(['for-each-ref', '--format=%(objectname) %(refname)', '--', ...patterns], {
    cwd,
    label: 'graph-scope',
  });
  if (!result.ok) return result;
  const exact = new Set(patterns);
  for (const line of result.value.stdout.split('\n')) {
    const space = line.indexOf(' ');
    if (space === -1) continue;
    const ref = line.slice(space + 1);
    // for-each-ref matches patterns as prefixes (`refs/heads/a` also lists `refs/heads/a/b`).
    if (exact.has(ref)) tips.set(ref, line.slice(0, space));
  }
  return ok(tips);
}

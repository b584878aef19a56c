/**
 * The one answer to "what are this repository's targets, and what is this branch's target".
 *
 * A target is a long-lived branch that work merges into. A repository's targets are its default
 * branch plus the `targets` of its configuration (`agent-orchestrator.json`), in that order, each
 * a local branch or, failing that, a remote-tracking branch (`origin/main`). Each branch may have
 * its own target recorded in git config (`branch.<name>.agentOrchestratorTarget`); a branch
 * without one merges into the default branch. Everything that needs a target — the handoff
 * prompt, worktree create/remove, the worktree list, the status map, fix presence — asks here, so
 * they can never disagree.
 *
 * Cost: four small git reads run together (refs, recorded targets, two symbolic refs), no loop;
 * fewer when the caller already has the config and the main worktree's branch (`branchConfig`).
 */
import { ok, type Result } from '../../../shared/result.ts';
import { pickDefaultBranch, readDefaultBranchFacts, type KnownDefaultBranchFacts } from '../git/branch.ts';
import type { BranchConfig } from '../git/branch-config.ts';
import { readBranchTargets } from '../git/branch-target.ts';
import { listRefs, type RefTip } from '../git/for-each-ref.ts';

/** A target that exists, with the ref it resolved to and its commit. */
export interface ResolvedTarget {
  /** As the user names it: `main`, `consumer`, `origin/release`. */
  readonly name: string;
  /** Full ref: `refs/heads/main` or `refs/remotes/origin/release`. */
  readonly ref: string;
  readonly sha: string;
}

/** A repository's targets at one moment. */
export interface RepoTargets {
  /** The default branch's name, or null when none can be named (see `pickDefaultBranch`). */
  readonly defaultBranch: string | null;
  /** Existing targets, default branch first, then the configured ones; no duplicates. */
  readonly targets: readonly ResolvedTarget[];
  /** Configured target names that match no branch (shown as a warning, never an error). */
  readonly missing: readonly string[];
  /** Recorded per-branch targets, branch → target name, as written in git config. */
  readonly recorded: ReadonlyMap<string, string>;
  /** Every local and remote-tracking branch tip read on the way (full ref → sha). */
  readonly tips: ReadonlyMap<string, string>;
}

export interface ResolveTargetsOptions {
  /** The `targets` of the repository's configuration (already loaded and validated). */
  readonly configTargets?: readonly string[];
  readonly signal?: AbortSignal;
  /**
   * The recorded targets and `init.defaultBranch` from a config read the caller runs anyway
   * (branch-config.ts; the worktree listing also needs the lineage from it): one git process
   * instead of three.
   */
  readonly branchConfig?: Promise<Result<BranchConfig>>;
  /** The main worktree's branch when the caller has its `git worktree list` entry (null: detached). */
  readonly mainBranch?: string | null;
}

/**
 * Resolve the targets of the repository whose main worktree is `repoPath`.
 *
 * Fails only when git cannot read the repository (NOT_A_GIT_REPO, GIT_FAILED …); unknown
 * configured names land in `missing`.
 */
export async function resolveTargets(repoPath: string, options: ResolveTargetsOptions = {}): Promise<Result<RepoTargets>> {
  const signal = options.signal ? { signal: options.signal } : {};
  const config = options.branchConfig;
  const known: KnownDefaultBranchFacts = {
    ...(config ? { initDefault: config.then((read) => (read.ok ? ok(read.value.initDefault) : read)) } : {}),
    ...(options.mainBranch !== undefined ? { currentBranch: options.mainBranch } : {}),
  };
  const [refs, recorded, facts] = await Promise.all([
    listRefs(repoPath, ['refs/heads', 'refs/remotes'], signal),
    config ? config.then((read) => (read.ok ? ok(read.value.targets) : read)) : readBranchTargets(repoPath),
    readDefaultBranchFacts(repoPath, known),
  ]);
  if (!refs.ok) return refs;
  if (!recorded.ok) return recorded;
  if (!facts.ok) return facts;
  const tips = tipMap(refs.value);
  const defaultBranch = pickDefaultBranch(facts.value, (name) => tips.has(`refs/heads/${name}`));
  const targets: ResolvedTarget[] = [];
  const missing: string[] = [];
  for (const name of [...(defaultBranch ? [defaultBranch] : []), ...(options.configTargets ?? [])]) {
    if (targets.some((target) => target.name === name)) continue;
    const found = findBranch(tips, name);
    if (found) targets.push(found);
    else if (!missing.includes(name)) missing.push(name);
  }
  return ok({ defaultBranch, targets, missing, recorded: recorded.value, tips });
}

/**
 * The target of `branch`: its recorded target, else the default branch; null for a detached
 * HEAD, for the default branch itself, or when the repository has no default branch.
 */
export function targetOf(resolved: RepoTargets, branch: string | null): string | null {
  if (branch === null) return null;
  const recorded = resolved.recorded.get(branch);
  if (recorded !== undefined && recorded !== branch) return recorded;
  const fallback = resolved.defaultBranch;
  return fallback !== null && fallback !== branch ? fallback : null;
}

/**
 * Every existing target `branch`'s work counts as merged into: the repository's targets plus the
 * branch's own recorded target, never the branch itself. What "would removing this lose
 * commits" is checked against.
 */
export function mergeTargetsOf(resolved: RepoTargets, branch: string | null): ResolvedTarget[] {
  const result = resolved.targets.filter((target) => target.name !== branch);
  const own = branch !== null ? resolved.recorded.get(branch) : undefined;
  if (own !== undefined && own !== branch && !result.some((target) => target.name === own)) {
    const found = findBranch(resolved.tips, own);
    if (found) result.push(found);
  }
  return result;
}

/** A local branch `name`, else a remote-tracking branch `name` (`origin/main`), else null. */
export function findBranch(tips: ReadonlyMap<string, string>, name: string): ResolvedTarget | null {
  for (const ref of [`refs/heads/${name}`, `refs/remotes/${name}`]) {
    const sha = tips.get(ref);
    if (sha !== undefined) return { name, ref, sha };
  }
  return null;
}

function tipMap(refs: readonly RefTip[]): Map<string, string> {
  const tips = new Map<string, string>();
  // `refs/remotes/origin/HEAD` is a symbolic alias, not a branch anyone targets.
  for (const tip of refs) if (!tip.ref.endsWith('/HEAD')) tips.set(tip.ref, tip.sha);
  return tips;
}

/**
 * A branch's lineage, recorded in git config beside the branch: the branch it was forked from
 * (`branch.<name>.agentOrchestratorParent`), the commit it was forked at
 * (`branch.<name>.agentOrchestratorBase`) and whether its worktree integrates children
 * (`branch.<name>.agentOrchestratorIntegrator`).
 *
 * Like the target (branch-target.ts) these live in the repository's shared config, so every
 * worktree, other tools and a reinstalled app see the same facts.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

export const PARENT_KEY = 'agentOrchestratorParent';
export const BASE_KEY = 'agentOrchestratorBase';
export const INTEGRATOR_KEY = 'agentOrchestratorIntegrator';

/** What git config says about one branch's lineage. */
export interface BranchLineage {
  /** The branch it was forked from, or null. */
  readonly parent: string | null;
  /** The commit it was forked at (the fork point), or null. */
  readonly base: string | null;
  /** The branch's worktree merges its children (integrator). */
  readonly integrator: boolean;
}

const NONE: BranchLineage = { parent: null, base: null, integrator: false };

/** Set one lineage key of `branch`. */
export async function setLineageKey(cwd: string, branch: string, key: string, value: string): Promise<Result<null>> {
  const result = await runGit(['config', '--local', `branch.${branch}.${key}`, value], { cwd, label: 'branch-lineage' });
  return result.ok ? ok(null) : result;
}

/** Record the parent and fork point of `branch`. */
export async function setBranchLineage(cwd: string, branch: string, parent: string, base: string): Promise<Result<null>> {
  const parentSet = await setLineageKey(cwd, branch, PARENT_KEY, parent);
  if (!parentSet.ok) return parentSet;
  return setLineageKey(cwd, branch, BASE_KEY, base);
}

/** Forget one lineage key of `branch` (nothing happens when it was not set). */
export async function unsetLineageKey(cwd: string, branch: string, key: string): Promise<Result<null>> {
  // Exit 5: the key did not exist.
  const result = await runGit(['config', '--local', '--unset-all', `branch.${branch}.${key}`], {
    cwd,
    label: 'branch-lineage',
    successExitCodes: [0, 5],
  });
  return result.ok ? ok(null) : result;
}

/**
 * Every branch with a recorded lineage, branch → lineage, in one git call.
 *
 * `--get-regexp -z` prints `key\nvalue\0`; git lower-cases the section and the variable, never the
 * subsection (the branch name, which may contain dots).
 */
export async function readAllLineage(cwd: string): Promise<Result<Map<string, BranchLineage>>> {
  const result = await runGit(['config', '-z', '--get-regexp', `^branch\\..*\\.(${LINEAGE_KEYS.join('|')})$`], {
    cwd,
    label: 'branch-lineage',
    successExitCodes: [0, 1],
  });
  if (!result.ok) return result;
  return ok(parseLineage(result.value.stdout));
}

/** The lineage keys as `--get-regexp` prints them (lower-cased). */
export const LINEAGE_KEYS = [PARENT_KEY, BASE_KEY, INTEGRATOR_KEY].map((key) => key.toLowerCase());

/** Branch → lineage from `git config -z --get-regexp` output (other keys in it are skipped). */
export function parseLineage(stdout: string): Map<string, BranchLineage> {
  const keys = LINEAGE_KEYS;
  const lineage = new Map<string, BranchLineage>();
  for (const entry of stdout.split('\0')) {
    const newline = entry.indexOf('\n');
    if (newline === -1 || !entry.startsWith('branch.')) continue;
    const key = entry.slice(0, newline);
    const value = entry.slice(newline + 1);
    const dot = key.lastIndexOf('.');
    const branch = key.slice('branch.'.length, dot);
    const variable = key.slice(dot + 1);
    const current = lineage.get(branch) ?? NONE;
    if (variable === keys[0]) lineage.set(branch, { ...current, parent: value });
    else if (variable === keys[1]) lineage.set(branch, { ...current, base: value });
    else if (variable === keys[2]) lineage.set(branch, { ...current, integrator: value === 'true' });
  }
  return lineage;
}

/** The lineage of one branch (all fields empty when nothing is recorded). */
export async function readBranchLineage(cwd: string, branch: string): Promise<Result<BranchLineage>> {
  const all = await readAllLineage(cwd);
  return all.ok ? ok(all.value.get(branch) ?? NONE) : all;
}

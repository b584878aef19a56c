/**
 * What a worktree listing reads from git config, in one `git config` process instead of three:
 * the branches' recorded targets (branch-target.ts), their lineage (branch-lineage.ts) and
 * `init.defaultBranch` (one of the default branch's facts, branch.ts). Same scopes and the same
 * "last value wins" as the separate reads (`--get` prints the last value; the parsers keep the
 * last entry); issue 14, CLI start.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { LINEAGE_KEYS, parseLineage, type BranchLineage } from './branch-lineage.ts';
import { parseBranchTargets, TARGET_KEY } from './branch-target.ts';
import { runGit } from './core.ts';

export interface BranchConfig {
  /** Branch → recorded target, as `readBranchTargets` returns it. */
  readonly targets: Map<string, string>;
  /** Branch → lineage, as `readAllLineage` returns it. */
  readonly lineage: Map<string, BranchLineage>;
  /** `init.defaultBranch`, or null (unset or empty), as `git config --get` reads it. */
  readonly initDefault: string | null;
}

export async function readBranchConfig(cwd: string): Promise<Result<BranchConfig>> {
  const branchKeys = [TARGET_KEY.toLowerCase(), ...LINEAGE_KEYS];
  // git lower-cases section and variable names (never the subsection, the branch name).
  const result = await runGit(['config', '-z', '--get-regexp', `^(branch\\..*\\.(${branchKeys.join('|')})|init\\.defaultbranch)$`], {
    cwd,
    label: 'branch-config',
    successExitCodes: [0, 1],
  });
  if (!result.ok) return result;
  const stdout = result.value.stdout;
  let initDefault: string | null = null;
  for (const entry of stdout.split('\0')) {
    const newline = entry.indexOf('\n');
    const key = newline === -1 ? entry : entry.slice(0, newline);
    if (key !== 'init.defaultbranch') continue;
    // A key without a value (`[init] defaultBranch`) prints no newline: like an empty value.
    const value = newline === -1 ? '' : entry.slice(newline + 1).trim();
    initDefault = value === '' ? null : value;
  }
  return ok({ targets: parseBranchTargets(stdout), lineage: parseLineage(stdout), initDefault });
}

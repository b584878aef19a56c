/**
 * A branch's target (the branch it merges into), recorded in git config beside the branch.
 *
 * `branch.<name>.agentOrchestratorTarget` lives in the repository's shared config, so every
 * worktree, other tools (`git config --get-regexp`) and a reinstalled app see the same fact.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/** The config key's last part; git compares it case-insensitively and prints it lower-cased. */
export const TARGET_KEY = 'agentOrchestratorTarget';

/** Record `target` as the target of `branch`. */
export async function setBranchTarget(cwd: string, branch: string, target: string): Promise<Result<null>> {
  const result = await runGit(['config', '--local', `branch.${branch}.${TARGET_KEY}`, target], {
    cwd,
    label: 'branch-target',
  });
  return result.ok ? ok(null) : result;
}

/** Forget the target of `branch` (nothing happens if none was recorded). */
export async function unsetBranchTarget(cwd: string, branch: string): Promise<Result<null>> {
  // Exit 5: the key did not exist.
  const result = await runGit(['config', '--local', '--unset-all', `branch.${branch}.${TARGET_KEY}`], {
    cwd,
    label: 'branch-target',
    successExitCodes: [0, 5],
  });
  return result.ok ? ok(null) : result;
}

/**
 * Every recorded target, branch → target, in one git call.
 *
 * `--get-regexp -z` prints `key\nvalue\0` per entry; the key's section and variable are
 * lower-cased by git but the subsection (the branch name, which may contain dots) is verbatim.
 */
export async function readBranchTargets(cwd: string): Promise<Result<Map<string, string>>> {
  const result = await runGit(['config', '-z', '--get-regexp', `^branch\\..*\\.${TARGET_KEY.toLowerCase()}$`], {
    cwd,
    label: 'branch-target',
    successExitCodes: [0, 1],
  });
  if (!result.ok) return result;
  return ok(parseBranchTargets(result.value.stdout));
}

/** Branch → recorded target from `git config -z --get-regexp` output (other keys in it are skipped). */
export function parseBranchTargets(stdout: string): Map<string, string> {
  const targets = new Map<string, string>();
  const suffix = `.${TARGET_KEY.toLowerCase()}`;
  for (const entry of stdout.split('\0')) {
    const newline = entry.indexOf('\n');
    if (newline === -1) continue;
    const key = entry.slice(0, newline);
    if (!key.startsWith('branch.') || !key.endsWith(suffix)) continue;
    targets.set(key.slice('branch.'.length, -suffix.length), entry.slice(newline + 1));
  }
  return targets;
}

/**
 * Branch questions and verbs: name validation, existence, resolving a base, the default branch.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/**
 * Validate a branch name with `git check-ref-format --branch`, or return INVALID_BRANCH_NAME.
 *
 * A leading "-" is refused before git sees it (it would be read as an option). The name must come
 * back unchanged: `--branch` expands `@{-1}` and friends, which are not names.
 */
export async function checkBranchName(cwd: string, branch: string): Promise<Result<string>> {
  const invalid = err<string>({ kind: 'INVALID_BRANCH_NAME', branch });
  if (branch === '' || branch.startsWith('-') || branch.includes('\0')) return invalid;
  const result = await runGit(['check-ref-format', '--branch', branch], {
    cwd,
    label: 'check-ref-format',
    successExitCodes: [0, 1, 128],
  });
  if (!result.ok) return result;
  if (result.value.exitCode !== 0 || result.value.stdout.replace(/\n$/, '') !== branch) return invalid;
  return ok(branch);
}

/** Whether `refs/heads/<branch>` exists. */
export async function branchExists(cwd: string, branch: string): Promise<Result<boolean>> {
  return refExists(cwd, `refs/heads/${branch}`);
}

/** Whether a full ref name (`refs/…`) exists. */
export async function refExists(cwd: string, ref: string): Promise<Result<boolean>> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', ref], {
    cwd,
    label: 'ref-exists',
    successExitCodes: [0, 1],
  });
  return result.ok ? ok(result.value.exitCode === 0) : result;
}

/**
 * The commit a branch, tag or commit-ish names, or null when there is none.
 *
 * `--end-of-options` keeps a ref such as `-x` from being read as an option.
 */
export async function resolveCommit(cwd: string, ref: string): Promise<Result<string | null>> {
  if (ref.startsWith('-')) return ok(null);
  const result = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
    cwd,
    label: 'resolve-commit',
    successExitCodes: [0, 1, 128],
  });
  if (!result.ok) return result;
  return ok(result.value.exitCode === 0 ? result.value.stdout.trim() : null);
}

/**
 * The repository's default branch: `origin/HEAD`'s branch, else the main checkout's branch, else
 * `init.defaultBranch`, `main` or `master` if such a branch exists. Null when none can be named.
 *
 * Returns the local branch name when it exists, else the remote-tracking one (`origin/main`).
 */
export async function defaultBranch(mainPath: string): Promise<Result<string | null>> {
  const originHead = await runGit(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], {
    cwd: mainPath,
    label: 'default-branch',
    successExitCodes: [0, 1, 128],
  });
  if (!originHead.ok) return originHead;
  const remote = originHead.value.exitCode === 0 ? originHead.value.stdout.trim() : '';
  if (remote.startsWith('origin/')) {
    const local = remote.slice('origin/'.length);
    const exists = await branchExists(mainPath, local);
    if (!exists.ok) return exists;
    return ok(exists.value ? local : remote);
  }
  const current = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    cwd: mainPath,
    label: 'default-branch',
    successExitCodes: [0, 1, 128],
  });
  if (!current.ok) return current;
  if (current.value.exitCode === 0 && current.value.stdout.trim() !== '') {
    const name = current.value.stdout.trim();
    const exists = await branchExists(mainPath, name);
    if (exists.ok && exists.value) return ok(name);
  }
  const configured = await runGit(['config', '--get', 'init.defaultBranch'], {
    cwd: mainPath,
    label: 'default-branch',
    successExitCodes: [0, 1],
  });
  const candidates = [configured.ok ? configured.value.stdout.trim() : '', 'main', 'master'].filter(Boolean);
  for (const name of candidates) {
    const exists = await branchExists(mainPath, name);
    if (exists.ok && exists.value) return ok(name);
  }
  return ok(null);
}

/** Delete a local branch (`-D`: callers have already made sure nothing is lost). */
export async function deleteBranch(cwd: string, branch: string): Promise<Result<null>> {
  const result = await runGit(['branch', '-D', '--end-of-options', branch], { cwd, label: 'branch-delete' });
  return result.ok ? ok(null) : result;
}

/**
 * Branch questions and verbs: name validation, existence, resolving a base, the default branch.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import { runGit, type GitResult } from './core.ts';

/**
 * Validate a branch name with `git check-ref-format --branch`, or return INVALID_BRANCH_NAME.
 *
 * A leading "-" is refused before git sees it (it would be read as an option). The name must come
 * back unchanged: `--branch` expands `@{-1}` and friends, which are not names.
 */
export async function checkBranchName(cwd: string, branch: string): Promise<Result<string>> {
  const invalid = err<string>({ kind: 'INVALID_BRANCH_NAME', branch });
  if (branch === '' || branch.startsWith('-') || branch.includes('\0')) return invalid;
  // git would take "refs/heads/x" as a branch called that, i.e. refs/heads/refs/heads/x.
  if (branch.startsWith('refs/')) return invalid;
  // Bidi controls make a name display as something it is not (spoofing in lists and prompts).
  if (BIDI_CONTROLS.test(branch)) return invalid;
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
  // A name, not a revision expression: rev-parse would accept `main~0` or `main:a.txt`.
  if (!isPlainRefName(ref)) return ok(false);
  const result = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', ref], {
    cwd,
    label: 'ref-exists',
    successExitCodes: [0, 1],
  });
  return result.ok ? ok(result.value.exitCode === 0) : result;
}

/** Characters that reorder displayed text (RLO, LRI, …): refused in every name the user sees. */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** True for a ref name without revision syntax (`~`, `^`, `:`, `@{`, `..`, globs, spaces). */
export function isPlainRefName(ref: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what is refused.
  return ref !== '' && !/[~^:?*[\\\s\x00-\x1f\x7f]|@\{|\.\./.test(ref) && !ref.startsWith('-');
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
  const facts = await readDefaultBranchFacts(mainPath);
  if (!facts.ok) return facts;
  const names = [facts.value.originHead, facts.value.currentBranch, facts.value.initDefault, 'main', 'master'];
  const exists = new Set<string>();
  for (const name of new Set(names)) {
    if (!name) continue;
    const found = await branchExists(mainPath, name);
    if (!found.ok) return found;
    if (found.value) exists.add(name);
  }
  return ok(pickDefaultBranch(facts.value, (name) => exists.has(name)));
}

/** What git says that decides the default branch (three small reads, run together). */
export interface DefaultBranchFacts {
  /** `origin/HEAD`'s branch without the remote (`main`), or null. */
  readonly originHead: string | null;
  /** The branch checked out in the main worktree, or null (detached, unborn). */
  readonly currentBranch: string | null;
  /** `init.defaultBranch`, or null. */
  readonly initDefault: string | null;
}

/**
 * What a caller already knows of the facts, so they are not read again: `initDefault` from a
 * combined config read (branch-config.ts), `currentBranch` from the main worktree's entry in
 * `git worktree list` (the same branch `symbolic-ref HEAD` names there).
 */
export interface KnownDefaultBranchFacts {
  readonly initDefault?: Promise<Result<string | null>>;
  readonly currentBranch?: string | null;
}

/** Read the facts {@link pickDefaultBranch} decides from. */
export async function readDefaultBranchFacts(mainPath: string, known: KnownDefaultBranchFacts = {}): Promise<Result<DefaultBranchFacts>> {
  const options = { cwd: mainPath, label: 'default-branch', successExitCodes: [0, 1, 128] };
  const line = (result: Result<GitResult>): string | null =>
    result.ok && result.value.exitCode === 0 && result.value.stdout.trim() !== '' ? result.value.stdout.trim() : null;
  const [originHead, current, configured] = await Promise.all([
    runGit(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], options),
    known.currentBranch !== undefined
      ? ok(known.currentBranch)
      : runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], options).then((result) => (result.ok ? ok(line(result)) : result)),
    known.initDefault ?? runGit(['config', '--get', 'init.defaultBranch'], options).then((result) => ok(line(result))),
  ]);
  if (!originHead.ok) return originHead;
  if (!current.ok) return current;
  const remote = line(originHead);
  return ok({
    originHead: remote?.startsWith('origin/') ? remote.slice('origin/'.length) : null,
    currentBranch: current.value,
    initDefault: configured.ok ? configured.value : null,
  });
}

/**
 * Decide the default branch from {@link DefaultBranchFacts} and a local-branch existence test.
 *
 * `origin/HEAD` wins (as the local branch if it exists, else `origin/<name>`); then the main
 * checkout's branch; then `init.defaultBranch`, `main`, `master`, whichever exists first.
 */
export function pickDefaultBranch(facts: DefaultBranchFacts, localExists: (name: string) => boolean): string | null {
  if (facts.originHead !== null) return localExists(facts.originHead) ? facts.originHead : `origin/${facts.originHead}`;
  if (facts.currentBranch !== null && localExists(facts.currentBranch)) return facts.currentBranch;
  for (const name of [facts.initDefault, 'main', 'master']) {
    if (name && localExists(name)) return name;
  }
  return null;
}

/** Delete a local branch (`-D`: callers have already made sure nothing is lost). */
export async function deleteBranch(cwd: string, branch: string): Promise<Result<null>> {
  const result = await runGit(['branch', '-D', '--end-of-options', branch], { cwd, label: 'branch-delete' });
  return result.ok ? ok(null) : result;
}

/** The branch checked out at `cwd` (short name), or null when HEAD is detached or unborn-less. */
export async function currentBranch(cwd: string): Promise<Result<string | null>> {
  const result = await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], {
    cwd,
    label: 'current-branch',
    successExitCodes: [0, 1],
  });
  if (!result.ok) return result;
  const name = result.value.stdout.trim();
  return ok(result.value.exitCode === 0 && name !== '' ? name : null);
}

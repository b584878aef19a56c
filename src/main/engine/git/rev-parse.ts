/**
 * `git rev-parse` questions about where a directory sits in a repository.
 *
 * Each function takes the directory first and answers one question; a directory outside any
 * repository is the expected failure and comes back as NOT_A_GIT_REPO rather than GIT_FAILED.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import { isNotARepository } from './classify-error.ts';
import { runGit } from './core.ts';

/**
 * Absolute path of the working tree containing `cwd` (`--show-toplevel`).
 *
 * In a linked worktree this is the linked worktree, not the main one; use
 * {@link revParseCommonDir} or the first `worktree list` record to reach the main repository.
 */
export function revParseToplevel(cwd: string): Promise<Result<string>> {
  return revParseLine(cwd, ['--show-toplevel']);
}

/**
 * Absolute path of the repository's common git directory (`--git-common-dir`).
 *
 * Shared by the main worktree and every linked worktree: it holds refs, objects and the
 * `worktrees/` admin folders, which is what a watcher needs to see worktrees come and go.
 */
export function revParseCommonDir(cwd: string): Promise<Result<string>> {
  return revParseLine(cwd, ['--path-format=absolute', '--git-common-dir']);
}

/** Whether the repository at `cwd` is bare (`--is-bare-repository`). */
export async function revParseIsBare(cwd: string): Promise<Result<boolean>> {
  const result = await revParseLine(cwd, ['--is-bare-repository']);
  return result.ok ? ok(result.value === 'true') : result;
}

/** Whether `cwd` is inside a working tree, as opposed to inside a `.git` folder or a bare repo. */
export async function revParseIsInsideWorkTree(cwd: string): Promise<Result<boolean>> {
  const result = await revParseLine(cwd, ['--is-inside-work-tree']);
  return result.ok ? ok(result.value === 'true') : result;
}

/**
 * Run `git rev-parse <args>` and return its single line of output.
 *
 * Only the final newline is removed: a path may legitimately end in a space.
 */
async function revParseLine(cwd: string, args: readonly string[]): Promise<Result<string>> {
  const fullArgs = ['rev-parse', ...args];
  const result = await runGit(fullArgs, { cwd, label: 'rev-parse' });
  if (!result.ok) {
    if (result.error.kind === 'GIT_FAILED' && isNotARepository(result.error.stderr)) {
      return err({ kind: 'NOT_A_GIT_REPO', path: cwd });
    }
    return result;
  }
  return ok(result.value.stdout.replace(/\n$/, ''));
}

/** The tree of each commit in `commits` (full shas), in one process; keyed by commit. */
export async function treesOf(cwd: string, commits: readonly string[], signal?: AbortSignal): Promise<Result<Map<string, string>>> {
  const unique = [...new Set(commits)];
  if (unique.length === 0) return { ok: true, value: new Map() };
  const result = await runGit(['rev-parse', ...unique.map((commit) => `${commit}^{tree}`)], { cwd, label: 'map-trees', ...(signal ? { signal } : {}) });
  if (!result.ok) return result;
  const trees = result.value.stdout.split('\n');
  return { ok: true, value: new Map(unique.map((commit, index) => [commit, trees[index] ?? ''])) };
}

/**
 * `git cherry-pick -x` into a worktree, its abort, and "is an operation in progress here".
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';
import { parseStatus } from './status.ts';

/** What a cherry-pick did. */
export type CherryPickResult =
  | { readonly kind: 'applied'; readonly commit: string }
  /** Stopped with conflicts; the cherry-pick stays in progress (resolve, or abort it). */
  | { readonly kind: 'conflict'; readonly conflictedPaths: string[] };

/**
 * Cherry-pick `commit` onto the worktree at `cwd` with `-x` (the message records the original,
 * so later tools see where the fix came from). Never opens an editor.
 *
 * A conflict is an answer (`conflict` with the unmerged paths), not a failure; any other failure
 * is GIT_FAILED with git's message, with the worktree left as git left it.
 */
export async function cherryPick(cwd: string, commit: string): Promise<Result<CherryPickResult>> {
  const picked = await runGit(['cherry-pick', '-x', '--allow-empty', '--end-of-options', commit], {
    cwd,
    label: 'cherry-pick',
    env: { GIT_EDITOR: 'true' },
    successExitCodes: [0, 1],
  });
  if (!picked.ok) return picked;
  if (picked.value.exitCode === 0) {
    const head = await runGit(['rev-parse', 'HEAD'], { cwd, label: 'cherry-pick' });
    return head.ok ? ok({ kind: 'applied', commit: head.value.stdout.trim() }) : head;
  }
  const state = await operationInProgress(cwd);
  if (state !== 'cherry-pick') {
    // Exit 1 without a cherry-pick in progress: git refused before starting (e.g. local changes
    // would be overwritten). Report it as the failure it is.
    return err({ kind: 'GIT_FAILED', args: ['cherry-pick', '-x', commit], exitCode: 1, stderr: picked.value.stderr.trim() });
  }
  const status = await runGit(['--no-optional-locks', 'status', '--porcelain=v1', '-z'], { cwd, label: 'cherry-pick' });
  const conflictedPaths = status.ok
    ? parseStatus(status.value.stdout)
        .filter((entry) => /^(DD|AU|UD|UA|DU|AA|UU)$/.test(entry.xy))
        .map((entry) => entry.path)
    : [];
  return ok({ kind: 'conflict', conflictedPaths });
}

/** `git cherry-pick --abort`: back to where the worktree was before the cherry-pick. */
export async function abortCherryPick(cwd: string): Promise<Result<null>> {
  const result = await runGit(['cherry-pick', '--abort'], { cwd, label: 'cherry-pick-abort' });
  return result.ok ? ok(null) : result;
}

/** An operation that holds a worktree until it is finished or aborted. */
export type OperationInProgress = 'cherry-pick' | 'merge' | 'rebase' | 'revert' | 'bisect';

/**
 * The operation in progress in the worktree at `cwd`, or null. Read from the marker files in
 * the worktree's own git dir (`CHERRY_PICK_HEAD`, `MERGE_HEAD`, `rebase-merge/` …), the same
 * ones `git status` looks at.
 */
export async function operationInProgress(cwd: string): Promise<OperationInProgress | null> {
  const gitDir = await runGit(['rev-parse', '--path-format=absolute', '--git-dir'], { cwd, label: 'operation-state' });
  if (!gitDir.ok) return null;
  const dir = gitDir.value.stdout.replace(/\n$/, '');
  const markers: Array<[string, OperationInProgress]> = [
    ['rebase-merge', 'rebase'],
    ['rebase-apply', 'rebase'],
    ['CHERRY_PICK_HEAD', 'cherry-pick'],
    ['MERGE_HEAD', 'merge'],
    ['REVERT_HEAD', 'revert'],
    ['BISECT_LOG', 'bisect'],
  ];
  for (const [file, operation] of markers) {
    if (await access(path.join(dir, file)).then(() => true, () => false)) return operation;
  }
  return null;
}

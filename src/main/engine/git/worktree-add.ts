/**
 * `git worktree add`: check out a branch or commit in a new folder.
 */
import path from 'node:path';
import type { AppError } from '../../../shared/errors.ts';
import { ok, type Result } from '../../../shared/result.ts';
import { withFileLock } from '../state/index.ts';
import { runGit } from './core.ts';
import { revParseCommonDir } from './rev-parse.ts';

/** What to check out in the new worktree. */
export interface WorktreeAddOptions {
  /** Absolute path of the new folder (must not exist, or be empty). */
  path: string;
  /** Create this branch at `commitish` (`-b`); without it, `commitish` is checked out as is. */
  newBranch?: string;
  /** A commit id or an existing branch name. */
  commitish: string;
  /** Check out `commitish` as a detached HEAD. */
  detach?: boolean;
  /**
   * `-f`: allow a path or branch still registered to a worktree whose folder is missing (git then
   * drops that stale entry itself). Never used to override a live worktree.
   */
  force?: boolean;
}

/**
 * Add a worktree. `--no-track`: a new branch starts from a commit, not as a copy of an upstream
 * (a branch created from `origin/main` must not push to `main`). Everything after `--` is a path
 * or a commit, never an option.
 */
export async function worktreeAdd(cwd: string, options: WorktreeAddOptions): Promise<Result<null>> {
  const args = ['worktree', 'add', '--quiet'];
  if (options.force) args.push('-f');
  if (options.newBranch !== undefined) args.push('--no-track', '-b', options.newBranch);
  if (options.detach) args.push('--detach');
  args.push('--', options.path, options.commitish);
  const common = await revParseCommonDir(cwd);
  if (!common.ok) return common;
  // Two `worktree add`s in one repository race inside git: one reads the other's half-written
  // `.git/worktrees/<name>/commondir` and dies ("failed to read …/commondir: Success"). The
  // engine runs one operation per repository at a time, but CLI processes without an engine
  // (scripts creating worktrees in parallel) each run their own: take a lock every process
  // honours, in the repository's common git dir (git itself ignores it).
  const result = await withFileLock(
    path.join(common.value, WORKTREE_ADD_LOCK),
    () => runGit(args, { cwd, label: 'worktree-add' }),
    WORKTREE_ADD_LOCK_STALE_MS,
  );
  return result.ok ? ok(null) : result;
}

/** Locked (proper-lockfile makes `<this>.lock`) around every `worktree add` of a repository. */
export const WORKTREE_ADD_LOCK = 'agent-orchestrator-worktree-add';

/**
 * A holder only waits on git (its event loop stays free to refresh the lock every 2.5 s), so a
 * lock untouched for 5 s was left by a killed process: the next add waits that long, not 20 s.
 */
export const WORKTREE_ADD_LOCK_STALE_MS = 5_000;

/** Turn `git worktree add` failures into the typed errors the UI explains. */
export function classifyAddError(error: AppError, branch: string, worktreePath: string): AppError {
  if (error.kind !== 'GIT_FAILED') return error;
  if (/already checked out at '([^']*)'/.test(error.stderr)) {
    const holder = /already checked out at '([^']*)'/.exec(error.stderr)?.[1] ?? '';
    return { kind: 'BRANCH_CHECKED_OUT', branch, path: holder };
  }
  if (/a branch named .* already exists/.test(error.stderr)) return { kind: 'BRANCH_EXISTS', branch };
  if (/already exists/.test(error.stderr)) return { kind: 'WORKTREE_EXISTS', path: worktreePath };
  return error;
}


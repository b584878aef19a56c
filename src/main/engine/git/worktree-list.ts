/**
 * `git worktree list --porcelain -z`: the source of truth for a repository's worktrees.
 *
 * `-z` (git ≥ 2.36) ends every attribute with NUL and every record with an extra NUL, so paths and
 * lock reasons may contain newlines and are printed verbatim instead of C-quoted.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result.ts';
import { isNotARepository } from './classify-error.ts';
import { runGit } from './core.ts';

/** One worktree as git reports it. */
export interface WorktreeRecord {
  /** Absolute path as git recorded it (for the main worktree, git's real path). */
  readonly path: string;
  /** Commit checked out; null for a bare repository or an unborn branch. */
  readonly head: string | null;
  /** Short branch name (`feature/x`); null when detached or bare. */
  readonly branch: string | null;
  readonly detached: boolean;
  readonly bare: boolean;
  readonly locked: boolean;
  /** Text given to `git worktree lock --reason`; null when locked without one (or not locked). */
  readonly lockReason: string | null;
  /** git would remove this worktree's admin files on `prune` (typically: its folder is gone). */
  readonly prunable: boolean;
  readonly prunableReason: string | null;
}

const BRANCH_PREFIX = 'refs/heads/';

/**
 * List the worktrees of the repository containing `cwd`; the first record is the main worktree.
 *
 * Works from any directory of the repository, including a linked worktree or the `.git` folder.
 */
export async function listWorktrees(cwd: string): Promise<Result<WorktreeRecord[]>> {
  const result = await readWorktreePorcelain(cwd);
  return result.ok ? ok(parseWorktreeList(result.value)) : result;
}

/**
 * The raw porcelain output, for callers that only need to notice a change (a cheap signature).
 */
export async function readWorktreePorcelain(cwd: string): Promise<Result<string>> {
  const args = ['worktree', 'list', '--porcelain', '-z'];
  let result = await runGit(args, { cwd, label: 'worktree-list' });
  // Another process (an agent, the CLI, another engine) may be half-way through `git worktree
  // add` or `remove`: git then fails to read that entry's files for a moment. Ask again.
  // (A half-written `commondir` is retried inside runGit already; here only `gitdir`.)
  for (let attempt = 1; attempt <= HALF_MADE_RETRIES && !result.ok && isHalfMadeEntry(result.error); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    result = await runGit(args, { cwd, label: 'worktree-list' });
  }
  if (!result.ok && (await repairAbandonedCommondir(cwd, result.error))) {
    result = await runGit(args, { cwd, label: 'worktree-list' });
  }
  if (!result.ok) {
    if (result.error.kind === 'GIT_FAILED' && isNotARepository(result.error.stderr)) {
      return err({ kind: 'NOT_A_GIT_REPO', path: cwd });
    }
    return result;
  }
  return ok(result.value.stdout);
}

const HALF_MADE_RETRIES = 5;

/** "fatal: failed to read .git/worktrees/x/gitdir" while x is being made or removed. */
function isHalfMadeEntry(error: { kind: string; stderr?: string }): boolean {
  return error.kind === 'GIT_FAILED' && /failed to read .*worktrees\/[^/]+\/gitdir/.test(error.stderr ?? '');
}

/** An empty `commondir` this old was left by a killed git, not one writing it now. */
const ABANDONED_COMMONDIR_MS = 1_000;

/**
 * A `git worktree add` killed between creating `commondir` and writing it leaves the file empty,
 * and from then on every `git worktree list` in the repository fails ("failed to read
 * …/commondir"): the app could list, create or remove nothing until a restart's recovery. git
 * only ever writes `../..` there (the admin entry's common dir), so the file is restored the same
 * way here, once it is old enough not to be a live git's. Returns whether it repaired one.
 */
async function repairAbandonedCommondir(cwd: string, error: { kind: string; stderr?: string }): Promise<boolean> {
  if (error.kind !== 'GIT_FAILED') return false;
  const named = /failed to read (.*[/\\]worktrees[/\\][^/\\]+[/\\]commondir)/.exec(error.stderr ?? '')?.[1];
  if (!named) return false;
  return restoreEmptyCommondir(path.resolve(cwd, named), ABANDONED_COMMONDIR_MS);
}

/**
 * Write git's fixed `../..` into an admin entry's `commondir` that is empty and at least
 * `olderThanMs` old (0: whatever its age, as the engine's start-up recovery does, when no git of
 * its own runs). Returns whether it wrote.
 */
export async function restoreEmptyCommondir(file: string, olderThanMs: number): Promise<boolean> {
  const [content, info] = await Promise.all([readFile(file, 'utf8').catch(() => null), stat(file).catch(() => null)]);
  if (content !== '' || !info || Date.now() - info.mtimeMs < olderThanMs) return false;
  await writeFile(file, '../..\n');
  return true;
}

/**
 * Parse `git worktree list --porcelain -z` output into records, in git's order.
 *
 * Unknown attributes are ignored so a newer git that adds one does not break the list.
 */
export function parseWorktreeList(stdout: string): WorktreeRecord[] {
  const records: WorktreeRecord[] = [];
  let current: Mutable<WorktreeRecord> | null = null;
  for (const field of stdout.split('\0')) {
    if (field === '') {
      // An empty field ends a record (and trails the whole output).
      if (current) records.push(current);
      current = null;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? null : field.slice(space + 1);
    if (key === 'worktree') {
      if (current) records.push(current);
      current = emptyRecord(value ?? '');
      continue;
    }
    if (!current) continue;
    switch (key) {
      case 'HEAD':
        // An unborn branch reports the all-zero object id (40 or 64 zeros).
        current.head = value && !/^0+$/.test(value) ? value : null;
        break;
      case 'branch':
        current.branch = value?.startsWith(BRANCH_PREFIX) ? value.slice(BRANCH_PREFIX.length) : value;
        break;
      case 'detached':
        current.detached = true;
        break;
      case 'bare':
        current.bare = true;
        break;
      case 'locked':
        current.locked = true;
        current.lockReason = value;
        break;
      case 'prunable':
        current.prunable = true;
        current.prunableReason = value;
        break;
    }
  }
  if (current) records.push(current);
  return records;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function emptyRecord(path: string): Mutable<WorktreeRecord> {
  return {
    path,
    head: null,
    branch: null,
    detached: false,
    bare: false,
    locked: false,
    lockReason: null,
    prunable: false,
    prunableReason: null,
  };
}

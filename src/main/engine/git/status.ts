/**
 * `git status --porcelain=v1 -z`: uncommitted and untracked changes in one worktree.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/** One changed path from porcelain v1. */
export interface StatusEntry {
  /** Two status letters: index then worktree (`M `, ` M`, `??`, `R `, `UU` …). */
  readonly xy: string;
  readonly path: string;
  /** The source path of a rename or copy. */
  readonly origPath: string | null;
}

/**
 * Whether the worktree at `cwd` has uncommitted or untracked (not ignored) changes.
 *
 * `--no-optional-locks` keeps status from refreshing and locking the index: the engine reads
 * status while agents run git in the same worktree, and a held `index.lock` would make *their*
 * commands fail.
 */
export async function isDirty(cwd: string): Promise<Result<boolean>> {
  const result = await readStatus(cwd);
  return result.ok ? ok(result.value.length > 0) : result;
}

/** The changed paths of the worktree at `cwd`. */
export async function readStatus(cwd: string): Promise<Result<StatusEntry[]>> {
  const args = ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=normal'];
  const result = await runGit(args, { cwd, label: 'status' });
  return result.ok ? ok(parseStatus(result.value.stdout)) : result;
}

/**
 * Parse `git status --porcelain=v1 -z` output.
 *
 * Each entry is `XY <path>` ended by NUL; a rename or copy (X or Y is R/C) is followed by one
 * more NUL-terminated field holding the source path. Paths are verbatim (no quoting with -z).
 */
export function parseStatus(stdout: string): StatusEntry[] {
  const fields = stdout.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field.length < 4) continue;
    const xy = field.slice(0, 2);
    const path = field.slice(3);
    const hasOrig = /[RC]/.test(xy);
    const origPath = hasOrig ? (fields[++i] ?? null) : null;
    entries.push({ xy, path, origPath });
  }
  return entries;
}

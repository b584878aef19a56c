/**
 * `git log` / `git rev-list`: commits and commit counts.
 *
 * Fields are NUL-delimited and parsed by name (format-parser.ts), so subjects containing anything
 * but NUL survive. Revisions are passed after `--end-of-options`, so a ref such as `-x` is a ref.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';
import { createFormatParser } from './format-parser.ts';
import type { AheadBehind } from './for-each-ref.ts';

/** One commit as the engine needs it (details, graph edges, fix presence). */
export interface LogCommit {
  readonly sha: string;
  /** Abbreviated sha, as short as is unique in the repository (`%h`). */
  readonly shortSha: string;
  /** Parent shas, first parent first; empty for a root commit. */
  readonly parents: string[];
  readonly subject: string;
  readonly authorName: string;
  readonly authorEmail: string;
  /** Author time, seconds since the epoch. */
  readonly authorTime: number;
}

/** What to list; everything but `revisions` is optional. */
export interface LogQuery {
  /** Revisions and ranges (`main`, `main..feature`, `^old`); at least one. */
  readonly revisions: readonly string[];
  readonly maxCount?: number;
  readonly skip?: number;
  /** Default: git's (reverse chronological). */
  readonly order?: 'topo' | 'date';
  readonly firstParent?: boolean;
  readonly noMerges?: boolean;
  /** Oldest first (`--reverse`, applied after the other limits). */
  readonly reverse?: boolean;
  readonly signal?: AbortSignal;
}

const COMMIT_FORMAT = createFormatParser({
  sha: '%H',
  shortSha: '%h',
  parents: '%P',
  authorName: '%an',
  authorEmail: '%ae',
  authorTime: '%at',
  subject: '%s',
});

/** The commits of `query.revisions`, newest first (or in the chosen order). */
export async function logCommits(cwd: string, query: LogQuery): Promise<Result<LogCommit[]>> {
  const args = ['log', '--no-color', '--no-decorate', COMMIT_FORMAT.formatArg, ...walkArgs(query), '--end-of-options', ...query.revisions, '--'];
  const result = await runGit(args, { cwd, label: 'log', ...(query.signal ? { signal: query.signal } : {}) });
  if (!result.ok) return result;
  return ok(
    COMMIT_FORMAT.parse(result.value.stdout).map((row) => ({
      sha: row.sha,
      shortSha: row.shortSha,
      parents: row.parents === '' ? [] : row.parents.split(' '),
      subject: row.subject,
      authorName: row.authorName,
      authorEmail: row.authorEmail,
      authorTime: Number(row.authorTime) || 0,
    })),
  );
}

/** Only the shas of `query.revisions` (`git rev-list`), cheaper than {@link logCommits}. */
export async function listCommitShas(cwd: string, query: LogQuery): Promise<Result<string[]>> {
  const args = ['rev-list', ...walkArgs(query), '--end-of-options', ...query.revisions, '--'];
  const result = await runGit(args, { cwd, label: 'rev-list', ...(query.signal ? { signal: query.signal } : {}) });
  if (!result.ok) return result;
  return ok(result.value.stdout.split('\n').filter((line) => line !== ''));
}

/** `git rev-list --count <revisions>`: e.g. `['main..feature']` counts what feature adds. */
export async function countCommits(cwd: string, revisions: readonly string[], signal?: AbortSignal): Promise<Result<number>> {
  const result = await runGit(['rev-list', '--count', '--end-of-options', ...revisions, '--'], {
    cwd,
    label: 'rev-list',
    ...(signal ? { signal } : {}),
  });
  return result.ok ? ok(Number(result.value.stdout.trim()) || 0) : result;
}

/**
 * Ahead/behind of `branch` against `base` in one walk: `rev-list --left-right --count
 * base...branch` (left = only in base = behind). Works on every git; for many branches on
 * git ≥ 2.41 prefer `aheadBehindAll` (for-each-ref.ts).
 */
export async function countAheadBehind(cwd: string, base: string, branch: string, signal?: AbortSignal): Promise<Result<AheadBehind>> {
  const result = await runGit(['rev-list', '--left-right', '--count', '--end-of-options', `${base}...${branch}`, '--'], {
    cwd,
    label: 'rev-list',
    ...(signal ? { signal } : {}),
  });
  if (!result.ok) return result;
  const [behind, ahead] = result.value.stdout.trim().split(/\s+/).map(Number);
  return ok({ ahead: ahead ?? 0, behind: behind ?? 0 });
}

function walkArgs(query: LogQuery): string[] {
  const args: string[] = [];
  if (query.maxCount !== undefined) args.push(`--max-count=${Math.max(0, Math.floor(query.maxCount))}`);
  if (query.skip !== undefined) args.push(`--skip=${Math.max(0, Math.floor(query.skip))}`);
  if (query.order === 'topo') args.push('--topo-order');
  if (query.order === 'date') args.push('--date-order');
  if (query.firstParent) args.push('--first-parent');
  if (query.noMerges) args.push('--no-merges');
  if (query.reverse) args.push('--reverse');
  return args;
}

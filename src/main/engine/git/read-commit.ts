/**
 * One commit's parts, as a replay needs them to write a copy: tree, parents, author and message.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';
import { createFormatParser } from './format-parser.ts';

export interface CommitParts {
  readonly sha: string;
  readonly tree: string;
  readonly parents: string[];
  readonly authorName: string;
  readonly authorEmail: string;
  /** Author date as git's raw `@<seconds> <zone>`, so a copy keeps it exactly. */
  readonly authorDate: string;
  /** The full message (subject, body, trailers), verbatim. */
  readonly message: string;
}

const PARTS = createFormatParser({
  sha: '%H',
  tree: '%T',
  parents: '%P',
  authorName: '%an',
  authorEmail: '%ae',
  authorDate: '%ad',
  message: '%B',
});

/** The parts of each commit, in the order given (one process for all). */
export async function readCommits(cwd: string, commits: readonly string[]): Promise<Result<CommitParts[]>> {
  if (commits.length === 0) return ok([]);
  const args = ['show', '--no-patch', '--no-walk=unsorted', '--no-color', '--date=raw', PARTS.formatArg, '--end-of-options', ...commits];
  const result = await runGit(args, { cwd, label: 'read-commit' });
  if (!result.ok) return result;
  return ok(
    PARTS.parse(result.value.stdout).map((row) => ({
      sha: row.sha,
      tree: row.tree,
      parents: row.parents === '' ? [] : row.parents.split(' '),
      authorName: row.authorName,
      authorEmail: row.authorEmail,
      authorDate: `@${row.authorDate}`,
      message: row.message,
    })),
  );
}

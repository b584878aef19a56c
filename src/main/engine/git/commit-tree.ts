/**
 * `git commit-tree`: write a commit object for a tree, touching no ref, index or worktree.
 *
 * The replay (fixes/replay.ts) builds copies of commits with it; nothing points at them until a
 * caller moves a ref, so an abandoned replay leaves only unreachable objects for `gc`.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

export interface CommitTreeInput {
  readonly tree: string;
  readonly parents: readonly string[];
  /** The whole message; passed on stdin, so any text is safe. */
  readonly message: string;
  /** Keep the original author (a copy of a commit); default: the user's identity and now. */
  readonly author?: { readonly name: string; readonly email: string; readonly date: string };
}

/** Write the commit and return its id. The committer is the user (git config), as for a cherry-pick. */
export async function commitTree(cwd: string, input: CommitTreeInput): Promise<Result<string>> {
  const args = ['commit-tree', ...input.parents.flatMap((parent) => ['-p', parent]), input.tree];
  const env = input.author
    ? { GIT_AUTHOR_NAME: input.author.name, GIT_AUTHOR_EMAIL: input.author.email, GIT_AUTHOR_DATE: input.author.date }
    : undefined;
  const result = await runGit(args, { cwd, label: 'commit-tree', stdin: input.message, ...(env ? { env } : {}) });
  return result.ok ? ok(result.value.stdout.trim()) : result;
}

/**
 * Replay commits onto another commit in the object store only: a cherry-pick that touches no
 * worktree, no index and no ref.
 *
 * Each commit C (parent P) is a three-way merge with base P, ours the current tip, theirs C. On
 * git ≥ 2.40 that is `merge-tree --write-tree --merge-base=P tip C`. Git 2.39 has no
 * `--merge-base`, so the base is made the only merge base instead: a throwaway commit with the
 * tip's tree whose single parent is P. Its history and C's meet exactly at P, so
 * `merge-tree --write-tree <throwaway> C` computes the same merge. Either way the result tree is
 * committed with `commit-tree` (C's author and message, the user as committer, a `-x` trailer).
 *
 * Nothing points at the new commits until the caller moves a ref, so a conflict (or any failure)
 * half-way leaves every branch and worktree as it was.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import { commitTree } from '../git/commit-tree.ts';
import { mergeTree } from '../git/merge-tree.ts';
import { readCommits, type CommitParts } from '../git/read-commit.ts';
import { gitCapabilities } from '../git/version.ts';

export type ReplayOutcome =
  /** `head` is the new tip; `commits` the commits now on top of `onto`, oldest first. */
  | { readonly kind: 'done'; readonly head: string; readonly commits: string[] }
  /** Replaying `commit` onto what came before conflicts in `files`. */
  | { readonly kind: 'conflict'; readonly commit: string; readonly files: string[] };

export interface ReplayOptions {
  /** Add "(cherry picked from commit …)" to each copy's message, like `cherry-pick -x`. */
  readonly trailer?: boolean;
  /** Use the git 2.39 path even on newer git (tests run both paths on any git). */
  readonly forceSyntheticBase?: boolean;
}

/**
 * Replay `commits` (oldest first, each with one parent) onto `onto`.
 *
 * A commit whose parent is the current tip is kept as it is (a fast-forward, no copy); a commit
 * whose change is already there (the merge leaves the tree unchanged) is dropped, like a
 * cherry-pick of an already applied fix. Merge commits are refused (HAS_MERGE_COMMITS).
 */
export async function replayCommits(cwd: string, commits: readonly string[], onto: string, options: ReplayOptions = {}): Promise<Result<ReplayOutcome>> {
  const parts = await readCommits(cwd, [onto, ...commits]);
  if (!parts.ok) return parts;
  const [ontoParts, ...toReplay] = parts.value;
  if (!ontoParts) return err({ kind: 'COMMIT_NOT_FOUND', ref: onto });
  const merge = toReplay.find((commit) => commit.parents.length !== 1);
  if (merge) return err({ kind: 'HAS_MERGE_COMMITS', commit: merge.sha });
  const useMergeBase = !options.forceSyntheticBase && (await gitCapabilities()).mergeTreeMergeBase;

  let head = ontoParts.sha;
  let tree = ontoParts.tree;
  const created: string[] = [];
  for (const commit of toReplay) {
    const parent = commit.parents[0]!;
    if (parent === head) {
      head = commit.sha;
      tree = commit.tree;
      created.push(commit.sha);
      continue;
    }
    const merged = await mergeOnto(cwd, { head, tree }, commit, parent, useMergeBase);
    if (!merged.ok) return merged;
    if (!merged.value.clean) return ok({ kind: 'conflict', commit: commit.sha, files: merged.value.conflictedPaths });
    if (merged.value.tree === tree) continue;
    const copy = await commitTree(cwd, {
      tree: merged.value.tree,
      parents: [head],
      message: options.trailer ? withTrailer(commit.message, commit.sha) : commit.message,
      author: { name: commit.authorName, email: commit.authorEmail, date: commit.authorDate },
    });
    if (!copy.ok) return copy;
    head = copy.value;
    tree = merged.value.tree;
    created.push(copy.value);
  }
  return ok({ kind: 'done', head, commits: created });
}

/** The three-way merge of `commit` onto `current` with `parent` as the only base. */
async function mergeOnto(
  cwd: string,
  current: { head: string; tree: string },
  commit: CommitParts,
  parent: string,
  useMergeBase: boolean,
) {
  if (useMergeBase) return mergeTree(cwd, current.head, commit.sha, { mergeBase: parent });
  const standIn = await commitTree(cwd, { tree: current.tree, parents: [parent], message: 'agent-orchestrator replay base\n' });
  if (!standIn.ok) return standIn;
  return mergeTree(cwd, standIn.value, commit.sha);
}

/** `cherry-pick -x`'s trailer, after a blank line. */
function withTrailer(message: string, sha: string): string {
  return `${message.replace(/\s+$/, '')}\n\n(cherry picked from commit ${sha})\n`;
}

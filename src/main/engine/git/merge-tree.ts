/**
 * `git merge-tree --write-tree`: a real merge computed in the object store, touching no worktree
 * and no index (git ≥ 2.38).
 *
 * Answers "would merging B into T conflict" and "does merging B into T add anything" (the result
 * tree equals T's tree: B's changes are already in T, e.g. after a squash merge). ~110 ms per pair
 * on a large repository, so callers cache by the sha pair and run it in a bounded pool.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';
import { gitCapabilities } from './version.ts';

/** The outcome of one simulated merge. */
export interface MergeTreeResult {
  /** The merged tree (with conflict markers in conflicted files). */
  readonly tree: string;
  /** False when any path conflicts. */
  readonly clean: boolean;
  /** Paths with conflicts, each once, in git's order. */
  readonly conflictedPaths: string[];
}

export interface MergeTreeOptions {
  /**
   * Use this commit as the merge base instead of the computed one (`--merge-base`, **git ≥ 2.40**):
   * "would fix F apply on B" is `mergeTree(B, F, { mergeBase: F^ })`. On older git the result is
   * GIT_TOO_OLD, never a wrong answer.
   */
  readonly mergeBase?: string;
  readonly signal?: AbortSignal;
}

/** Merge `theirs` into `ours` without touching any worktree. */
export async function mergeTree(cwd: string, ours: string, theirs: string, options: MergeTreeOptions = {}): Promise<Result<MergeTreeResult>> {
  const args = ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z'];
  if (options.mergeBase !== undefined) {
    const capabilities = await gitCapabilities();
    if (!capabilities.mergeTreeMergeBase) {
      return err({ kind: 'GIT_TOO_OLD', version: capabilities.version, minimum: '2.40.0', feature: 'merge-tree --merge-base' });
    }
    args.push(`--merge-base=${options.mergeBase}`);
  }
  args.push('--end-of-options', ours, theirs);
  // Exit 1 = the merge has conflicts (still an answer); anything else is a failure.
  const result = await runGit(args, {
    cwd,
    label: 'merge-tree',
    successExitCodes: [0, 1],
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!result.ok) return result;
  return ok(parseMergeTree(result.value.stdout, result.value.exitCode === 0));
}

/**
 * Parse `--write-tree --name-only --no-messages -z` output: the tree id, NUL, then (when
 * conflicted) one path per NUL-terminated field, then an empty field.
 */
export function parseMergeTree(stdout: string, clean: boolean): MergeTreeResult {
  const fields = stdout.split('\0');
  const tree = (fields[0] ?? '').trim();
  const conflictedPaths: string[] = [];
  if (!clean) {
    for (const field of fields.slice(1)) {
      if (field === '') break;
      if (!conflictedPaths.includes(field)) conflictedPaths.push(field);
    }
  }
  return { tree, clean, conflictedPaths };
}

/**
 * Several merges in one process (`merge-tree --stdin`, git ≥ 2.38): one `ours theirs` line per
 * merge. Spawning costs more than a small merge, so a status map merges all its pairs this way.
 * The whole batch fails when one merge cannot run at all (unrelated histories): callers then
 * fall back to {@link mergeTree} per pair.
 */
export async function mergeTrees(
  cwd: string,
  merges: ReadonlyArray<{ readonly ours: string; readonly theirs: string }>,
  signal?: AbortSignal,
): Promise<Result<MergeTreeResult[]>> {
  if (merges.length === 0) return ok([]);
  const result = await runGit(['merge-tree', '--stdin', '--write-tree', '--name-only', '--no-messages', '-z'], {
    cwd,
    stdin: `${merges.map((merge) => `${merge.ours} ${merge.theirs}`).join('\n')}\n`,
    label: 'merge-tree',
    ...(signal ? { signal } : {}),
  });
  if (!result.ok) return result;
  return ok(parseMergeTrees(result.value.stdout));
}

/**
 * Parse `--stdin` output: per merge a status field (`1` clean, `0` conflicted), the tree, the
 * conflicted paths, and an empty field.
 */
export function parseMergeTrees(stdout: string): MergeTreeResult[] {
  const fields = stdout.split('\0');
  const results: MergeTreeResult[] = [];
  let index = 0;
  while (index + 1 < fields.length && fields[index] !== '') {
    const clean = fields[index] === '1';
    const tree = fields[index + 1]!;
    index += 2;
    const conflictedPaths: string[] = [];
    while (index < fields.length && fields[index] !== '') {
      if (!conflictedPaths.includes(fields[index]!)) conflictedPaths.push(fields[index]!);
      index += 1;
    }
    index += 1;
    results.push({ tree, clean, conflictedPaths });
  }
  return results;
}

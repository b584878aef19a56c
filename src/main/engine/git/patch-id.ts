/**
 * Patch-ids: a hash of a change that ignores line numbers and whitespace, so the same change
 * made by a cherry-pick, a rebase or a squash has the same id.
 *
 * Always `--stable` (independent of file order in the diff), so ids cached earlier stay
 * comparable. Two processes per question (`diff-tree -p` → `patch-id`); callers cache by sha.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/**
 * Patch-id of each commit's change against its first parent; commits without a diff (merges,
 * empty commits) are absent from the map.
 *
 * One `diff-tree --stdin -p` for all commits, one `patch-id` for all diffs.
 */
export async function patchIdsOfCommits(
  cwd: string,
  commits: readonly string[],
  signal?: AbortSignal,
): Promise<Result<Map<string, string>>> {
  if (commits.length === 0) return ok(new Map());
  const diffs = await runGit(['diff-tree', '--stdin', '-p', '--no-color', '--no-ext-diff'], {
    cwd,
    stdin: `${commits.join('\n')}\n`,
    label: 'patch-id',
    ...(signal ? { signal } : {}),
  });
  if (!diffs.ok) return diffs;
  const ids = await patchIds(cwd, diffs.value.stdout, signal);
  if (!ids.ok) return ids;
  const byCommit = new Map<string, string>();
  for (const [patchId, commit] of ids.value) byCommit.set(commit, patchId);
  return ok(byCommit);
}

/**
 * Patch-id of the whole change from `base` to `tip` (a branch's combined diff, as a squash merge
 * would commit it), or null when the two trees are equal.
 */
export async function patchIdOfRange(cwd: string, base: string, tip: string, signal?: AbortSignal): Promise<Result<string | null>> {
  const diff = await runGit(['diff-tree', '-p', '--no-color', '--no-ext-diff', '--end-of-options', base, tip], {
    cwd,
    label: 'patch-id',
    ...(signal ? { signal } : {}),
  });
  if (!diff.ok) return diff;
  if (diff.value.stdout.trim() === '') return ok(null);
  const ids = await patchIds(cwd, diff.value.stdout, signal);
  if (!ids.ok) return ids;
  return ok(ids.value[0]?.[0] ?? null);
}

/**
 * Patch-ids of several combined changes (`base` → `tip`, as a squash merge would commit them) in
 * two processes: `diff-tree --stdin` reads `tip base` lines (the tip diffed against the given
 * parent). Keyed by tip, so the tips must be distinct; a tip whose tree equals its base's is absent.
 */
export async function patchIdsOfRanges(
  cwd: string,
  ranges: ReadonlyArray<{ readonly base: string; readonly tip: string }>,
  signal?: AbortSignal,
): Promise<Result<Map<string, string>>> {
  if (new Set(ranges.map((range) => range.tip)).size !== ranges.length) throw new Error('patchIdsOfRanges: tips must be distinct');
  if (ranges.length === 0) return ok(new Map());
  const diffs = await runGit(['diff-tree', '--stdin', '-p', '--no-color', '--no-ext-diff'], {
    cwd,
    stdin: `${ranges.map((range) => `${range.tip} ${range.base}`).join('\n')}\n`,
    label: 'patch-id',
    ...(signal ? { signal } : {}),
  });
  if (!diffs.ok) return diffs;
  const ids = await patchIds(cwd, diffs.value.stdout, signal);
  if (!ids.ok) return ids;
  return ok(new Map(ids.value.map(([patchId, tip]) => [tip, patchId])));
}

/** `git patch-id --stable` over diff text: `[patchId, commitId]` pairs in input order. */
async function patchIds(cwd: string, diffText: string, signal?: AbortSignal): Promise<Result<Array<[string, string]>>> {
  if (diffText.trim() === '') return ok([]);
  const result = await runGit(['patch-id', '--stable'], { cwd, stdin: diffText, label: 'patch-id', ...(signal ? { signal } : {}) });
  if (!result.ok) return result;
  const pairs: Array<[string, string]> = [];
  for (const line of result.value.stdout.split('\n')) {
    const [patchId, commit] = line.split(' ');
    if (patchId && commit) pairs.push([patchId, commit]);
  }
  return ok(pairs);
}

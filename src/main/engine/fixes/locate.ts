/**
 * Find the repository and worktree (or branch) a user names: an absolute path inside a worktree,
 * a worktree's folder name, or a branch name.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Repo } from '../../../shared/protocol/repos.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { branchExists } from '../git/branch.ts';
import { listWorktrees, type WorktreeRecord } from '../git/worktree-list.ts';
import type { RepoService } from '../repos/index.ts';

export interface Located {
  readonly repo: Repo;
  readonly records: WorktreeRecord[];
  /** The worktree named, or the one that has the named branch checked out; null if none does. */
  readonly record: WorktreeRecord | null;
  /** The branch named or checked out there (null for a detached worktree). */
  readonly branch: string | null;
}

/**
 * Locate `ref` in `repoId`'s repository, or (no id) in the repository containing the path, or in
 * the one registered repository that has a worktree or branch of that name.
 */
export async function locate(repos: RepoService, repoId: string | undefined, ref: string): Promise<Result<Located>> {
  if (path.isAbsolute(ref)) {
    const repo = repoId !== undefined ? repos.get(repoId) : null;
    const resolved = repo ? ok(repo) : await repos.resolve(ref, { register: true });
    if (!resolved || !resolved.ok) return resolved ?? err({ kind: 'REPO_NOT_FOUND', repoId: repoId ?? '' });
    return inRepo(resolved.value, ref, true);
  }
  if (repoId !== undefined) {
    const repo = repos.get(repoId);
    if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
    return inRepo(repo, ref, false);
  }
  for (const repo of repos.list()) {
    const found = await inRepo(repo, ref, false);
    if (found.ok) return found;
  }
  return err({ kind: 'WORKTREE_NOT_FOUND', path: ref });
}

async function inRepo(repo: Repo, ref: string, isPath: boolean): Promise<Result<Located>> {
  const listed = await listWorktrees(repo.path);
  if (!listed.ok) return listed;
  const records = listed.value;
  if (isPath) {
    const wanted = await realpath(ref).catch(() => path.resolve(ref));
    // The deepest worktree containing the path (a linked worktree may sit inside the main one).
    const containing = records
      .filter((record) => wanted === record.path || wanted.startsWith(record.path + path.sep))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (!containing) return err({ kind: 'WORKTREE_NOT_FOUND', path: ref });
    return ok({ repo, records, record: containing, branch: containing.branch });
  }
  const byName = records.find((record) => path.basename(record.path) === ref) ?? records.find((record) => record.branch === ref);
  if (byName) return ok({ repo, records, record: byName, branch: byName.branch });
  const exists = await branchExists(repo.path, ref);
  if (!exists.ok) return exists;
  if (exists.value) return ok({ repo, records, record: null, branch: ref });
  return err({ kind: 'WORKTREE_NOT_FOUND', path: ref });
}

/** The worktree that has `branch` checked out, if any. */
export function holderOf(records: readonly WorktreeRecord[], branch: string): WorktreeRecord | null {
  return records.find((record) => record.branch === branch) ?? null;
}

/**
 * Save a worktree's uncommitted and untracked files as a commit, without touching its index,
 * HEAD or files — the basis of archiving.
 *
 * Like `git stash create`, but including untracked files and in a single commit: a temporary
 * index (`GIT_INDEX_FILE`) starts as a copy of the worktree's index, `git add -A` records every
 * change and untracked, not ignored file into it, `write-tree` and `commit-tree` turn it into a
 * commit whose parent is HEAD. The user's own index file is only read.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/** Identity used when the user has none configured (the snapshot is the app's commit, not theirs). */
const FALLBACK_IDENTITY = {
  GIT_AUTHOR_NAME: 'Agent Orchestrator',
  GIT_AUTHOR_EMAIL: 'agent-orchestrator@localhost',
  GIT_COMMITTER_NAME: 'Agent Orchestrator',
  GIT_COMMITTER_EMAIL: 'agent-orchestrator@localhost',
};

/** The snapshot commit and whether it differs from HEAD. */
export interface Snapshot {
  commit: string;
  /** HEAD at snapshot time; null when the branch was unborn (the commit then has no parent). */
  head: string | null;
  hasChanges: boolean;
}

/**
 * Snapshot the worktree at `worktreePath` into a new (unreferenced) commit; `message` builds the
 * commit message once HEAD and "are there changes" are known.
 */
export async function snapshotWorktree(
  worktreePath: string,
  message: (info: { head: string | null; hasChanges: boolean }) => string,
  /** Ignored files and folders to record too (relative paths, as `ls-files` printed them). */
  ignoredToKeep: readonly string[] = [],
): Promise<Result<Snapshot>> {
  const cwd = worktreePath;
  const headResult = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], {
    cwd,
    label: 'snapshot',
    successExitCodes: [0, 1],
  });
  if (!headResult.ok) return headResult;
  const head = headResult.value.exitCode === 0 ? headResult.value.stdout.trim() : null;
  const indexPath = await runGit(['rev-parse', '--path-format=absolute', '--git-path', 'index'], { cwd, label: 'snapshot' });
  if (!indexPath.ok) return indexPath;

  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'ao-snapshot-'));
  try {
    const tempIndex = path.join(tempDir, 'index');
    const copied = await copyFile(indexPath.value.stdout.trim(), tempIndex).then(
      () => true,
      () => false,
    );
    const env = { GIT_INDEX_FILE: tempIndex };
    if (!copied && head !== null) {
      const read = await runGit(['read-tree', head], { cwd, env, label: 'snapshot' });
      if (!read.ok) return read;
    }
    // -A: modifications, deletions and untracked files; ignored files stay out, as in a commit.
    const added = await runGit(['add', '-A', '--', ':/'], { cwd, env, label: 'snapshot' });
    if (!added.ok) return added;
    // …and the ignored files that archiving would otherwise delete (`.env`, edited build output).
    if (ignoredToKeep.length > 0) {
      const forced = await runGit(['add', '-f', '--pathspec-from-file=-', '--pathspec-file-nul'], {
        cwd,
        env,
        stdin: ignoredToKeep.map((entry) => `:(top,literal)${entry}`).join('\0'),
        label: 'snapshot',
      });
      if (!forced.ok) return forced;
    }
    const tree = await runGit(['write-tree'], { cwd, env, label: 'snapshot' });
    if (!tree.ok) return tree;
    const treeId = tree.value.stdout.trim();

    let hasChanges = true;
    if (head !== null) {
      const headTree = await runGit(['rev-parse', `${head}^{tree}`], { cwd, label: 'snapshot' });
      if (!headTree.ok) return headTree;
      hasChanges = headTree.value.stdout.trim() !== treeId;
    }
    const identity = await runGit(['var', 'GIT_COMMITTER_IDENT'], { cwd, label: 'snapshot', successExitCodes: [0, 128] });
    const commitEnv = identity.ok && identity.value.exitCode === 0 ? {} : FALLBACK_IDENTITY;
    const commit = await runGit(['commit-tree', treeId, ...(head ? ['-p', head] : []), '-F', '-'], {
      cwd,
      env: commitEnv,
      stdin: message({ head, hasChanges }),
      label: 'snapshot',
    });
    if (!commit.ok) return commit;
    return ok({ commit: commit.value.stdout.trim(), head, hasChanges });
  } catch (error) {
    return err({ kind: 'INTERNAL', message: `snapshot of ${worktreePath}: ${(error as Error).message}` });
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

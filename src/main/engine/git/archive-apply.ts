/**
 * `git diff` + `git apply`: bring an archived snapshot's changes back into a worktree.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import type { WorktreeArchive } from '../../../shared/protocol/worktrees.ts';
import { runGit } from './core.ts';

/**
 * Put the archived changes back into a fresh worktree: the snapshot's diff against the HEAD it
 * was taken on, applied to the files only (index and HEAD stay as checked out, so changes come
 * back as uncommitted and new files as untracked). Applying a diff rather than checking out the
 * snapshot's tree keeps commits made on the branch since.
 */
export async function applyArchive(repoPath: string, worktreePath: string, archive: WorktreeArchive): Promise<Result<null>> {
  if (!archive.hasChanges || archive.head === null) return ok(null);
  const diff = await runGit(['diff', '--binary', '--full-index', '--no-color', '--no-ext-diff', archive.head, archive.commit], {
    cwd: repoPath,
    label: 'archive-diff',
  });
  if (!diff.ok) return diff;
  if (diff.value.stdout === '') return ok(null);
  const applied = await runGit(['apply', '--binary', '--whitespace=nowarn', '-'], {
    cwd: worktreePath,
    stdin: diff.value.stdout,
    label: 'archive-apply',
  });
  if (!applied.ok) {
    const stderr = applied.error.kind === 'GIT_FAILED' ? applied.error.stderr : applied.error.kind;
    return err({ kind: 'RESTORE_CONFLICT', name: archive.name, stderr });
  }
  return ok(null);
}


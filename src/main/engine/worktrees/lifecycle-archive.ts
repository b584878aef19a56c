/**
 * Archiving a worktree: its uncommitted and untracked changes (and the ignored files setup would
 * not recreate) snapshotted on an archive ref, its teardown run, the worktree removed; the branch
 * stays. And the preview of what archiving would save and leave out.
 *
 * Journaled: a kill before removal began is rolled back (the ref deleted, the worktree
 * untouched), one after is finished (the ref holds everything).
 */
import path from 'node:path';
import type { ArchivedWorktree, ArchivePreview, ArchiveWorktreeInput } from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { inspectArchiveLoss, MAX_ARCHIVE_IGNORED_BYTES } from '../git/archive-loss.ts';
import {
  ARCHIVE_REF_PREFIX,
  archiveMessage,
  archiveNameFor,
  createArchiveRef,
  deleteArchiveRef,
  isValidArchiveName,
  listArchives,
} from '../git/archive-refs.ts';
import { refExists } from '../git/branch.ts';
import { snapshotWorktree } from '../git/snapshot.ts';
import { readStatus } from '../git/status.ts';
import { worktreeRemove } from '../git/worktree-remove.ts';
import { resolveTargets } from '../targets/index.ts';
import { JournaledOperation } from './journal-steps.ts';
import { locate, type LifecycleContext } from './lifecycle-context.ts';
import { teardown } from './lifecycle-setup.ts';
import { stopSessionsOrRefuse } from './worktree-sessions.ts';

/** What archiving would save and leave out; changes nothing. */
export async function previewArchive(ctx: LifecycleContext, input: { repoId: string; path: string }): Promise<Result<ArchivePreview>> {
  const located = await locate(ctx, input.repoId, input.path);
  if (!located.ok) return located;
  const { record, missing } = located.value;
  if (missing) return err({ kind: 'WORKTREE_MISSING', path: record.path });
  const status = await readStatus(record.path);
  if (!status.ok) return status;
  const loss = await inspectArchiveLoss(record.path);
  if (!loss.ok) return loss;
  return ok({
    path: record.path,
    changes: status.value.length,
    ignoredKept: loss.value.keep,
    ignoredBytes: loss.value.keepBytes,
    limitBytes: MAX_ARCHIVE_IGNORED_BYTES,
    ignoredSkipped: loss.value.skip,
    nestedRepos: loss.value.nestedRepos,
  });
}

export async function archiveWorktree(ctx: LifecycleContext, input: ArchiveWorktreeInput): Promise<Result<ArchivedWorktree>> {
  const located = await locate(ctx, input.repoId, input.path);
  if (!located.ok) return located;
  const { repo, config, trusted, record, missing } = located.value;
  if (missing) return err({ kind: 'WORKTREE_MISSING', path: record.path });
  if (record.locked && !input.force) return err({ kind: 'WORKTREE_LOCKED', path: record.path, reason: record.lockReason });
  if (record.head === null) return err({ kind: 'REPO_HAS_NO_COMMITS', path: record.path });
  if (ctx.bootstrap.isRunning(record.path) && !input.force) return err({ kind: 'BOOTSTRAP_RUNNING', path: record.path });
  // Before the snapshot, so what the agents write on their way out is archived too.
  const stopped = await stopSessionsOrRefuse(ctx.sessions, record.path, input.stopSessions === true);
  if (stopped !== null && !stopped.ok) return stopped;
  if (ctx.bootstrap.isRunning(record.path)) await ctx.bootstrap.cancel(record.path);

  let name = archiveNameFor(path.basename(record.path));
  if (!(await isValidArchiveName(repo.path, name))) name = `worktree-${record.head.slice(0, 12)}`;
  const taken = await refExists(repo.path, `${ARCHIVE_REF_PREFIX}${name}`);
  if (!taken.ok) return taken;
  if (taken.value) return err({ kind: 'ARCHIVE_EXISTS', name });

  // What `git add -A` would not keep: refuse if it cannot be kept, else keep it.
  const loss = await inspectArchiveLoss(record.path);
  if (!loss.ok) return loss;
  if (loss.value.nestedRepos.length > 0 || loss.value.keepBytes > MAX_ARCHIVE_IGNORED_BYTES) {
    return err({
      kind: 'ARCHIVE_WOULD_LOSE',
      path: record.path,
      nestedRepos: loss.value.nestedRepos,
      ignoredBytes: loss.value.keepBytes,
      limitBytes: MAX_ARCHIVE_IGNORED_BYTES,
    });
  }
  const ignoredKept = loss.value.keep.map((entry) => entry.path);

  const resolved = record.branch ? await resolveTargets(repo.path) : null;
  const target = record.branch && resolved?.ok ? (resolved.value.recorded.get(record.branch) ?? null) : null;
  // Journaled: a kill from here on is finished or rolled back at the next start.
  const operation = await JournaledOperation.begin(ctx.journal, { op: 'archive', repoPath: repo.path, worktreePath: record.path, name, step: 'snapshot', commit: null });
  const snapshot = await snapshotWorktree(
    record.path,
    ({ head, hasChanges }) => archiveMessage(name, { branch: record.branch, path: record.path, target, head, hasChanges }),
    ignoredKept,
  );
  if (!snapshot.ok) return operation.abandon(snapshot);
  const stored = await createArchiveRef(repo.path, name, snapshot.value.commit);
  if (!stored.ok) return operation.abandon(stored);
  if (!stored.value) return operation.abandon(err({ kind: 'ARCHIVE_EXISTS', name }));
  await operation.advance({ step: 'stored', commit: snapshot.value.commit });

  const torndown = await teardown(ctx, repo, config, trusted, record);
  await operation.advance({ step: 'removing' });
  const removed = await worktreeRemove(repo.path, record.path, record.locked ? 2 : 1);
  if (!removed.ok) {
    // The worktree is still there with its changes: the archive would only be a confusing copy.
    await deleteArchiveRef(repo.path, name, snapshot.value.commit);
    return operation.abandon(removed);
  }
  await ctx.ports.release(record.path);
  await operation.finish();
  await ctx.notify(repo.id);
  const archives = await listArchives(repo.path);
  const archive = archives.ok ? archives.value.find((candidate) => candidate.name === name) : undefined;
  if (!archive) return err({ kind: 'INTERNAL', message: `archive ${name} was saved but cannot be read back` });
  return ok({ archive, teardown: torndown, ignoredKept });
}

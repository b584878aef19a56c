/**
 * Finishing or rolling back what a killed engine or CLI left half done, at the next start.
 *
 * - Archive and restore are journaled (`operation-journal.ts`); each unfinished entry is rolled
 *   back while the worktree still holds everything, and finished forward once removal had
 *   started (the archive then holds everything). No step deletes a user's file that is not also
 *   in an archive.
 * - A git killed mid-command leaves `index.lock` / `config.lock`, which makes every later git
 *   command in that repository fail. A lock untouched for STALE_GIT_LOCK_MS is moved aside
 *   (`<lock>.stale-<time>`, kept for inspection), never while it may still be in use.
 * - `git worktree add` killed early leaves an admin entry under `.git/worktrees/` that is locked
 *   "initializing" (or has no `gitdir` yet) and whose folder has no checkout: such an entry is
 *   removed, so it neither blocks the path nor shows as a phantom worktree.
 */
import os from 'node:os';
import { lstat, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ARCHIVE_REF_PREFIX, deleteArchiveRef, listArchives } from '../git/archive-refs.ts';
import { deleteBranch, resolveCommit } from '../git/branch.ts';
import { listWorktrees } from '../git/worktree-list.ts';
import { pruneWorktreeEntry, worktreeRemove, worktreeUnlock } from '../git/worktree-remove.ts';
import { OperationJournal, type JournalEntry } from './operation-journal.ts';

/** A git lock file older than this belongs to a git that is gone (git holds them for ms). */
export const STALE_GIT_LOCK_MS = 60_000;

export interface RecoveryReport {
  /** One line per thing done, for the log. */
  actions: string[];
}

export interface RecoveryOptions {
  home: string;
  /** Registered repositories' main paths: their stale locks and orphan entries are repaired too. */
  repoPaths: readonly string[];
  /** Release a worktree's port block (a finished archive). */
  releasePorts?: (worktreePath: string) => Promise<void>;
  /** Override "now" for lock ages (tests). */
  now?: () => number;
}

/** Recover everything; never throws (a failure is reported and left for the next start). */
export async function recoverInterrupted(options: RecoveryOptions): Promise<RecoveryReport> {
  const report: RecoveryReport = { actions: [] };
  const journal = new OperationJournal(options.home);
  const entries = await journal.pending().catch(() => []);
  const repos = new Set(options.repoPaths);
  for (const entry of entries) repos.add(entry.repoPath);
  for (const repoPath of repos) {
    await repairRepository(repoPath, options.now ?? Date.now, report).catch((error: unknown) => {
      report.actions.push(`could not check ${repoPath}: ${(error as Error).message}`);
    });
  }
  for (const entry of entries) {
    if (stillRunning(entry)) continue;
    try {
      await recoverEntry(entry, options, report);
      await journal.finish(entry);
    } catch (error) {
      report.actions.push(`could not recover ${entry.op} of ${entry.worktreePath}: ${(error as Error).message}`);
    }
  }
  return report;
}

/** One stderr line per recovery action (nothing when there was nothing to do). */
export async function reportRecovery(report: RecoveryReport): Promise<void> {
  for (const action of report.actions) process.stderr.write(`agent-orchestrator: ${action}\n`);
}

/** The process that wrote the entry is alive (on this machine): leave its operation alone. */
function stillRunning(entry: JournalEntry): boolean {
  if (entry.pid === process.pid || entry.host !== os.hostname()) return false;
  try {
    process.kill(entry.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function recoverEntry(entry: JournalEntry, options: RecoveryOptions, report: RecoveryReport): Promise<void> {
  const { repoPath, worktreePath } = entry;
  const listed = await listWorktrees(repoPath);
  if (!listed.ok) throw new Error(`cannot list worktrees of ${repoPath}`);
  const registered = listed.value.find((record) => path.resolve(record.path) === path.resolve(worktreePath));
  const folderExists = await exists(worktreePath);

  if (entry.op === 'archive') {
    if (entry.step === 'removing') {
      // Forward: the archive ref holds the worktree's changes; finish the removal.
      if (registered && folderExists) {
        const removed = await worktreeRemove(repoPath, worktreePath, 2);
        if (!removed.ok) throw new Error(`cannot finish removing ${worktreePath}`);
      } else if (registered) {
        await pruneWorktreeEntry(repoPath, worktreePath);
      }
      await options.releasePorts?.(worktreePath);
      report.actions.push(`finished archiving ${worktreePath} as ${entry.name}`);
      return;
    }
    // snapshot / stored: the worktree was not touched yet; undo the archive ref if it was made.
    const archives = await listArchives(repoPath);
    const archive = archives.ok ? archives.value.find((candidate) => candidate.name === entry.name) : undefined;
    if (archive && path.resolve(archive.path) === path.resolve(worktreePath) && folderExists) {
      await deleteArchiveRef(repoPath, entry.name, archive.commit);
    }
    report.actions.push(`rolled back the interrupted archive of ${worktreePath} (the worktree is unchanged)`);
    return;
  }

  // restore
  if (entry.step === 'applied') {
    // Forward: the files are back; drop the archive ref as the restore would have.
    await deleteArchiveRef(repoPath, entry.name, entry.commit);
    report.actions.push(`finished restoring ${entry.name} to ${worktreePath}`);
    return;
  }
  // adding / added: roll back to "still archived"; the archive ref was never touched.
  if (registered) {
    if (registered.locked) await worktreeUnlock(repoPath, worktreePath);
    if (folderExists) await worktreeRemove(repoPath, worktreePath, 2);
    else await pruneWorktreeEntry(repoPath, worktreePath);
  }
  if (entry.createdBranch && entry.branch) {
    const tip = await resolveCommit(repoPath, `refs/heads/${entry.branch}`);
    if (tip.ok && tip.value === entry.head) await deleteBranch(repoPath, entry.branch);
  }
  report.actions.push(`rolled back the interrupted restore of ${entry.name} (it is still archived as ${ARCHIVE_REF_PREFIX}${entry.name})`);
}

/** Stale lock files and orphan admin entries of one repository (its main `.git` folder). */
async function repairRepository(repoPath: string, now: () => number, report: RecoveryReport): Promise<void> {
  const gitDir = path.join(repoPath, '.git');
  const info = await stat(gitDir).catch(() => null);
  if (!info?.isDirectory()) return;
  const locks = [path.join(gitDir, 'index.lock'), path.join(gitDir, 'config.lock'), path.join(gitDir, 'HEAD.lock'), path.join(gitDir, 'packed-refs.lock')];
  const adminRoot = path.join(gitDir, 'worktrees');
  const admins = await readdir(adminRoot, { withFileTypes: true }).catch(() => []);
  for (const admin of admins) {
    if (!admin.isDirectory()) continue;
    const dir = path.join(adminRoot, admin.name);
    locks.push(path.join(dir, 'index.lock'), path.join(dir, 'HEAD.lock'));
    await repairAdminEntry(repoPath, dir, now, report);
  }
  for (const lock of locks) {
    const lockInfo = await lstat(lock).catch(() => null);
    if (!lockInfo || now() - lockInfo.mtimeMs < STALE_GIT_LOCK_MS) continue;
    const aside = `${lock}.stale-${now()}`;
    await rename(lock, aside);
    report.actions.push(`moved a stale git lock aside: ${lock} → ${path.basename(aside)}`);
  }
}

/** An admin entry left by a `git worktree add` that was killed before it checked anything out. */
async function repairAdminEntry(repoPath: string, dir: string, now: () => number, report: RecoveryReport): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info || now() - info.mtimeMs < STALE_GIT_LOCK_MS) return;
  const gitdir = await readFile(path.join(dir, 'gitdir'), 'utf8').catch(() => null);
  const locked = await readFile(path.join(dir, 'locked'), 'utf8').catch(() => null);
  if (gitdir === null) {
    // Killed between creating the folder and writing `gitdir`: nothing of the user's is in it.
    await rm(dir, { recursive: true, force: true });
    report.actions.push(`removed an orphan worktree entry ${dir}`);
    return;
  }
  if (locked?.trim() !== 'initializing') return;
  const worktreePath = path.dirname(gitdir.trim());
  const checkedOut = await exists(path.join(worktreePath, '.git'));
  if (checkedOut) return;
  await rm(dir, { recursive: true, force: true });
  report.actions.push(`removed the entry of an interrupted 'git worktree add' of ${worktreePath} (in ${repoPath})`);
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

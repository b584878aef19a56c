/**
 * Finishing or rolling back what a killed engine or CLI left half done, at the next start.
 *
 * - Create, remove, archive and restore are journaled (`operation-journal.ts`). An archive or
 *   restore is rolled back while the worktree still holds everything, and finished forward once
 *   removal had started (the archive then holds everything). A create is rolled back while
 *   nothing of the user's is in it (`recovery-create.ts`); a remove is finished only when nothing
 *   more is lost by it, else the worktree is made usable again (`recovery-remove.ts`). No step
 *   deletes a user's file that is not also in git.
 * - A git killed mid-command leaves `index.lock` / `config.lock`, which makes every later git
 *   command in that repository fail. A lock untouched for STALE_GIT_LOCK_MS is moved aside
 *   (`<lock>.stale-<time>`, kept for inspection), never while it may still be in use.
 * - `git worktree add` killed early leaves an admin entry under `.git/worktrees/` that is locked
 *   "initializing" (or has no `gitdir` yet) and whose folder has no checkout: such an entry is
 *   removed, so it neither blocks the path nor shows as a phantom worktree.
 * - A git killed part-way through `worktree add` or `worktree remove` can leave a folder git no
 *   longer accepts as a worktree (no `.git` file yet or any more, or an admin entry without its
 *   `HEAD`), and then `git worktree remove` itself refuses it. When the journal proves the folder
 *   holds nothing that is not also in git (a restore's own half-made checkout, whose archive ref
 *   is intact; an archive whose ref holds the snapshot), the folder and its admin entries are
 *   deleted directly. When it cannot prove that, nothing is deleted and the entry stays for the
 *   next start, with a line saying why.
 */
import os from 'node:os';
import { lstat, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ARCHIVE_REF_PREFIX, deleteArchiveRef, listArchives } from '../git/archive-refs.ts';
import { deleteBranch, resolveCommit } from '../git/branch.ts';
import { listWorktrees, restoreEmptyCommondir } from '../git/worktree-list.ts';
import { worktreeUnlock } from '../git/worktree-remove.ts';
import { OperationJournal, type JournalEntry } from './operation-journal.ts';
import { recoverCreate } from './recovery-create.ts';
import { exists, removeWorktreeFolder } from './recovery-folders.ts';
import { recoverRemove } from './recovery-remove.ts';

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
      await recoverJournalEntry(entry, options, report);
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
export function stillRunning(entry: JournalEntry): boolean {
  if (entry.pid === process.pid || entry.host !== os.hostname()) return false;
  try {
    process.kill(entry.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Finish or roll back one entry whose process is gone, and forget it. Throws (the entry stays,
 * for the next start) when that cannot be done without risking the user's work.
 */
export async function recoverJournalEntry(entry: JournalEntry, options: RecoveryOptions, report: RecoveryReport): Promise<void> {
  await recoverEntry(entry, options, report);
  await new OperationJournal(options.home).finish(entry);
}

async function recoverEntry(entry: JournalEntry, options: RecoveryOptions, report: RecoveryReport): Promise<void> {
  if (entry.op === 'create') {
    report.actions.push(await recoverCreate(entry));
    return;
  }
  if (entry.op === 'remove') {
    report.actions.push(...(await recoverRemove(entry, options.releasePorts)));
    return;
  }
  const { repoPath, worktreePath } = entry;
  const listed = await listWorktrees(repoPath);
  if (!listed.ok) throw new Error(`cannot list worktrees of ${repoPath}`);
  const registered = listed.value.find((record) => path.resolve(record.path) === path.resolve(worktreePath));

  if (entry.op === 'archive') {
    if (entry.step === 'removing') {
      // Forward: the archive ref holds the worktree's changes; finish the removal. Only with the
      // ref in place: without it the folder may hold the only copy of the work.
      if (entry.commit === null || !(await archiveIntact(repoPath, entry.name, entry.commit))) {
        throw new Error(`its archive ${ARCHIVE_REF_PREFIX}${entry.name} is not where it was saved; the folder is left as it is`);
      }
      await removeWorktreeFolder(repoPath, worktreePath, registered !== undefined);
      await options.releasePorts?.(worktreePath);
      report.actions.push(`finished archiving ${worktreePath} as ${entry.name}`);
      return;
    }
    // snapshot / stored: the worktree was not touched yet; undo the archive ref if it was made.
    const archives = await listArchives(repoPath);
    const archive = archives.ok ? archives.value.find((candidate) => candidate.name === entry.name) : undefined;
    if (archive && path.resolve(archive.path) === path.resolve(worktreePath) && (await exists(worktreePath))) {
      await deleteArchiveRef(repoPath, entry.name, archive.commit);
    }
    report.actions.push(`rolled back the interrupted archive of ${worktreePath} (the worktree is unchanged)`);
    return;
  }

  // restore
  if (entry.step === 'applied') {
    // Forward: the files are back; drop the archive ref as the restore would have. If git cannot
    // (a lock a killed git left, not stale yet), the entry stays and the next start finishes it.
    await deleteArchiveRef(repoPath, entry.name, entry.commit);
    if (await archiveIntact(repoPath, entry.name, entry.commit)) throw new Error(`cannot delete ${ARCHIVE_REF_PREFIX}${entry.name} yet`);
    report.actions.push(`finished restoring ${entry.name} to ${worktreePath}`);
    return;
  }
  // adding / added: roll back to "still archived". The restore checked that nothing was at the
  // path before it began, so whatever is there now is its own checkout of the branch plus the
  // archive's changes — both still in git — as long as the archive ref is untouched.
  if (!(await archiveIntact(repoPath, entry.name, entry.commit))) {
    throw new Error(`its archive ${ARCHIVE_REF_PREFIX}${entry.name} is not at ${entry.commit.slice(0, 12)}; the folder is left as it is`);
  }
  if (registered?.locked) await worktreeUnlock(repoPath, worktreePath);
  await removeWorktreeFolder(repoPath, worktreePath, registered !== undefined);
  if (entry.createdBranch && entry.branch) {
    const tip = await resolveCommit(repoPath, `refs/heads/${entry.branch}`);
    if (tip.ok && tip.value === entry.head) await deleteBranch(repoPath, entry.branch);
  }
  report.actions.push(`rolled back the interrupted restore of ${entry.name} (it is still archived as ${ARCHIVE_REF_PREFIX}${entry.name})`);
}

/** The archive ref still points at the snapshot the journal recorded. */
async function archiveIntact(repoPath: string, name: string, commit: string): Promise<boolean> {
  const resolved = await resolveCommit(repoPath, `${ARCHIVE_REF_PREFIX}${name}`);
  return resolved.ok && resolved.value === commit;
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
  // A killed `update-ref` of an archive leaves `<name>.lock`, and git then refuses that archive
  // name for good (creating it reads as "exists", deleting it fails).
  const archiveRefs = path.join(gitDir, ...ARCHIVE_REF_PREFIX.split('/').filter(Boolean));
  for (const name of await readdir(archiveRefs).catch(() => [] as string[])) {
    if (name.endsWith('.lock')) locks.push(path.join(archiveRefs, name));
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
  // Killed between creating `commondir` and writing it: git then dies on every `worktree list`
  // in the repository ("failed to read …/commondir"), so nothing, not even this recovery, could
  // list worktrees. git only ever writes "../.." there (the admin entry's common dir), and an
  // empty file exists for microseconds while a live git writes it: restoring it is always safe.
  const commondir = path.join(dir, 'commondir');
  if (await restoreEmptyCommondir(commondir, 0)) {
    report.actions.push(`repaired the empty ${commondir} a killed 'git worktree add' left (every worktree command failed on it)`);
  }
  const info = await stat(dir).catch(() => null);
  if (!info || now() - info.mtimeMs < STALE_GIT_LOCK_MS) return;
  const gitdir = await readFile(path.join(dir, 'gitdir'), 'utf8').catch(() => null);
  const locked = await readFile(path.join(dir, 'locked'), 'utf8').catch(() => null);
  if (gitdir === null || gitdir.trim() === '') {
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

/**
 * Archived worktrees: snapshot commits on `refs/agent-orchestrator/archive/<name>`.
 *
 * The ref keeps the commit (and with it every change) reachable, so `gc` never drops it and the
 * "is this work saved somewhere?" check can count it. What the archive was (branch, path, target)
 * travels in the commit message as one JSON trailer line, so the archive is self-describing even
 * for a reinstalled app.
 */
import * as z from 'zod';
import type { WorktreeArchive } from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';
import { createFormatParser } from './format-parser.ts';

export const ARCHIVE_REF_PREFIX = 'refs/agent-orchestrator/archive/';

/** The trailer that carries an archive's metadata. */
const TRAILER = 'Agent-Orchestrator-Archive: ';

const ArchiveMetaSchema = z.object({
  branch: z.string().nullable(),
  path: z.string(),
  target: z.string().nullable(),
  head: z.string().nullable(),
  hasChanges: z.boolean(),
});
export type ArchiveMeta = z.infer<typeof ArchiveMetaSchema>;

/** The commit message of a snapshot: a subject a person can read, then the metadata line. */
export function archiveMessage(name: string, meta: ArchiveMeta): string {
  return `agent-orchestrator archive: ${name}\n\n${TRAILER}${JSON.stringify(meta)}\n`;
}

/** Read the metadata back from a commit message; null when it is not an archive message. */
export function parseArchiveMessage(message: string): ArchiveMeta | null {
  for (const line of message.split('\n')) {
    if (!line.startsWith(TRAILER)) continue;
    try {
      const parsed = ArchiveMetaSchema.safeParse(JSON.parse(line.slice(TRAILER.length)));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * An archive name a ref can hold, derived from a worktree's folder name: whitespace and the
 * characters refs forbid become "-". Callers still validate it with `git check-ref-format`.
 */
export function archiveNameFor(folderName: string): string {
  const name = folderName
    // eslint-disable-next-line no-control-regex -- control characters are what refs forbid.
    .replace(/[\s~^:?*[\\\x00-\x1f\x7f]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/@\{/g, '@-')
    .replace(/^[.-]+/, '')
    .replace(/(\.lock|\.)+$/, '');
  return name === '' ? 'worktree' : name;
}

/** Whether `refs/agent-orchestrator/archive/<name>` is a valid ref name. */
export async function isValidArchiveName(cwd: string, name: string): Promise<boolean> {
  if (name.includes('/') || name.startsWith('-')) return false;
  const result = await runGit(['check-ref-format', `${ARCHIVE_REF_PREFIX}${name}`], {
    cwd,
    label: 'archive-name',
    successExitCodes: [0, 1, 128],
  });
  return result.ok && result.value.exitCode === 0;
}

const parser = createFormatParser({
  ref: '%(refname)',
  commit: '%(objectname)',
  date: '%(creatordate:iso-strict)',
  message: '%(contents)',
}, 'ref');

/** Every archive of the repository, newest first. */
export async function listArchives(cwd: string): Promise<Result<WorktreeArchive[]>> {
  const result = await runGit(['for-each-ref', '--sort=-creatordate', parser.formatArg, ARCHIVE_REF_PREFIX], {
    cwd,
    label: 'archive-list',
  });
  if (!result.ok) return result;
  const archives: WorktreeArchive[] = [];
  for (const record of parser.parse(result.value.stdout)) {
    const meta = parseArchiveMessage(record.message);
    const name = record.ref.slice(ARCHIVE_REF_PREFIX.length);
    archives.push({
      name,
      ref: record.ref,
      commit: record.commit,
      head: meta?.head ?? null,
      branch: meta?.branch ?? null,
      path: meta?.path ?? '',
      target: meta?.target ?? null,
      createdAt: record.date,
      hasChanges: meta?.hasChanges ?? true,
    });
  }
  return ok(archives);
}

/**
 * Point the archive ref at `commit`, only if it does not exist yet (the empty old value makes
 * `update-ref` refuse to overwrite): two archives of the same name never silently replace each other.
 * false: the name is taken. Any other refusal (a `<ref>.lock` left by a killed git) is git's error,
 * whose message says which lock to remove, rather than a misleading "archive exists".
 */
export async function createArchiveRef(cwd: string, name: string, commit: string): Promise<Result<boolean>> {
  const ref = `${ARCHIVE_REF_PREFIX}${name}`;
  const result = await runGit(['update-ref', '-m', 'agent-orchestrator archive', ref, commit, ''], {
    cwd,
    label: 'archive-ref',
    successExitCodes: [0, 1, 128],
  });
  if (!result.ok) return result;
  if (result.value.exitCode === 0) return ok(true);
  const taken = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', ref], { cwd, label: 'archive-ref', successExitCodes: [0, 1] });
  if (!taken.ok) return taken;
  if (taken.value.exitCode === 0) return ok(false);
  return err({ kind: 'GIT_FAILED', args: ['update-ref', ref], exitCode: result.value.exitCode, stderr: result.value.stderr.trim() });
}

/** Delete an archive ref, only if it still points at `commit`. */
export async function deleteArchiveRef(cwd: string, name: string, commit: string): Promise<Result<null>> {
  const result = await runGit(['update-ref', '-d', `${ARCHIVE_REF_PREFIX}${name}`, commit], { cwd, label: 'archive-ref' });
  return result.ok ? ok(null) : result;
}

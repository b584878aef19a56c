/**
 * What a pane's title bar says: repository · worktree folder · branch, and the process status.
 */
import type { Repo, SessionInfo } from '../../shared/protocol/index.ts';
import type { WorktreeListing } from '../data/worktree-data.ts';
import { branchLabel, folderName } from '../repos/worktree-label.ts';

export interface PaneTitle {
  /** Repository name, or null for a session outside any registered repository. */
  repo: string | null;
  folder: string;
  /** Branch of the worktree the session runs in; null while unknown. */
  branch: string | null;
  /** The worktree the session runs in (its CI badge); null while unknown. */
  worktreePath: string | null;
}

/** Title parts for a session, looking up its worktree by cwd for the live branch. */
export function paneTitle(
  session: Pick<SessionInfo, 'repoId' | 'cwd'>,
  repos: readonly Repo[],
  /** The listing of the session's repository (null outside one). */
  listing: WorktreeListing | null,
): PaneTitle {
  const repo = session.repoId === null ? undefined : repos.find((candidate) => candidate.id === session.repoId);
  const worktree = listing?.worktrees.find((candidate) => samePath(candidate.path, session.cwd));
  return {
    repo: repo?.name ?? null,
    folder: folderName(session.cwd),
    branch: worktree ? branchLabel(worktree) : null,
    worktreePath: worktree?.path ?? null,
  };
}

export interface PaneStatus {
  tone: 'running' | 'exited-ok' | 'exited-error';
  label: string;
}

/** `running`, or `exited (code N)`. */
export function paneStatus(session: Pick<SessionInfo, 'status' | 'exitCode'>): PaneStatus {
  if (session.status === 'running') return { tone: 'running', label: 'running' };
  const code = session.exitCode;
  return {
    tone: code === 0 ? 'exited-ok' : 'exited-error',
    label: code === null ? 'exited' : `exited (code ${code})`,
  };
}

function samePath(a: string, b: string): boolean {
  return a.replace(/[\\/]+$/, '') === b.replace(/[\\/]+$/, '');
}

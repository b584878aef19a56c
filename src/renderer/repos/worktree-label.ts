/**
 * Display text for worktrees and paths (pure; shared by the sidebar and pane titles).
 */
import type { Worktree } from '../../shared/protocol/index.ts';

/** Length of an abbreviated commit id, as `git log --oneline` shows it. */
export const SHORT_SHA_LENGTH = 7;

/** Last segment of a POSIX or Windows path (`/a/b/` → `b`, `C:\a\b` → `b`). */
export function folderName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const segments = trimmed.split(/[\\/]/);
  return segments[segments.length - 1] || trimmed || path;
}

/** `feature/x`, `detached @1a2b3c4`, or `no commits` for an unborn branch. */
export function branchLabel(worktree: Pick<Worktree, 'branch' | 'detached' | 'head'>): string {
  if (worktree.branch) return worktree.branch;
  if (worktree.detached && worktree.head) return `detached @${worktree.head.slice(0, SHORT_SHA_LENGTH)}`;
  return worktree.head ? worktree.head.slice(0, SHORT_SHA_LENGTH) : 'no commits';
}

/** A small label next to a worktree, with the longer explanation for its tooltip. */
export interface WorktreeBadge {
  kind: 'main' | 'integrator' | 'dirty' | 'locked' | 'prunable' | 'unknown-state';
  label: string;
  title: string;
}

/** Badges in display order: main marker, then problems, then dirty state. */
export function worktreeBadges(worktree: Worktree): WorktreeBadge[] {
  const badges: WorktreeBadge[] = [];
  if (worktree.isMain) badges.push({ kind: 'main', label: 'main', title: 'Main working tree of the repository' });
  if (worktree.locked) {
    badges.push({ kind: 'locked', label: 'locked', title: worktree.lockReason ? `Locked: ${worktree.lockReason}` : 'Locked' });
  }
  if (worktree.prunable) {
    badges.push({
      kind: 'prunable',
      label: 'prunable',
      title: worktree.prunableReason ? `Prunable: ${worktree.prunableReason}` : 'Prunable (its folder is gone)',
    });
  }
  if (worktree.integrator) {
    badges.push({ kind: 'integrator', label: 'integrator', title: 'Integrator: merges chosen branches, in dependency order' });
  }
  if (worktree.dirty === true) badges.push({ kind: 'dirty', label: 'modified', title: 'Uncommitted or untracked changes' });
  if (worktree.dirty === null && !worktree.prunable) {
    badges.push({ kind: 'unknown-state', label: '?', title: 'Could not read the working tree status' });
  }
  return badges;
}

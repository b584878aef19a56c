/**
 * What a worktree's CI looks like: the badge (pending, passing, failing, triaging N/2,
 * escalated), the PR chip and the panel's wording, as pure functions.
 */
import type { CiWorktree } from '../../shared/protocol/index.ts';

export type CiTone = 'pending' | 'passing' | 'failing' | 'triaging' | 'escalated' | 'waiting';

export interface CiBadgeView {
  readonly tone: CiTone;
  readonly label: string;
  readonly title: string;
}

/** The badge, or null when there is nothing to show (no checks, no local checks, no PR). */
export function ciBadge(w: CiWorktree): CiBadgeView | null {
  const failing = w.checks.state === 'failure' || w.local.state === 'failure';
  const names = [...w.checks.failing.map((f) => f.name), ...(w.local.state === 'failure' && w.local.failed ? [w.local.failed] : [])];
  if (w.triage.phase === 'escalated') {
    return { tone: 'escalated', label: 'escalated', title: `Auto-triage gave up after ${w.triage.attempts} attempts: ${names.join(', ')}. Needs you.` };
  }
  if (failing && w.triage.phase === 'sent') {
    return { tone: 'triaging', label: `triaging ${w.triage.attempts}/${w.triage.maxAttempts}`, title: `The agent has the failure of ${names.join(', ')}` };
  }
  if (failing && w.triage.phase === 'waiting') {
    return { tone: 'waiting', label: 'failing', title: `Failing: ${names.join(', ')}. The prompt waits: ${waitingText(w.triage.waitingFor)}.` };
  }
  if (failing) return { tone: 'failing', label: 'failing', title: `Failing: ${names.join(', ')}` };
  if (w.checks.state === 'pending' || w.local.state === 'running') {
    return { tone: 'pending', label: 'pending', title: w.local.state === 'running' ? 'Local checks running' : 'Checks running' };
  }
  if (w.checks.state === 'success' || w.local.state === 'success') return { tone: 'passing', label: 'passing', title: 'All checks passed' };
  return null;
}

export function waitingText(reason: CiWorktree['triage']['waitingFor']): string {
  switch (reason) {
    case 'agent-busy':
      return 'the agent is busy';
    case 'user-typing':
      return 'you are typing in its pane';
    case 'no-agent':
      return 'no agent runs in this worktree';
    case null:
      return 'waiting';
  }
}

/** `#12 open`, `#12 draft`, `#12 merged`. */
export function prLabel(w: CiWorktree): string | null {
  return w.pr ? `#${w.pr.number} ${w.pr.state}` : null;
}

/** Why "Create PR" cannot run, or null when it can. */
export function createPrBlocker(w: CiWorktree): string | null {
  if (!w.branch) return 'Check out a branch first (detached HEAD).';
  // Also when there is no origin at all (a local repository): say how to get one.
  if (!w.github) return 'No GitHub remote: the origin remote must be a GitHub repository (git remote add origin https://github.com/OWNER/REPO.git).';
  if (!w.target) return 'This worktree has no target branch.';
  return null;
}

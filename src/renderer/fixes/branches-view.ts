/**
 * Words and choices for the branch dialogs (pure, so they are unit-tested): which branches an
 * integrator worktree can merge and which it starts with checked, and one line per child result
 * of a restack or an integration.
 */
import type { ChildResult, RestackChild, Worktree } from '../../shared/protocol/index.ts';
import type { LandLine } from './land-view.ts';

export interface BranchChoice {
  readonly branch: string;
  /** Shown beside the name: where it is checked out, or its restack state. */
  readonly note: string;
  /** Checked when the dialog opens. */
  readonly checked: boolean;
}

/**
 * Branches an integrator can merge: every other worktree's branch (the main worktree's too, it
 * may be a feature branch), those recorded as its children first and checked.
 */
export function integrateChoices(worktrees: readonly Worktree[], integrator: Worktree): BranchChoice[] {
  const seen = new Set<string>();
  const choices: BranchChoice[] = [];
  for (const worktree of worktrees) {
    const branch = worktree.branch;
    if (branch === null || branch === integrator.branch || seen.has(branch) || worktree.missing || worktree.prunable) continue;
    seen.add(branch);
    const child = integrator.branch !== null && worktree.parent === integrator.branch;
    choices.push({ branch, note: child ? `started from ${integrator.branch}` : lastSegment(worktree.path), checked: child });
  }
  return choices.sort((a, b) => Number(b.checked) - Number(a.checked) || a.branch.localeCompare(b.branch));
}

/** Children of a moved parent: those behind or diverged are checked, current ones listed for context. */
export function restackChoices(children: readonly RestackChild[]): BranchChoice[] {
  return children.map((child) => ({
    branch: child.branch,
    note: child.state === 'current' ? 'up to date' : child.state === 'behind' ? 'behind: the parent gained commits' : 'diverged: the parent was rewritten',
    checked: child.state !== 'current',
  }));
}

const RESULT_TEXT: Record<ChildResult['result'], string> = {
  restacked: 'rebased onto the parent',
  merged: 'merged',
  current: 'already up to date',
  conflict: 'conflicts',
  skipped: 'skipped',
};

export function childLines(results: readonly ChildResult[]): LandLine[] {
  return results.map((child) => {
    const tone = child.result === 'conflict' ? 'error' : child.result === 'skipped' ? 'warn' : 'ok';
    const detail =
      child.result === 'conflict'
        ? ` in ${child.files.length > 0 ? child.files.join(', ') : 'some files'}; left as it was`
        : child.result === 'skipped' && child.reason
          ? `: ${child.reason}`
          : child.head
            ? ` (now ${child.head.slice(0, 8)})`
            : '';
    return { tone, text: `${child.branch}: ${RESULT_TEXT[child.result]}${detail}.` };
  });
}

function lastSegment(folder: string): string {
  return folder.split(/[\\/]/).filter(Boolean).pop() ?? folder;
}

/**
 * How a worktree's per-target status reads as a compact badge (pure, unit-tested).
 */
import type { PairStatus } from '../../shared/protocol/index.ts';
import { plural } from '../../shared/plural.ts';

export interface TargetBadge {
  readonly target: string;
  /** `main ✓`, `main ≈`, `main ↑2`, `main ↑2 !`. */
  readonly label: string;
  readonly tone: 'merged' | 'equivalent' | 'unmerged' | 'conflict';
  readonly title: string;
}

export function targetBadge(target: string, status: PairStatus): TargetBadge {
  const behind = status.behind > 0 ? `, ${status.behind} behind` : '';
  switch (status.state) {
    case 'merged':
      return { target, label: `${target} ✓`, tone: 'merged', title: `Merged into ${target}${behind}` };
    case 'equivalent':
      return { target, label: `${target} ≈`, tone: 'equivalent', title: `${target} already has these changes (squash, rebase or cherry-pick)${behind}` };
    case 'unmerged': {
      const conflict = status.conflicts === true;
      return {
        target,
        label: `${target} ↑${status.ahead}${conflict ? ' !' : ''}`,
        tone: conflict ? 'conflict' : 'unmerged',
        title: `${plural(status.ahead, 'commit')} not in ${target}${behind}${conflict ? '; merging would conflict' : ''}`,
      };
    }
  }
}

/**
 * How a worktree's per-target status reads as a compact badge (pure, unit-tested), and which
 * badges its row shows in what order.
 */
import type { GitMap, MapBranch, PairStatus } from '../../shared/protocol/index.ts';
import { plural } from '../../shared/plural.ts';

export interface TargetBadge {
  readonly target: string;
  /** `main ✓`, `main ≈`, `main ↑2`, `main ↑2 !`. */
  readonly label: string;
  readonly tone: 'merged' | 'equivalent' | 'unmerged' | 'conflict';
  readonly title: string;
  /** The branch's own target (what it merges into), not only one of the repository's. */
  readonly own?: boolean;
  /** Its own target is not the default branch: the label says so with `→`. */
  readonly marked?: boolean;
}

/**
 * A worktree row's badges: its own target first — marked `→` when it is not the default branch
 * (a stacked branch's parent, a fix's origin, a `release` chosen on the row) — then the
 * repository's other targets. Targets without a status yet are left out.
 */
export function rowBadges(map: Pick<GitMap, 'targets'>, entry: Pick<MapBranch, 'target' | 'status'>): TargetBadge[] {
  const own = entry.target;
  const names = [...(own !== null ? [own] : []), ...map.targets.filter((target) => target !== own)];
  const badges: TargetBadge[] = [];
  for (const name of names) {
    const status = entry.status[name];
    if (!status) continue;
    const badge = targetBadge(name, status);
    if (name !== own) badges.push(badge);
    else if (name === map.targets[0]) badges.push({ ...badge, own: true, title: `Merges into ${name}. ${badge.title}` });
    else badges.push({ ...badge, own: true, marked: true, label: `→ ${badge.label}`, title: `Its own target: merges into ${name}, not ${map.targets[0] ?? 'the default branch'}. ${badge.title}` });
  }
  return badges;
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

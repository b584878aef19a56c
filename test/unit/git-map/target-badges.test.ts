import { describe, expect, it } from 'vitest';
import { rowBadges, targetBadge } from '../../../src/renderer/git-map/target-badges.ts';

describe('targetBadge', () => {
  it('reads merged, equivalent, ahead and conflict at a glance, with the counts in the title', () => {
    expect(targetBadge('main', { state: 'merged', ahead: 0, behind: 3, conflicts: null })).toMatchObject({ label: 'main ✓', tone: 'merged', title: 'Merged into main, 3 behind' });
    expect(targetBadge('main', { state: 'equivalent', ahead: 2, behind: 0, conflicts: null })).toMatchObject({ label: 'main ≈', tone: 'equivalent' });
    expect(targetBadge('consumer', { state: 'unmerged', ahead: 2, behind: 1, conflicts: false })).toMatchObject({
      label: 'consumer ↑2',
      tone: 'unmerged',
      title: '2 commits not in consumer, 1 behind',
    });
    const conflict = targetBadge('main', { state: 'unmerged', ahead: 1, behind: 0, conflicts: true });
    expect(conflict).toMatchObject({ label: 'main ↑1 !', tone: 'conflict' });
    expect(conflict.title).toContain('would conflict');
  });
});

describe('rowBadges', () => {
  const unmerged = (ahead: number) => ({ state: 'unmerged' as const, ahead, behind: 0, conflicts: false });

  it('puts a recorded target that is none of the repository’s first, marked →', () => {
    const badges = rowBadges({ targets: ['main'] }, { target: 'feature/parent', status: { main: unmerged(3), 'feature/parent': unmerged(1) } });
    expect(badges.map((b) => [b.label, b.own ?? false])).toEqual([
      ['→ feature/parent ↑1', true],
      ['main ↑3', false],
    ]);
    expect(badges[0]!.title).toBe('Its own target: merges into feature/parent, not main. 1 commit not in feature/parent');
  });

  it('puts a recorded repository target first too; the default target reads as before', () => {
    const status = { main: unmerged(2), release: unmerged(5) };
    expect(rowBadges({ targets: ['main', 'release'] }, { target: 'release', status }).map((b) => b.label)).toEqual(['→ release ↑5', 'main ↑2']);
    const plain = rowBadges({ targets: ['main', 'release'] }, { target: 'main', status });
    expect(plain.map((b) => b.label)).toEqual(['main ↑2', 'release ↑5']);
    expect(plain[0]!.own).toBe(true);
    // A detached worktree has no own target; a target without a status yet is left out.
    expect(rowBadges({ targets: ['main', 'release'] }, { target: null, status: { main: unmerged(1) } }).map((b) => b.label)).toEqual(['main ↑1']);
  });
});

import { describe, expect, it } from 'vitest';
import { targetBadge } from '../../../src/renderer/git-map/target-badges.ts';

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

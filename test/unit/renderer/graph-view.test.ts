import { describe, expect, it } from 'vitest';
import { availableActions, procedureExists } from '../../../src/renderer/graph/graph-actions.ts';
import { mergedState } from '../../../src/renderer/graph/graph-colors.ts';
import { graphColumnWidth, rowAt, ROW_HEIGHT } from '../../../src/renderer/graph/graph-draw.ts';

describe('graph view rules', () => {
  it('names a commit merged into every target, some, or none', () => {
    expect(mergedState(0b11, 0b11)).toBe('merged');
    expect(mergedState(0b01, 0b11)).toBe('partly');
    expect(mergedState(0b00, 0b11)).toBe('unmerged');
    expect(mergedState(0b01, 0)).toBe('unmerged');
  });

  it('offers an action only when its procedure is in the contract', () => {
    const contract = { gitMap: { contains: {} }, worktrees: { list: {} } };
    expect(procedureExists('gitMap', 'contains', contract)).toBe(true);
    expect(procedureExists('gitMap', 'apply', contract)).toBe(false);
    expect(procedureExists('nope', 'contains', contract)).toBe(false);
    expect(availableActions(contract).map((action) => action.id)).toEqual(['check-fix']);
    expect(availableActions({ gitMap: { contains: {}, apply: {} }, fixes: { start: {} } }).map((a) => a.id)).toEqual([
      'check-fix',
      'apply-fix',
      'branch-fix',
    ]);
  });

  it('maps points to rows and keeps the graph column within a third of the view', () => {
    expect(rowAt(0, 0)).toBe(0);
    expect(rowAt(ROW_HEIGHT - 1, 0)).toBe(0);
    expect(rowAt(5, ROW_HEIGHT * 10)).toBe(10);
    expect(graphColumnWidth(3, 1200)).toBeLessThan(100);
    expect(graphColumnWidth(119, 1200)).toBe(396);
    expect(graphColumnWidth(119, 200)).toBe(90);
  });
});

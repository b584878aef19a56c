/**
 * Where agent panes go in the grid.
 */
import { describe, expect, it } from 'vitest';
import { addPane, focusPane, replacePane } from '../../../src/main/engine/agents/layout-placement.ts';
import { MAX_PANES } from '../../../src/shared/protocol/layout.ts';

const layout = { panes: ['a', 'b', 'c'], focused: 'a', maximized: null };

describe('layout placement', () => {
  it('adds a launched agent at the end (or after its predecessor) and focuses it', () => {
    expect(addPane(layout, 'd')).toEqual({ panes: ['a', 'b', 'c', 'd'], focused: 'd', maximized: null });
    expect(addPane(layout, 'd', 'a')).toEqual({ panes: ['a', 'd', 'b', 'c'], focused: 'd', maximized: null });
    const full = { panes: Array.from({ length: MAX_PANES }, (_, i) => `p${i}`), focused: null, maximized: null };
    expect(addPane(full, 'x')).toBe(full);
  });

  it('puts a handoff session in its predecessor place, maximized if it was', () => {
    expect(replacePane({ ...layout, maximized: 'b' }, 'b', 'n')).toEqual({ panes: ['a', 'n', 'c'], focused: 'n', maximized: 'n' });
    expect(replacePane(layout, 'zz', 'n').panes).toEqual(['a', 'b', 'c', 'n']);
  });

  it('focuses a pane, taking over a maximized one so it is on screen', () => {
    expect(focusPane(layout, 'c')).toEqual({ ...layout, focused: 'c' });
    expect(focusPane({ ...layout, maximized: 'a' }, 'c')).toEqual({ panes: layout.panes, focused: 'c', maximized: 'c' });
    expect(focusPane(layout, 'a')).toBe(layout);
    expect(focusPane(layout, 'zz')).toBe(layout);
  });
});

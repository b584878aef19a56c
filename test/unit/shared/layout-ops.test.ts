/**
 * The grid's pure transitions, shared by the engine (which applies commands) and the renderer
 * (which applies the same functions optimistically to its cached copy).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PANES, type Layout } from '../../../src/shared/protocol/index.ts';
import {
  addPane,
  focusPane,
  hasRoom,
  keepKnownPanes,
  maximizePane,
  maximizeToggleTarget,
  movePane,
  paneAt,
  removePane,
  replacePane,
} from '../../../src/shared/layout/layout-ops.ts';

const layout = (panes: string[], focused: string | null = null, maximized: string | null = null): Layout => ({
  panes,
  focused,
  maximized,
});
const full = layout(Array.from({ length: MAX_PANES }, (_, n) => `p${n}`), 'p0');

describe('addPane', () => {
  it('appends, focuses and un-maximizes so the new pane is visible', () => {
    expect(addPane(layout(['a', 'b'], 'a', 'a'), 'c')).toEqual(layout(['a', 'b', 'c'], 'c', null));
  });

  it('inserts after a given pane (a handoff kept beside its predecessor)', () => {
    expect(addPane(layout(['a', 'b', 'c'], 'a'), 'd', 'a')).toEqual(layout(['a', 'd', 'b', 'c'], 'd'));
    expect(addPane(layout(['a'], 'a'), 'd', 'gone')).toEqual(layout(['a', 'd'], 'd'));
  });

  it('leaves a full grid unchanged (callers check hasRoom and report TOO_MANY_PANES)', () => {
    expect(hasRoom(full)).toBe(false);
    expect(addPane(full, 'x')).toBe(full);
  });

  it('only focuses a pane that is already there (no duplicates)', () => {
    expect(addPane(layout(['a', 'b'], 'a'), 'b')).toEqual(layout(['a', 'b'], 'b'));
    expect(addPane(full, 'p3')).toEqual({ ...full, focused: 'p3' });
  });
});

describe('replacePane', () => {
  it('puts a fresh session in its predecessor’s place, maximized if it was', () => {
    expect(replacePane(layout(['a', 'b', 'c'], 'a', 'b'), 'b', 'n')).toEqual(layout(['a', 'n', 'c'], 'n', 'n'));
  });

  it('adds at the end when the predecessor is not shown', () => {
    expect(replacePane(layout(['a', 'b'], 'a'), 'zz', 'n')).toEqual(layout(['a', 'b', 'n'], 'n'));
  });
});

describe('removePane', () => {
  it('moves focus to the pane that takes the closed one’s place', () => {
    expect(removePane(layout(['a', 'b', 'c'], 'b'), 'b')).toEqual(layout(['a', 'c'], 'c'));
  });

  it('moves focus to the previous pane when the last one closes', () => {
    expect(removePane(layout(['a', 'b', 'c'], 'c'), 'c')).toEqual(layout(['a', 'b'], 'b'));
  });

  it('keeps focus elsewhere untouched and restores the grid if the maximized pane closes', () => {
    expect(removePane(layout(['a', 'b'], 'a', 'b'), 'b')).toEqual(layout(['a'], 'a', null));
  });

  it('ends with nothing focused when the only pane closes', () => {
    expect(removePane(layout(['a'], 'a', 'a'), 'a')).toEqual(layout([], null, null));
  });

  it('returns the same layout for an unknown pane', () => {
    const before = layout(['a'], 'a');
    expect(removePane(before, 'zzz')).toBe(before);
  });
});

describe('focusPane / paneAt', () => {
  it('focuses by id; paneAt maps a 0-based position to its session', () => {
    expect(focusPane(layout(['a', 'b'], 'a'), 'b')).toEqual(layout(['a', 'b'], 'b'));
    expect(paneAt(layout(['a', 'b', 'c']), 2)).toBe('c');
    expect(paneAt(layout(['a']), 5)).toBeNull();
  });

  it('swaps the maximized pane so the focused one stays on screen', () => {
    expect(focusPane(layout(['a', 'b'], 'a', 'a'), 'b')).toEqual(layout(['a', 'b'], 'b', 'b'));
  });

  it('returns the same object for no-ops, so nothing is saved or broadcast', () => {
    const before = layout(['a', 'b'], 'a');
    expect(focusPane(before, 'a')).toBe(before);
    expect(focusPane(before, 'missing')).toBe(before);
  });
});

describe('maximizePane / maximizeToggleTarget', () => {
  it('maximizes and focuses a pane; null restores the grid; repeating changes nothing', () => {
    const maximized = maximizePane(layout(['a', 'b'], 'a'), 'b');
    expect(maximized).toEqual(layout(['a', 'b'], 'b', 'b'));
    expect(maximizePane(maximized, 'b')).toBe(maximized);
    expect(maximizePane(maximized, null)).toEqual(layout(['a', 'b'], 'b', null));
    const plain = layout(['a'], 'a');
    expect(maximizePane(plain, null)).toBe(plain);
    expect(maximizePane(plain, 'missing')).toBe(plain);
  });

  it('the toggle targets the focused pane, then the first, and restores when it is maximized', () => {
    expect(maximizeToggleTarget(layout(['a', 'b'], 'b'), null)).toEqual({ sessionId: 'b' });
    expect(maximizeToggleTarget(layout(['a', 'b']), null)).toEqual({ sessionId: 'a' });
    expect(maximizeToggleTarget(layout(['a', 'b'], 'b', 'b'), null)).toEqual({ sessionId: null });
    expect(maximizeToggleTarget(layout(['a', 'b'], 'a'), 'b')).toEqual({ sessionId: 'b' });
    expect(maximizeToggleTarget(layout([]), null)).toBeNull();
  });
});

describe('movePane', () => {
  it('moves a pane to a position, keeping focus and maximize', () => {
    expect(movePane(layout(['a', 'b', 'c'], 'b', 'b'), 'a', 2)).toEqual(layout(['b', 'c', 'a'], 'b', 'b'));
    expect(movePane(layout(['a', 'b', 'c']), 'c', 0)).toEqual(layout(['c', 'a', 'b']));
  });

  it('clamps past the end and returns the same object for no-ops', () => {
    expect(movePane(layout(['a', 'b']), 'a', 8)).toEqual(layout(['b', 'a']));
    const before = layout(['a', 'b']);
    expect(movePane(before, 'a', 0)).toBe(before);
    expect(movePane(before, 'zz', 1)).toBe(before);
  });
});

describe('keepKnownPanes', () => {
  it('drops panes of forgotten sessions and repairs focus and maximized', () => {
    const known = new Set(['a', 'c']);
    expect(keepKnownPanes(layout(['a', 'b', 'c'], 'b', 'b'), (id) => known.has(id))).toEqual(layout(['a', 'c'], 'c', null));
  });

  it('returns the same object when every session is known', () => {
    const before = layout(['a'], 'a');
    expect(keepKnownPanes(before, () => true)).toBe(before);
  });
});

describe('invariants under any sequence of commands', () => {
  const id = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k');
  const command = fc.oneof(
    fc.record({ op: fc.constant('add' as const), id, after: fc.option(id) }),
    fc.record({ op: fc.constant('remove' as const), id }),
    fc.record({ op: fc.constant('focus' as const), id }),
    fc.record({ op: fc.constant('maximize' as const), id: fc.option(id) }),
    fc.record({ op: fc.constant('move' as const), id, index: fc.nat(MAX_PANES - 1) }),
    fc.record({ op: fc.constant('replace' as const), id, next: id }),
  );

  it('never duplicates a pane, never exceeds the grid, and focus/maximized always name a shown pane', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 60 }), (commands) => {
        let current = layout([]);
        for (const c of commands) {
          if (c.op === 'add') current = addPane(current, c.id, c.after);
          else if (c.op === 'remove') current = removePane(current, c.id);
          else if (c.op === 'focus') current = focusPane(current, c.id);
          else if (c.op === 'maximize') current = maximizePane(current, c.id);
          else if (c.op === 'move') current = movePane(current, c.id, c.index);
          else current = replacePane(current, c.id, c.next);
          expect(new Set(current.panes).size).toBe(current.panes.length);
          expect(current.panes.length).toBeLessThanOrEqual(MAX_PANES);
          if (current.focused !== null) expect(current.panes).toContain(current.focused);
          if (current.maximized !== null) expect(current.panes).toContain(current.maximized);
        }
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Layout } from '../../../src/shared/protocol/index.ts';
import {
  addPane,
  focusPane,
  focusPaneAt,
  keepKnownPanes,
  removePane,
  toggleMaximize,
} from '../../../src/renderer/grid/layout-ops.ts';

const layout = (panes: string[], focused: string | null = null, maximized: string | null = null): Layout => ({
  panes,
  focused,
  maximized,
});

describe('addPane', () => {
  it('appends, focuses and un-maximizes so the new pane is visible', () => {
    expect(addPane(layout(['a', 'b'], 'a', 'a'), 'c')).toEqual({ ok: true, layout: layout(['a', 'b', 'c'], 'c', null) });
  });

  it('refuses a tenth pane', () => {
    const full = layout(['1', '2', '3', '4', '5', '6', '7', '8', '9'], '1');
    expect(addPane(full, '10')).toEqual({ ok: false, max: 9 });
  });

  it('only focuses a pane that is already there (no duplicates)', () => {
    expect(addPane(layout(['a', 'b'], 'a'), 'b')).toEqual({ ok: true, layout: layout(['a', 'b'], 'b') });
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

describe('focusPane / focusPaneAt', () => {
  it('focuses by id and by 0-based position', () => {
    expect(focusPane(layout(['a', 'b'], 'a'), 'b')).toEqual(layout(['a', 'b'], 'b'));
    expect(focusPaneAt(layout(['a', 'b', 'c'], 'a'), 2)).toEqual(layout(['a', 'b', 'c'], 'c'));
  });

  it('swaps the maximized pane so the focused one stays on screen', () => {
    expect(focusPane(layout(['a', 'b'], 'a', 'a'), 'b')).toEqual(layout(['a', 'b'], 'b', 'b'));
  });

  it('returns the same object for no-ops, so no layout.set is sent', () => {
    const before = layout(['a', 'b'], 'a');
    expect(focusPane(before, 'a')).toBe(before);
    expect(focusPane(before, 'missing')).toBe(before);
    expect(focusPaneAt(before, 5)).toBe(before);
  });
});

describe('toggleMaximize', () => {
  it('maximizes the focused pane when given none, and restores on the second call', () => {
    const maximized = toggleMaximize(layout(['a', 'b'], 'b'), null);
    expect(maximized).toEqual(layout(['a', 'b'], 'b', 'b'));
    expect(toggleMaximize(maximized, null)).toEqual(layout(['a', 'b'], 'b', null));
  });

  it('maximizes a given pane and focuses it', () => {
    expect(toggleMaximize(layout(['a', 'b'], 'a'), 'b')).toEqual(layout(['a', 'b'], 'b', 'b'));
  });

  it('falls back to the first pane when nothing is focused, and does nothing on an empty grid', () => {
    expect(toggleMaximize(layout(['a', 'b']), null)).toEqual(layout(['a', 'b'], 'a', 'a'));
    const empty = layout([]);
    expect(toggleMaximize(empty, null)).toBe(empty);
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

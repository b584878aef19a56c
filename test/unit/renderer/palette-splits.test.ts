/**
 * "Split the panes evenly" is offered only while the grid as shown has resized columns or rows,
 * and it sends one `layout.resize` that resets that shape.
 */
import { describe, expect, it, vi } from 'vitest';
import { buildCommands } from '../../../src/renderer/palette/commands.ts';
import { resizeSplits } from '../../../src/shared/layout/splits.ts';
import type { Layout } from '../../../src/shared/protocol/index.ts';
import { fakeEngine } from './fake-engine.ts';
import { testServices } from './test-services.ts';

const GRID: Layout = { panes: ['a', 'b'], focused: 'a', maximized: null };

describe('palette: split evenly', () => {
  it('appears for a resized shape only, not while a pane is maximized, and resets that shape', async () => {
    const resize = vi.fn(async (input: { shape: string; sizes: null }) => ({ ok: true as const, value: resizeSplits(resized, input.shape, input.sizes) }));
    const services = testServices(fakeEngine({ layout: { resize } }));
    const state = services.store.getState();
    const ids = (): string[] => buildCommands(services.store.getState(), false, null).map((command) => command.id);

    state.setLayout(GRID);
    expect(ids()).not.toContain('pane.splits.even');
    // Sizes saved for another shape do not count.
    state.setLayout(resizeSplits(GRID, '2x2', { cols: [2, 1], rows: [1, 1] }));
    expect(ids()).not.toContain('pane.splits.even');
    const resized = resizeSplits(GRID, '2x1', { cols: [2, 1], rows: [1] });
    state.setLayout({ ...resized, maximized: 'a' });
    expect(ids()).not.toContain('pane.splits.even');
    state.setLayout(resized);
    const command = buildCommands(services.store.getState(), false, null).find((candidate) => candidate.id === 'pane.splits.even');
    expect(command?.title).toBe('Split the panes evenly');

    await command!.run(services);
    expect(resize).toHaveBeenCalledWith({ shape: '2x1', sizes: null });
    expect(services.store.getState().layout.splits).toBeUndefined();
  });
});

/**
 * The draggable gutters between the grid's columns and rows.
 *
 * Drag one to trade size between its two neighbours (the others keep theirs); arrow keys do the
 * same from the keyboard (Shift for fine steps), Home/End go to the limits, Enter or a
 * double-click splits evenly again. While dragging only this window redraws (`onPreview`); the
 * result is one `layout.resize` command when the pointer is released, so the sizes live in the
 * engine's layout: kept across reloads and restarts and shared with every window.
 */
import type { KeyboardEvent, PointerEvent } from 'react';
import { moveGutter, type Shape } from '../../shared/layout/splits.ts';
import { MIN_SPLIT_FRACTION, type SplitSizes } from '../../shared/protocol/index.ts';

/** Matches `.grid`'s padding and gap in grid.css. */
export const GRID_PAD_PX = 4;
export const GRID_GAP_PX = 4;
/** A keyboard step: 5 % of the grid, 1 % with Shift. */
const KEY_STEP = 0.05;
const FINE_KEY_STEP = 0.01;

type Axis = 'cols' | 'rows';

export interface GridGuttersProps {
  shape: Shape;
  sizes: SplitSizes;
  /** Sizes to draw while a gutter is dragged (not sent). */
  onPreview: (sizes: SplitSizes | null) => void;
  /** Final sizes (null: even again), sent to the engine. */
  onCommit: (sizes: SplitSizes | null) => void;
}

export function GridGutters({ shape, sizes, onPreview, onCommit }: GridGuttersProps) {
  const gutters: { axis: Axis; index: number }[] = [];
  for (let index = 0; index < shape.cols - 1; index++) gutters.push({ axis: 'cols', index });
  for (let index = 0; index < shape.rows - 1; index++) gutters.push({ axis: 'rows', index });
  return (
    <>
      {gutters.map(({ axis, index }) => (
        <Gutter key={`${axis}-${index}`} axis={axis} index={index} sizes={sizes} onPreview={onPreview} onCommit={onCommit} />
      ))}
    </>
  );
}

function Gutter({ axis, index, sizes, onPreview, onCommit }: { axis: Axis; index: number; sizes: SplitSizes; onPreview: GridGuttersProps['onPreview']; onCommit: GridGuttersProps['onCommit'] }) {
  const tracks = sizes[axis];
  const count = tracks.length;
  const before = tracks.slice(0, index + 1).reduce((sum, f) => sum + f, 0);
  const vertical = axis === 'cols';
  // Centre of the gap after track `index`, in the grid's padding box.
  const offset = `calc(${GRID_PAD_PX}px + (100% - ${2 * GRID_PAD_PX + (count - 1) * GRID_GAP_PX}px) * ${before} + ${index * GRID_GAP_PX + GRID_GAP_PX / 2}px)`;
  const withTracks = (next: number[]): SplitSizes => ({ ...sizes, [axis]: next });

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return;
    event.preventDefault();
    const handle = event.currentTarget;
    const grid = handle.parentElement;
    if (!grid) return;
    handle.setPointerCapture(event.pointerId);
    const rect = grid.getBoundingClientRect();
    const span = (vertical ? rect.width : rect.height) - 2 * GRID_PAD_PX - (count - 1) * GRID_GAP_PX;
    const start = vertical ? event.clientX : event.clientY;
    let latest: SplitSizes | null = null;
    const onMove = (move: globalThis.PointerEvent): void => {
      const delta = ((vertical ? move.clientX : move.clientY) - start) / Math.max(1, span);
      latest = withTracks(moveGutter(tracks, index, delta));
      onPreview(latest);
    };
    const onUp = (): void => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onUp);
      handle.removeEventListener('pointercancel', onUp);
      if (latest) onCommit(latest);
      onPreview(null);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onUp);
    handle.addEventListener('pointercancel', onUp);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.shiftKey ? FINE_KEY_STEP : KEY_STEP;
    const [less, more] = vertical ? ['ArrowLeft', 'ArrowRight'] : ['ArrowUp', 'ArrowDown'];
    let next: number[];
    if (event.key === less) next = moveGutter(tracks, index, -step);
    else if (event.key === more) next = moveGutter(tracks, index, step);
    else if (event.key === 'Home') next = moveGutter(tracks, index, -1);
    else if (event.key === 'End') next = moveGutter(tracks, index, 1);
    else if (event.key === 'Enter') {
      event.preventDefault();
      onCommit(null);
      return;
    } else return;
    event.preventDefault();
    onCommit(withTracks(next));
  };

  const what = vertical ? `columns ${index + 1} and ${index + 2}` : `rows ${index + 1} and ${index + 2}`;
  return (
    <div
      className={`grid-gutter grid-gutter--${vertical ? 'vertical' : 'horizontal'}`}
      role="separator"
      // A separator between columns is itself vertical.
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-label={`Resize ${what} (arrow keys; Enter splits evenly)`}
      aria-valuemin={Math.round(MIN_SPLIT_FRACTION * 100)}
      aria-valuemax={Math.round((1 - MIN_SPLIT_FRACTION * (count - 1)) * 100)}
      aria-valuenow={Math.round(before * 100)}
      tabIndex={0}
      data-testid={`grid-gutter-${axis}-${index}`}
      style={vertical ? { left: offset } : { top: offset }}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={() => onCommit(null)}
    />
  );
}

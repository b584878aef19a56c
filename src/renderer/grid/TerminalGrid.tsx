/**
 * The grid of up to nine terminal panes, or the maximized one alone; the gutters between its
 * columns and rows resize them (sizes kept in the engine's layout, per grid shape).
 *
 * Panes are keyed by session id, so reordering moves their DOM nodes instead of recreating
 * them; the terminals themselves live in the registry and survive any re-render.
 */
import './grid.css';
import { useEffect, useMemo, useState } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { GridEmptyState } from './GridEmptyState.tsx';
import { gridShape } from './grid-layout.ts';
import { keepKnownPanes } from '../../shared/layout/layout-ops.ts';
import { shapeKey, splitSizesFor } from '../../shared/layout/splits.ts';
import type { SplitSizes } from '../../shared/protocol/index.ts';
import { GridGutters } from './GridGutters.tsx';
import { TerminalPane } from './TerminalPane.tsx';

export function TerminalGrid() {
  const { registry, layoutCommands } = useServices();
  // Sizes while a gutter is being dragged: drawn here, sent once on release.
  const [dragSizes, setDragSizes] = useState<SplitSizes | null>(null);
  const storedLayout = useAppStore((state) => state.layout);
  const sessions = useAppStore((state) => state.server.sessions);
  const unusable = useAppStore((state) => (state.connection.status === 'no-endpoint' || state.connection.status === 'rejected' ? state.connection.status : null));
  const offline = useAppStore((state) => state.connection.status === 'reconnecting');
  const layout = useMemo(() => keepKnownPanes(storedLayout, (id) => sessions.has(id)), [storedLayout, sessions]);

  // Terminals of panes that left the layout are disposed (their sessions were closed).
  useEffect(() => registry.retain(layout.panes), [registry, layout.panes]);
  // Keyboard focus follows the layout's focused pane (shortcuts, new panes, restored layouts).
  useEffect(() => {
    if (layout.focused) registry.focus(layout.focused);
  }, [registry, layout.focused, layout.maximized]);
  // Only the focused pane renders with WebGL; the others use xterm's DOM renderer (memory).
  useEffect(() => registry.setFocused(layout.focused), [registry, layout.focused]);

  if (unusable) return <GridEmptyState kind={unusable} />;
  if (layout.panes.length === 0) return <GridEmptyState kind="no-panes" />;

  const maximized = layout.maximized !== null && layout.panes.includes(layout.maximized) ? layout.maximized : null;
  const shown = maximized ? [maximized] : layout.panes;
  const shape = gridShape(shown.length);
  const sizes = dragSizes ?? splitSizesFor(layout, shape);

  return (
    <div
      className={`grid${offline ? ' grid--offline' : ''}`}
      data-testid="terminal-grid"
      data-cols={shape.cols}
      data-rows={shape.rows}
      style={{
        gridTemplateColumns: sizes.cols.map((f) => `minmax(0, ${f}fr)`).join(' '),
        gridTemplateRows: sizes.rows.map((f) => `minmax(0, ${f}fr)`).join(' '),
      }}
    >
      {shown.map((sessionId) => (
        <TerminalPane
          key={sessionId}
          sessionId={sessionId}
          number={layout.panes.indexOf(sessionId) + 1}
          focused={layout.focused === sessionId}
          maximized={maximized === sessionId}
        />
      ))}
      <GridGutters
        shape={shape}
        sizes={sizes}
        onPreview={setDragSizes}
        onCommit={(next) => void layoutCommands.run({ type: 'resize', shape: shapeKey(shape), sizes: next })}
      />
    </div>
  );
}

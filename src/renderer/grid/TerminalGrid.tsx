/**
 * The grid of up to nine terminal panes, or the maximized one alone.
 *
 * Panes are keyed by session id, so reordering moves their DOM nodes instead of recreating
 * them; the terminals themselves live in the registry and survive any re-render.
 */
import './grid.css';
import { useEffect, useMemo } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { GridEmptyState } from './GridEmptyState.tsx';
import { gridShape } from './grid-layout.ts';
import { keepKnownPanes } from '../../shared/layout/layout-ops.ts';
import { TerminalPane } from './TerminalPane.tsx';

export function TerminalGrid() {
  const { registry } = useServices();
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

  if (unusable) return <GridEmptyState kind={unusable} />;
  if (layout.panes.length === 0) return <GridEmptyState kind="no-panes" />;

  const maximized = layout.maximized !== null && layout.panes.includes(layout.maximized) ? layout.maximized : null;
  const shown = maximized ? [maximized] : layout.panes;
  const shape = gridShape(shown.length);

  return (
    <div
      className={`grid${offline ? ' grid--offline' : ''}`}
      data-testid="terminal-grid"
      data-cols={shape.cols}
      data-rows={shape.rows}
      style={{
        gridTemplateColumns: `repeat(${shape.cols}, minmax(0, 1fr))`,
        gridTemplateRows: `repeat(${shape.rows}, minmax(0, 1fr))`,
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
    </div>
  );
}

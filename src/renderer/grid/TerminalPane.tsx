/**
 * One pane: a title bar and the container the registry puts the session's terminal into.
 */
import { useLayoutEffect, useRef } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { PaneHeader } from './PaneHeader.tsx';
import { focusSession } from './pane-actions.ts';

export interface TerminalPaneProps {
  sessionId: string;
  /** 1-based position in the layout (what Ctrl/Cmd+N focuses). */
  number: number;
  focused: boolean;
  maximized: boolean;
}

export function TerminalPane({ sessionId, number, focused, maximized }: TerminalPaneProps) {
  const services = useServices();
  const containerRef = useRef<HTMLDivElement>(null);
  const session = useAppStore((state) => state.server.sessions.get(sessionId));

  // Layout effect: the terminal must be in place before the browser paints the pane empty.
  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    services.registry.mount(sessionId, container);
    return () => services.registry.unmount(sessionId, container);
  }, [services, sessionId]);

  // A click or focus on the header's controls (its menu, maximize, close…) must not make this the
  // focused pane: that moves the keyboard into the terminal, which closes a menu just opened.
  const focus = (event: { target: EventTarget }): void => {
    if (event.target instanceof Element && event.target.closest('.pane__header button, .pane__header [role="menu"]')) return;
    void focusSession(services, sessionId);
  };

  return (
    <section
      className={`pane${focused ? ' pane--focused' : ''}`}
      data-testid="terminal-pane"
      data-session-id={sessionId}
      data-status={session?.status ?? 'unknown'}
      aria-label={`Terminal ${number}`}
      onMouseDown={focus}
      onFocus={focus}
    >
      <PaneHeader sessionId={sessionId} number={number} maximized={maximized} />
      <div className="pane__terminal" ref={containerRef} />
    </section>
  );
}

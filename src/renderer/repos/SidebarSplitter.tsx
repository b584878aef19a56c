/**
 * The handle between the sidebar and the grid: drag to resize, arrow keys for the keyboard,
 * double-click to collapse. The width is remembered per window (localStorage).
 */
import { useEffect, type KeyboardEvent, type PointerEvent } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { SIDEBAR_MAX_WIDTH, SIDEBAR_MIN_WIDTH } from '../store/chrome-slice.ts';

const STORAGE_KEY = 'agent-orchestrator.sidebar';
const KEY_STEP_PX = 16;

export function SidebarSplitter() {
  const services = useServices();
  const width = useAppStore((state) => state.sidebarWidth);
  const collapsed = useAppStore((state) => state.sidebarCollapsed);

  useRememberedSidebar();

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const startWidth = services.store.getState().sidebarWidth;
    if (services.store.getState().sidebarCollapsed) services.store.getState().toggleSidebar();
    const onMove = (move: globalThis.PointerEvent) => services.store.getState().setSidebarWidth(startWidth + move.clientX - startX);
    const onUp = () => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onUp);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onUp);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const { setSidebarWidth, toggleSidebar } = services.store.getState();
    if (event.key === 'ArrowLeft') setSidebarWidth(width - KEY_STEP_PX);
    else if (event.key === 'ArrowRight') setSidebarWidth(width + KEY_STEP_PX);
    else if (event.key === 'Enter') toggleSidebar();
    else return;
    event.preventDefault();
  };

  return (
    <div
      className="sidebar-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the sidebar (Enter hides or shows it)"
      aria-valuemin={SIDEBAR_MIN_WIDTH}
      aria-valuemax={SIDEBAR_MAX_WIDTH}
      aria-valuenow={collapsed ? 0 : width}
      tabIndex={0}
      data-testid="sidebar-splitter"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={() => services.store.getState().toggleSidebar()}
    />
  );
}

/** Load the remembered width and collapse once, then save them whenever they change. */
function useRememberedSidebar(): void {
  const services = useServices();
  useEffect(() => {
    const { store } = services;
    try {
      const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as { width?: unknown; collapsed?: unknown } | null;
      if (saved && typeof saved.width === 'number') store.getState().setSidebarWidth(saved.width);
      if (saved && saved.collapsed === true && !store.getState().sidebarCollapsed) store.getState().toggleSidebar();
    } catch {
      // Unreadable or disabled storage: defaults.
    }
    return store.subscribe((state, previous) => {
      if (state.sidebarWidth === previous.sidebarWidth && state.sidebarCollapsed === previous.sidebarCollapsed) return;
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify({ width: state.sidebarWidth, collapsed: state.sidebarCollapsed }));
      } catch {
        // Not remembered; still applied.
      }
    });
  }, [services]);
}

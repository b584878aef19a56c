/**
 * The app shell: a resizable, collapsible sidebar on the left; on the right the header (quota
 * gauges, usage toggle, command palette, theme) above the terminal grid or the usage page; and the
 * overlays (reconnect banner, drop hint, dialogs, palette, shortcut sheet, toasts).
 */
import * as Tooltip from '@radix-ui/react-tooltip';
import { useEffect } from 'react';
import { AgentDialogs } from './agents/AgentDialogs.tsx';
import { ChecksPanel } from './ci/ChecksPanel.tsx';
import { AppHeader } from './app/AppHeader.tsx';
import { useAppStore, useServices } from './app/services.ts';
import { DropOverlay } from './drop/DropOverlay.tsx';
import { useFolderDrop } from './drop/use-folder-drop.ts';
import { ConfirmDialog } from './feedback/ConfirmDialog.tsx';
import { TrustDialog } from './repos/TrustDialog.tsx';
import { ConnectionBanner } from './feedback/ConnectionBanner.tsx';
import { FixDialogs } from './fixes/FixDialogs.tsx';
import { Toasts } from './feedback/Toasts.tsx';
import { TerminalGrid } from './grid/TerminalGrid.tsx';
import { CommandPalette } from './palette/CommandPalette.tsx';
import { ShortcutSheet } from './palette/ShortcutSheet.tsx';
import { Sidebar } from './repos/Sidebar.tsx';
import { SidebarSplitter } from './repos/SidebarSplitter.tsx';
import { CreateWorktreeDialogHost } from './worktrees/CreateWorktreeDialogHost.tsx';
import './ui/ui.css';
import { UsagePage } from './usage/UsagePage.tsx';
import { GraphPage } from './graph/GraphPage.tsx';
import './graph/graph.css';
import './usage/usage.css';
import './ci/ci.css';

/** The whole window. */
export function App() {
  const services = useServices();
  useEffect(() => services.shortcuts.listen(window), [services]);
  const dragging = useFolderDrop(services);
  const usagePageOpen = useAppStore((state) => state.usagePageOpen);
  const graphPageOpen = useAppStore((state) => state.graphPageOpen);
  const sidebarWidth = useAppStore((state) => state.sidebarWidth);
  const sidebarCollapsed = useAppStore((state) => state.sidebarCollapsed);

  return (
    <Tooltip.Provider delayDuration={400} skipDelayDuration={200}>
    <div
      className={`app${sidebarCollapsed ? ' app--sidebar-collapsed' : ''}`}
      style={{ gridTemplateColumns: `${sidebarCollapsed ? 0 : sidebarWidth}px 5px minmax(0, 1fr)` }}
    >
      {sidebarCollapsed ? <div className="sidebar sidebar--collapsed" aria-hidden="true" /> : <Sidebar />}
      <SidebarSplitter />
      <main className="workspace">
        <AppHeader />
        <ConnectionBanner />
        <div className="workspace__body">
          <TerminalGrid />
          {/* Over the grid, not instead of it: terminals keep their size and their WebGL. */}
          {usagePageOpen && <UsagePage />}
          {graphPageOpen && <GraphPage />}
        </div>
      </main>
      {dragging && <DropOverlay canDrop={services.bridge !== null} />}
      <ConfirmDialog />
      <TrustDialog />
      <AgentDialogs />
      <CreateWorktreeDialogHost />
      <CommandPalette />
      <ShortcutSheet />
      <ChecksPanel />
      <FixDialogs />
      <Toasts />
    </div>
    </Tooltip.Provider>
  );
}

/**
 * The app shell: sidebar on the left; on the right the header (quota gauges, usage toggle) above
 * the terminal grid or the usage page; and the overlays (reconnect banner, drop hint, dialog,
 * toasts).
 */
import { useEffect } from 'react';
import { AgentDialogs } from './agents/AgentDialogs.tsx';
import { ChecksPanel } from './ci/ChecksPanel.tsx';
import { AppHeader } from './app/AppHeader.tsx';
import { useAppStore, useServices } from './app/services.ts';
import { DropOverlay } from './drop/DropOverlay.tsx';
import { useFolderDrop } from './drop/use-folder-drop.ts';
import { ConfirmDialog } from './feedback/ConfirmDialog.tsx';
import { ConnectionBanner } from './feedback/ConnectionBanner.tsx';
import { Toasts } from './feedback/Toasts.tsx';
import { TerminalGrid } from './grid/TerminalGrid.tsx';
import { Sidebar } from './repos/Sidebar.tsx';
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

  return (
    <div className="app">
      <Sidebar />
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
      <AgentDialogs />
      <ChecksPanel />
      <Toasts />
    </div>
  );
}

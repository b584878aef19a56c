/**
 * The app shell: sidebar on the left, the terminal grid on the right, and the overlays
 * (reconnect banner, drop hint, dialog, toasts).
 */
import { useEffect } from 'react';
import { AgentDialogs } from './agents/AgentDialogs.tsx';
import { useServices } from './app/services.ts';
import { DropOverlay } from './drop/DropOverlay.tsx';
import { useFolderDrop } from './drop/use-folder-drop.ts';
import { ConfirmDialog } from './feedback/ConfirmDialog.tsx';
import { ConnectionBanner } from './feedback/ConnectionBanner.tsx';
import { Toasts } from './feedback/Toasts.tsx';
import { TerminalGrid } from './grid/TerminalGrid.tsx';
import { Sidebar } from './repos/Sidebar.tsx';

/** The whole window. */
export function App() {
  const services = useServices();
  useEffect(() => services.shortcuts.listen(window), [services]);
  const dragging = useFolderDrop(services);

  return (
    <div className="app">
      <Sidebar />
      <main className="workspace">
        <ConnectionBanner />
        <TerminalGrid />
      </main>
      {dragging && <DropOverlay canDrop={services.bridge !== null} />}
      <ConfirmDialog />
      <AgentDialogs />
      <Toasts />
    </div>
  );
}

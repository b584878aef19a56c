/**
 * Window-wide drag-and-drop of folders: in the desktop app a dropped folder is added as a
 * repository; in a browser the page cannot learn a dropped folder's path, so it says so.
 */
import { useEffect, useState } from 'react';
import type { AppServices } from '../app/services.ts';
import { addDroppedFolders } from '../repos/repo-actions.ts';
import { droppedPaths, isFileDrag } from './dropped-paths.ts';

export const WEB_DROP_HINT =
  'Dropping folders needs the desktop app. Paste the folder’s path into “Add repository” instead.';

/** Install the drop listeners; returns whether files are being dragged over the window. */
export function useFolderDrop(services: AppServices): boolean {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child element crossed; count them to know when the
    // drag really left the window.
    let depth = 0;
    const types = (event: DragEvent): string[] => [...(event.dataTransfer?.types ?? [])];
    const onEnter = (event: DragEvent): void => {
      if (!isFileDrag(types(event))) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (event: DragEvent): void => {
      if (!isFileDrag(types(event))) return;
      // Without preventDefault on dragover the browser refuses the drop (and may open the file).
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = services.bridge ? 'copy' : 'none';
    };
    const onLeave = (event: DragEvent): void => {
      if (!isFileDrag(types(event))) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent): void => {
      if (!isFileDrag(types(event))) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      const bridge = services.bridge;
      if (!bridge) {
        services.store.getState().pushToast('info', WEB_DROP_HINT);
        return;
      }
      const paths = droppedPaths([...(event.dataTransfer?.files ?? [])], (file) => bridge.getPathForFile(file));
      void addDroppedFolders(services, paths);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [services]);

  return dragging;
}

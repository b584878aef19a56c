/**
 * Full-window hint shown while files are dragged over the app.
 */
import './drop.css';
import { WEB_DROP_HINT } from './use-folder-drop.ts';

/** `canDrop`: the desktop bridge can resolve dropped paths (false in a browser). */
export function DropOverlay({ canDrop }: { canDrop: boolean }) {
  return (
    <div className={`drop-overlay${canDrop ? '' : ' drop-overlay--disabled'}`} aria-live="polite">
      <div className="drop-overlay__card">{canDrop ? 'Drop a folder to add it as a repository' : WEB_DROP_HINT}</div>
    </div>
  );
}

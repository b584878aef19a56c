/**
 * What each shortcut action does to the grid.
 */
import type { AppServices } from '../app/services.ts';
import { focusPaneNumber, toggleMaximized } from '../grid/pane-actions.ts';
import type { ShortcutAction } from './shortcuts.ts';

/** Run a shortcut; ignored while a dialog is open (it must be answered first). */
export async function runShortcut(services: AppServices, action: ShortcutAction): Promise<void> {
  if (services.store.getState().dialog) return;
  switch (action.type) {
    case 'focus-pane':
      await focusPaneNumber(services, action.index);
      return;
    case 'toggle-maximize':
      await toggleMaximized(services, null);
      return;
  }
}

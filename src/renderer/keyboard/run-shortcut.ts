/**
 * What each shortcut action does to the grid.
 */
import type { AppServices } from '../app/services.ts';
import { focusPaneNumber, toggleMaximized } from '../grid/pane-actions.ts';
import type { ShortcutAction } from './shortcuts.ts';

/** Run a shortcut; ignored while a dialog is open (it must be answered first). */
export async function runShortcut(services: AppServices, action: ShortcutAction): Promise<void> {
  const state = services.store.getState();
  if (state.dialog) return;
  switch (action.type) {
    case 'command-palette':
      state.setPaletteOpen(!state.paletteOpen);
      return;
    case 'shortcut-sheet':
      state.setShortcutSheetOpen(!state.shortcutSheetOpen);
      return;
    case 'toggle-sidebar':
      state.toggleSidebar();
      return;
    case 'focus-pane':
      await focusPaneNumber(services, action.index);
      return;
    case 'toggle-maximize':
      await toggleMaximized(services, null);
      return;
  }
}

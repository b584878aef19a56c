/**
 * The application menu, built from `decisions/menu-model.ts#appMenuModel` (File › Open
 * Repository…, Open Recent, the background setting, our own Quit; standard roles elsewhere).
 * Rebuilt whenever the recent list or the setting changes.
 */
import { Menu } from 'electron';
import { appMenuModel, toElectronTemplate, type AppMenuInput, type MenuAction } from './decisions/menu-model.ts';

export function installAppMenu(input: AppMenuInput, dispatch: (action: MenuAction) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronTemplate(appMenuModel(input), dispatch)));
}

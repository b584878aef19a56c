/**
 * The application menu: standard roles only.
 *
 * It matters mostly for its accelerators: without an Edit menu, Cmd+C/Cmd+V do nothing on macOS,
 * and without View → Reload there is no way back from a wedged renderer. DevTools only in
 * development builds.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

/** Install the menu for this platform. */
export function installAppMenu(options: { readonly platform: NodeJS.Platform; readonly allowDevTools: boolean }): void {
  const isMac = options.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(options.allowDevTools ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/**
 * The tray icon: agent counts in its tooltip, the number waiting for the user as its title
 * (macOS), and the menu of `decisions/menu-model.ts#trayMenuModel` (agents by status, needs-input
 * first; the window; repositories; the background setting; Quit). This file only talks to
 * Electron.
 *
 * The tray exists for the whole life of the app: with "keep agents running" on, it is the way
 * back to a closed window and the way to quit.
 */
import { Menu, Tray, nativeImage } from 'electron';
import type { AgentSession } from '../../shared/protocol/agents.ts';
import { toElectronTemplate, trayMenuModel, type MenuAction } from './decisions/menu-model.ts';
import type { RecentMenuEntry } from './decisions/recent-repositories.ts';
import { trayState } from './decisions/tray-state.ts';

export interface TrayContent {
  readonly agents: readonly AgentSession[];
  readonly recents: readonly RecentMenuEntry[];
  readonly keepAgentsRunning: boolean;
}

export class AppTray {
  private tray: Tray | null = null;
  private created = false;

  constructor(
    private readonly iconPath: string,
    private readonly dispatch: (action: MenuAction) => void,
  ) {}

  update(content: TrayContent): void {
    const tray = this.ensureTray();
    if (!tray) return;
    const state = trayState(content.agents);
    tray.setToolTip(state.tooltip);
    if (process.platform === 'darwin') tray.setTitle(state.title);
    tray.setContextMenu(Menu.buildFromTemplate(toElectronTemplate(trayMenuModel(content), this.dispatch)));
  }

  dispose(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  private ensureTray(): Tray | null {
    if (this.created) return this.tray;
    this.created = true;
    try {
      const icon = nativeImage.createFromPath(this.iconPath).resize({ width: 16, height: 16 });
      this.tray = new Tray(icon);
      this.tray.on('click', () => this.dispatch({ type: 'show-window' }));
    } catch {
      // No tray on this desktop (some Linux sessions): the window, the menu and a relaunch remain.
      this.tray = null;
    }
    return this.tray;
  }
}

/**
 * The tray icon: agent counts in its tooltip, the number waiting for the user as its title
 * (macOS), and a menu entry per agent that focuses its pane. Content comes from
 * `decisions/tray-state.ts`; this file only talks to Electron.
 */
import { Menu, Tray, nativeImage } from 'electron';
import type { AgentSession } from '../../shared/protocol/agents.ts';
import { trayState } from './decisions/tray-state.ts';

export interface AgentTrayActions {
  focusSession(sessionId: string): void;
  showWindow(): void;
  quit(): void;
}

export class AgentTray {
  private tray: Tray | null = null;

  constructor(
    private readonly iconPath: string,
    private readonly actions: AgentTrayActions,
  ) {}

  /** Show the agents (the tray is created with the first agent, and kept afterwards). */
  update(agents: readonly AgentSession[]): void {
    if (agents.length === 0 && this.tray === null) return;
    const state = trayState(agents);
    const tray = this.ensureTray();
    if (!tray) return;
    tray.setToolTip(state.tooltip);
    if (process.platform === 'darwin') tray.setTitle(state.title);
    tray.setContextMenu(
      Menu.buildFromTemplate([
        ...state.items.map((item) => ({ label: item.label, click: () => this.actions.focusSession(item.sessionId) })),
        ...(state.items.length > 0 ? [{ type: 'separator' as const }] : []),
        { label: 'Show Agent Orchestrator', click: () => this.actions.showWindow() },
        { label: 'Quit', click: () => this.actions.quit() },
      ]),
    );
  }

  dispose(): void {
    this.tray?.destroy();
    this.tray = null;
  }

  private ensureTray(): Tray | null {
    if (this.tray) return this.tray;
    try {
      const icon = nativeImage.createFromPath(this.iconPath).resize({ width: 16, height: 16 });
      this.tray = new Tray(icon);
      this.tray.on('click', () => this.actions.showWindow());
    } catch {
      // No tray on this desktop (some Linux sessions): notifications and the window remain.
      this.tray = null;
    }
    return this.tray;
  }
}

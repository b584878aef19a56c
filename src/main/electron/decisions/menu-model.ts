/**
 * The application menu and the tray menu as plain data (pure).
 *
 * Items carry an {@link MenuAction} instead of a click handler, so a unit test can read the whole
 * menu, and one function ({@link toElectronTemplate}) turns the data into Electron's template with
 * a single dispatcher. The `electron` import is type-only.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import type { RecentMenuEntry } from './recent-repositories.ts';
import { trayState } from './tray-state.ts';

export type MenuAction =
  | { readonly type: 'open-repository' }
  | { readonly type: 'open-recent'; readonly path: string }
  | { readonly type: 'clear-recent' }
  | { readonly type: 'toggle-keep-running' }
  | { readonly type: 'show-window' }
  | { readonly type: 'focus-session'; readonly sessionId: string }
  | { readonly type: 'quit' };

export interface MenuItemModel {
  readonly id?: string;
  readonly label?: string;
  readonly role?: MenuItemConstructorOptions['role'];
  readonly type?: 'normal' | 'separator' | 'checkbox';
  readonly accelerator?: string;
  readonly checked?: boolean;
  readonly enabled?: boolean;
  readonly action?: MenuAction;
  readonly submenu?: readonly MenuItemModel[];
}

/** Menu item ids the `_electron` suite and the shell look items up by. */
export const MENU_IDS = {
  openRepository: 'open-repository',
  openRecent: 'open-recent',
  keepRunning: 'keep-agents-running',
} as const;

const SEPARATOR: MenuItemModel = { type: 'separator' };

export interface AppMenuInput {
  readonly platform: NodeJS.Platform;
  readonly allowDevTools: boolean;
  readonly recents: readonly RecentMenuEntry[];
  readonly keepAgentsRunning: boolean;
}

function recentSubmenu(recents: readonly RecentMenuEntry[]): MenuItemModel[] {
  if (recents.length === 0) return [{ label: 'No Recent Repositories', enabled: false }];
  return [
    ...recents.map((entry) => ({ label: entry.label, action: { type: 'open-recent', path: entry.path } as const })),
    SEPARATOR,
    { label: 'Clear Recently Opened', action: { type: 'clear-recent' } },
  ];
}

function keepRunningItem(checked: boolean): MenuItemModel {
  return {
    id: MENU_IDS.keepRunning,
    label: 'Keep Agents Running When Window Closes',
    type: 'checkbox',
    checked,
    action: { type: 'toggle-keep-running' },
  };
}

/**
 * The application menu. Standard roles keep the platform accelerators (without an Edit menu,
 * Cmd+C/Cmd+V do nothing on macOS; View › Reload is the way back from a wedged renderer).
 */
export function appMenuModel(input: AppMenuInput): MenuItemModel[] {
  const isMac = input.platform === 'darwin';
  const file: MenuItemModel = {
    label: '&File',
    submenu: [
      { id: MENU_IDS.openRepository, label: 'Open Repository…', accelerator: 'CmdOrCtrl+O', action: { type: 'open-repository' } },
      { id: MENU_IDS.openRecent, label: 'Open Recent', submenu: recentSubmenu(input.recents) },
      SEPARATOR,
      // On macOS this lives in the app menu, next to Quit.
      ...(isMac ? [] : [keepRunningItem(input.keepAgentsRunning), SEPARATOR]),
      { role: 'close' },
      ...(isMac ? [] : [{ label: 'Quit', accelerator: 'Ctrl+Q', action: { type: 'quit' } } as const]),
    ],
  };
  const appMenu: MenuItemModel = {
    role: 'appMenu',
    submenu: [
      { role: 'about' },
      SEPARATOR,
      keepRunningItem(input.keepAgentsRunning),
      SEPARATOR,
      { role: 'services' },
      SEPARATOR,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      SEPARATOR,
      // Our own Quit, not the role: it asks before stopping running agents.
      { label: 'Quit Agent Orchestrator', accelerator: 'Cmd+Q', action: { type: 'quit' } },
    ],
  };
  return [
    ...(isMac ? [appMenu] : []),
    file,
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(input.allowDevTools ? [{ role: 'toggleDevTools' } as const] : []),
        SEPARATOR,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        SEPARATOR,
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}

export interface TrayMenuInput {
  readonly agents: readonly AgentSession[];
  readonly recents: readonly RecentMenuEntry[];
  readonly keepAgentsRunning: boolean;
}

/**
 * The tray menu: agents grouped by status, those needing input first (a click focuses the
 * pane), then the window, repositories, the background setting and Quit.
 */
export function trayMenuModel(input: TrayMenuInput): MenuItemModel[] {
  const state = trayState(input.agents);
  const agentItems: MenuItemModel[] = [];
  let group: string | null = null;
  for (const item of state.items) {
    if (item.group !== group) {
      if (group !== null) agentItems.push(SEPARATOR);
      group = item.group;
      agentItems.push({ label: item.group, enabled: false });
    }
    agentItems.push({ label: item.label.replaceAll('&', '&&'), action: { type: 'focus-session', sessionId: item.sessionId } });
  }
  return [
    ...(agentItems.length > 0 ? [...agentItems, SEPARATOR] : [{ label: 'No agents running', enabled: false }, SEPARATOR]),
    { label: 'Show Agent Orchestrator', action: { type: 'show-window' } },
    { label: 'Open Repository…', action: { type: 'open-repository' } },
    { label: 'Open Recent', submenu: recentSubmenu(input.recents) },
    SEPARATOR,
    keepRunningItem(input.keepAgentsRunning),
    SEPARATOR,
    { label: 'Quit', action: { type: 'quit' } },
  ];
}

/** Electron's template for a model, every action going to `dispatch`. */
export function toElectronTemplate(
  items: readonly MenuItemModel[],
  dispatch: (action: MenuAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const { action, submenu, ...rest } = item;
    const options: MenuItemConstructorOptions = { ...rest };
    if (action !== undefined) options.click = () => dispatch(action);
    if (submenu !== undefined) options.submenu = toElectronTemplate(submenu, dispatch);
    return options;
  });
}

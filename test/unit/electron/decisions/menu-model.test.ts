import { describe, expect, it } from 'vitest';
import {
  MENU_IDS,
  appMenuModel,
  toElectronTemplate,
  trayMenuModel,
  type MenuAction,
  type MenuItemModel,
} from '../../../../src/main/electron/decisions/menu-model.ts';
import { agentSession } from '../../agents/agent-samples.ts';

function find(items: readonly MenuItemModel[], id: string): MenuItemModel | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = item.submenu ? find(item.submenu, id) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

const recents = [{ path: '/w/app', label: 'app  /w' }];

describe('application menu', () => {
  it('has File › Open Repository… (Ctrl/Cmd+O), Open Recent and the background setting', () => {
    const menu = appMenuModel({ platform: 'linux', allowDevTools: false, recents, keepAgentsRunning: true });
    expect(menu[0]?.label).toBe('&File');
    expect(find(menu, MENU_IDS.openRepository)).toMatchObject({ accelerator: 'CmdOrCtrl+O', action: { type: 'open-repository' } });
    expect(find(menu, MENU_IDS.openRecent)?.submenu?.[0]).toEqual({ label: 'app  /w', action: { type: 'open-recent', path: '/w/app' } });
    expect(find(menu, MENU_IDS.keepRunning)).toMatchObject({ type: 'checkbox', checked: true });
    expect(JSON.stringify(menu)).not.toContain('toggleDevTools');
  });

  it('puts the app menu first on macOS, with the setting and our own (confirming) Quit', () => {
    const menu = appMenuModel({ platform: 'darwin', allowDevTools: true, recents: [], keepAgentsRunning: false });
    expect(menu[0]?.role).toBe('appMenu');
    expect(find(menu[0]?.submenu ?? [], MENU_IDS.keepRunning)?.checked).toBe(false);
    expect(menu[0]?.submenu?.at(-1)).toMatchObject({ accelerator: 'Cmd+Q', action: { type: 'quit' } });
    expect(find(menu, MENU_IDS.openRecent)?.submenu).toEqual([{ label: 'No Recent Repositories', enabled: false }]);
    expect(JSON.stringify(menu)).toContain('toggleDevTools');
    expect(JSON.stringify(menu)).not.toContain('"role":"quit"');
  });
});

describe('tray menu', () => {
  it('groups agents by status, needs-input first, then the app actions', () => {
    const menu = trayMenuModel({
      agents: [
        agentSession('w', { status: 'working', cwd: '/w/a' }),
        agentSession('n', { status: 'needs-input', cwd: '/w/b' }),
        agentSession('w2', { status: 'working', agentName: 'Codex CLI', cwd: '/w/c&d' }),
      ],
      recents,
      keepAgentsRunning: false,
    });
    expect(menu.map((item) => item.label ?? item.type)).toEqual([
      'Needs input',
      'Claude Code · b',
      'separator',
      'Working',
      'Claude Code · a',
      'Codex CLI · c&&d',
      'separator',
      'Show Agent Orchestrator',
      'Open Repository…',
      'Open Recent',
      'separator',
      'Keep Agents Running When Window Closes',
      'separator',
      'Quit',
    ]);
    expect(menu[0]?.enabled).toBe(false);
    expect(menu[1]?.action).toEqual({ type: 'focus-session', sessionId: 'n' });
  });

  it('says so when no agent runs', () => {
    expect(trayMenuModel({ agents: [], recents: [], keepAgentsRunning: true })[0]).toEqual({ label: 'No agents running', enabled: false });
  });
});

describe('toElectronTemplate', () => {
  it('turns actions into click handlers on one dispatcher, through submenus', () => {
    const seen: MenuAction[] = [];
    const template = toElectronTemplate(appMenuModel({ platform: 'linux', allowDevTools: false, recents, keepAgentsRunning: false }), (a) => seen.push(a));
    const file = template[0]?.submenu as Array<{ click?: () => void; submenu?: Array<{ click?: () => void }> }>;
    file[0]?.click?.();
    file[1]?.submenu?.[0]?.click?.();
    expect(seen).toEqual([{ type: 'open-repository' }, { type: 'open-recent', path: '/w/app' }]);
    expect(JSON.stringify(template)).not.toContain('"action"');
  });
});

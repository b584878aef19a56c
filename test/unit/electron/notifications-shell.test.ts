/**
 * The shell's agent alerts wired end to end under Node: a real engine running the fake agents,
 * the shell's composition (`agent-alerts.ts`) on a recording stand-in for Electron's
 * Notification and Tray. A question shows an OS notification while the window is in the
 * background; clicking it brings the window up and focuses the pane; the tray lists the agents.
 */
import { mkdirSync } from 'node:fs';
import { WebSocket } from 'ws';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { startEngine, type Engine } from '../../../src/main/engine/index.ts';
import { startServer, type RunningServer } from '../../../src/main/transport/server.ts';
import { makeWorld, SIZE, writeSettings } from '../../integration/agents/agent-fixture.ts';

interface FakeNotification {
  options: { title: string; body: string; silent: boolean; urgency: string };
  shown: boolean;
  handlers: Record<string, () => void>;
}

const electron = vi.hoisted(() => {
  const notifications: FakeNotification[] = [];
  const trays: { tooltip: string; title: string; menu: { label?: string; click?: () => void; type?: string }[] }[] = [];
  class Notification {
    static isSupported(): boolean {
      return true;
    }
    record: FakeNotification;
    constructor(options: FakeNotification['options']) {
      this.record = { options, shown: false, handlers: {} };
      notifications.push(this.record);
    }
    on(event: string, handler: () => void): void {
      this.record.handlers[event] = handler;
    }
    show(): void {
      this.record.shown = true;
    }
  }
  class Tray {
    state = { tooltip: '', title: '', menu: [] as { label?: string; click?: () => void; type?: string }[] };
    constructor() {
      trays.push(this.state);
    }
    on(): void {}
    setToolTip(text: string): void {
      this.state.tooltip = text;
    }
    setTitle(text: string): void {
      this.state.title = text;
    }
    setContextMenu(menu: { label?: string; click?: () => void; type?: string }[]): void {
      this.state.menu = menu;
    }
    destroy(): void {}
  }
  return {
    notifications,
    trays,
    module: {
      Notification,
      Tray,
      Menu: { buildFromTemplate: (template: unknown) => template },
      nativeImage: { createFromPath: () => ({ resize: () => ({}) }) },
    },
  };
});

vi.mock('electron', () => electron.module);

const { startAgentAlerts } = await import('../../../src/main/electron/agent-alerts.ts');
const { AppTray } = await import('../../../src/main/electron/tray.ts');

let engine: Engine | null = null;
let server: RunningServer | null = null;
let stopAlerts: (() => Promise<void>) | null = null;

beforeAll(() => {
  // Electron's main process has a global WebSocket (Node 22); Node 20 here does not.
  Reflect.set(globalThis, 'WebSocket', WebSocket);
});

afterEach(async () => {
  await stopAlerts?.();
  await server?.close();
  await engine?.dispose();
  engine = server = null;
  stopAlerts = null;
});

function fakeWindow(focused: boolean) {
  const calls: string[] = [];
  const window = {
    focused,
    isFocused: () => window.focused,
    isMinimized: () => false,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => {
      calls.push('focus');
      window.focused = true;
    },
  };
  return { window, calls };
}

describe('agent alerts in the shell', () => {
  it('notifies natively while the window is in the background, and a click focuses the pane', async () => {
    const world = makeWorld({ workMs: 300 });
    mkdirSync(world.home, { recursive: true });
    writeSettings(world.home, {});
    engine = await startEngine({ home: world.home, env: world.env });
    server = await startServer({ engine, port: 0 });
    const { window, calls } = fakeWindow(false);
    const showWindow = async (): Promise<void> => {
      window.show();
      window.focus();
    };
    // Wired as main.ts does: the tray's actions go to the alerts, the alerts' agents to the tray.
    const tray = new AppTray('/nonexistent/icon.png', (action) => {
      if (action.type === 'focus-session') alerts?.focusSession(action.sessionId);
    });
    const repoLists: Array<{ paths: string[]; first: boolean }> = [];
    const alerts = startAgentAlerts({
      window: () => window as unknown as BrowserWindow,
      showWindow,
      onAgents: (agents) => tray.update({ agents, recents: [], keepAgentsRunning: false }),
      onRepos: (repos, first) => repoLists.push({ paths: repos.map((repo) => repo.path), first }),
      log: () => undefined,
    });
    expect(alerts).not.toBeNull();
    stopAlerts = () => alerts!.dispose();
    alerts!.setEndpoint({ baseUrl: server.baseUrl, token: server.token });

    const helper = await engine.agents.launch({ agentId: 'codex', cwd: world.worktrees[1], ...SIZE });
    const asking = await engine.agents.launch({ agentId: 'claude', cwd: world.worktrees[0], prompt: 'ask me before the tests', ...SIZE });
    if (!asking.ok || !helper.ok) throw new Error('launch failed');
    await waitFor(() => electron.notifications.some((n) => n.shown && n.options.title === 'Claude Code needs input'));
    const shown = electron.notifications.find((n) => n.options.title === 'Claude Code needs input')!;
    expect(shown.options).toMatchObject({ silent: false, urgency: 'critical' });
    expect(electron.notifications.filter((n) => n.options.title === 'Claude Code needs input')).toHaveLength(1);

    // The tray lists both agents under status headings, the one waiting first, and counts it.
    await waitFor(() => electron.trays[0]?.tooltip.includes('1 needs input') ?? false);
    expect(electron.trays[0]?.menu.slice(0, 2).map((item) => item.label)).toEqual(['Needs input', 'Claude Code · wt-one']);
    expect(alerts!.agents.map((agent) => agent.status)).toContain('needs-input');
    // The repositories came with the snapshot, once per connection.
    expect(repoLists[0]?.first).toBe(true);

    expect(engine.layout.get().focused).toBe(asking.value.sessionId);
    await engine.agents.focus(helper.value.sessionId);
    shown.handlers.click?.();
    await waitFor(() => engine!.layout.get().focused === asking.value.sessionId);
    expect(calls).toEqual(['show', 'focus']);

    // A tray entry focuses its pane too.
    await engine.agents.focus(helper.value.sessionId);
    electron.trays[0]?.menu[1]?.click?.();
    await waitFor(() => engine!.layout.get().focused === asking.value.sessionId);
  });

  it('stays quiet while the user looks at the window (the window shows a toast)', async () => {
    const world = makeWorld({ workMs: 300 });
    mkdirSync(world.home, { recursive: true });
    writeSettings(world.home, {});
    engine = await startEngine({ home: world.home, env: world.env });
    server = await startServer({ engine, port: 0 });
    const before = electron.notifications.length;
    const { window } = fakeWindow(true);
    // The shell looks at the window exactly when it decides about a notification it received.
    let decisions = 0;
    const alerts = startAgentAlerts({
      window: () => {
        decisions++;
        return window as unknown as BrowserWindow;
      },
      showWindow: async () => undefined,
      onAgents: () => undefined,
      onRepos: () => undefined,
      log: () => undefined,
    })!;
    stopAlerts = () => alerts.dispose();
    alerts.setEndpoint({ baseUrl: server.baseUrl, token: server.token });
    const notified: string[] = [];
    engine.notifications.onNotification((n) => notified.push(n.kind));
    const launched = await engine.agents.launch({ agentId: 'claude', cwd: world.worktrees[0], prompt: 'ask me first', ...SIZE });
    if (!launched.ok) throw new Error('launch failed');
    await waitFor(() => notified.includes('needs-input'));
    // The shell received it and decided (synchronously, on the same call): no OS notification.
    await waitFor(() => decisions >= 1);
    expect(electron.notifications.length).toBe(before);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

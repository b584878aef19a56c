/**
 * The desktop shell's agent notifications and tray: the pure decisions, and the shell's protocol
 * client against a real engine running the fake agents (no Electron needed).
 */
import { mkdirSync } from 'node:fs';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentEventsClient } from '../../../src/main/electron/agent-events.ts';
import { osNotificationContent, shouldShowOsNotification } from '../../../src/main/electron/decisions/agent-notification.ts';
import { MAX_TRAY_ITEMS, trayState } from '../../../src/main/electron/decisions/tray-state.ts';
import { startEngine, type Engine } from '../../../src/main/engine/index.ts';
import { startServer, type RunningServer } from '../../../src/main/transport/server.ts';
import type { WebSocketLike } from '../../../src/shared/protocol/client.ts';
import type { AgentNotification, AgentSession } from '../../../src/shared/protocol/index.ts';
import { makeWorld, SIZE, writeSettings } from '../../integration/agents/agent-fixture.ts';
import { agentSession } from '../agents/agent-samples.ts';

const note = (kind: AgentNotification['kind']): AgentNotification => ({
  id: 'n1',
  kind,
  sessionId: kind === 'quota-low' ? null : 's1',
  title: 'Claude Code needs input',
  body: 'acme · feat-login: Do you want to proceed?',
  at: '2026-09-10T08:00:00.000Z',
});

describe('when the shell shows an OS notification', () => {
  it('only when the user is not looking at the window (the window toasts it anyway)', () => {
    const n = note('needs-input');
    expect(shouldShowOsNotification(n, { windowOpen: true, windowFocused: true, windowMinimized: false })).toBe(false);
    expect(shouldShowOsNotification(n, { windowOpen: true, windowFocused: false, windowMinimized: false })).toBe(true);
    expect(shouldShowOsNotification(n, { windowOpen: true, windowFocused: true, windowMinimized: true })).toBe(true);
    expect(shouldShowOsNotification(n, { windowOpen: false, windowFocused: false, windowMinimized: false })).toBe(true);
  });

  it('makes questions urgent and audible, finished work quiet', () => {
    expect(osNotificationContent(note('needs-input'))).toEqual({
      title: 'Claude Code needs input',
      body: 'acme · feat-login: Do you want to proceed?',
      silent: false,
      urgency: 'critical',
    });
    expect(osNotificationContent(note('finished'))).toMatchObject({ silent: true, urgency: 'normal' });
    expect(osNotificationContent(note('exited-error'))).toMatchObject({ silent: false });
    expect(osNotificationContent(note('quota-low'))).toMatchObject({ silent: true, urgency: 'low' });
  });
});

describe('trayState', () => {
  it('counts agents, titles the tray with the number waiting, and lists those first', () => {
    const agents: AgentSession[] = [
      agentSession('a', { status: 'working', cwd: '/w/one' }),
      agentSession('b', { status: 'idle', finishedTasks: 1, agentName: 'Codex CLI', cwd: '/w/two/' }),
      agentSession('c', { status: 'needs-input', cwd: '/w/three' }),
      agentSession('d', { status: 'exited', exitCode: 1, cwd: '/w/four' }),
      agentSession('e', { status: 'idle', cwd: '/w/five' }),
    ];
    expect(trayState(agents)).toEqual({
      tooltip: 'Agent Orchestrator — 1 needs input · 1 working · 1 done · 1 idle · 1 exited',
      title: '1',
      attention: true,
      items: [
        { sessionId: 'c', group: 'Needs input', label: 'Claude Code · three' },
        { sessionId: 'a', group: 'Working', label: 'Claude Code · one' },
        { sessionId: 'b', group: 'Done', label: 'Codex CLI · two' },
        { sessionId: 'e', group: 'Idle', label: 'Claude Code · five' },
        { sessionId: 'd', group: 'Exited', label: 'Claude Code · four (exit 1)' },
      ],
    });
  });

  it('counts and groups an agent stalled on a usage limit as stalled, not done', () => {
    const stall = { text: "You've hit your limit · resets 2pm", resetsAt: '2026-09-10T14:00:00.000Z' };
    const agents: AgentSession[] = [
      agentSession('a', { status: 'idle', finishedTasks: 1, cwd: '/w/one' }),
      agentSession('b', { status: 'idle', finishedTasks: 1, stall, cwd: '/w/two' }),
    ];
    const state = trayState(agents);
    expect(state.tooltip).toBe('Agent Orchestrator — 1 stalled · 1 done');
    expect(state.items).toEqual([
      { sessionId: 'b', group: 'Stalled on a usage limit', label: 'Claude Code · two' },
      { sessionId: 'a', group: 'Done', label: 'Claude Code · one' },
    ]);
    expect(state.attention).toBe(false);
  });

  it('says when there are no agents and lists at most a menu-full', () => {
    expect(trayState([])).toEqual({ tooltip: 'Agent Orchestrator — no agents', title: '', attention: false, items: [] });
    const many = Array.from({ length: 20 }, (_, i) => agentSession(`s${i}`));
    expect(trayState(many).items).toHaveLength(MAX_TRAY_ITEMS);
  });
});

describe('AgentEventsClient (the shell as a protocol client)', () => {
  let engine: Engine | null = null;
  let server: RunningServer | null = null;
  let client: AgentEventsClient | null = null;

  afterEach(async () => {
    await client?.dispose();
    await server?.close();
    await engine?.dispose();
    client = null;
    server = null;
    engine = null;
  });

  it('receives agents and notifications, focuses a pane on click, and follows a restarted engine', async () => {
    const world = makeWorld({ workMs: 300 });
    mkdirSync(world.home, { recursive: true });
    writeSettings(world.home, {});
    engine = await startEngine({ home: world.home, env: world.env });
    server = await startServer({ engine, port: 0 });
    const agents: (readonly AgentSession[])[] = [];
    const notifications: AgentNotification[] = [];
    client = new AgentEventsClient({
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      onAgents: (list) => agents.push(list),
      onNotification: (n) => notifications.push(n),
      retryMs: 50,
    });
    client.setEndpoint({ baseUrl: server.baseUrl, token: server.token });
    await waitFor(() => agents.length > 0);

    const first = await engine.agents.launch({ agentId: 'claude', cwd: world.worktrees[0], prompt: 'ask me first', ...SIZE });
    const second = await engine.agents.launch({ agentId: 'codex', cwd: world.worktrees[1], ...SIZE });
    if (!first.ok || !second.ok) throw new Error('launch failed');
    await waitFor(() => notifications.some((n) => n.kind === 'needs-input'));
    expect(notifications.find((n) => n.kind === 'needs-input')).toMatchObject({ sessionId: first.value.sessionId, title: 'Claude Code needs input' });
    expect(agents.at(-1)?.map((a) => a.sessionId)).toEqual([first.value.sessionId, second.value.sessionId]);

    // A click on the notification: the pane is focused for every window.
    expect(engine.layout.get().focused).toBe(second.value.sessionId);
    expect(await client.focus(first.value.sessionId)).toBe(true);
    expect(engine.layout.get().focused).toBe(first.value.sessionId);

    // The engine restarts on a new port and token: the shell announces it, the client follows.
    await server.close();
    server = await startServer({ engine, port: 0 });
    const before = agents.length;
    client.setEndpoint({ baseUrl: server.baseUrl, token: server.token });
    await waitFor(() => agents.length > before);
  });

  it('keeps retrying quietly while no engine answers', async () => {
    const lines: string[] = [];
    let attempts = 0;
    client = new AgentEventsClient({
      createSocket: (url) => {
        attempts++;
        return new WebSocket(url) as unknown as WebSocketLike;
      },
      onAgents: () => undefined,
      onNotification: () => undefined,
      log: (line) => lines.push(line),
      retryMs: 20,
    });
    client.setEndpoint({ baseUrl: 'http://127.0.0.1:9', token: 'x' });
    // Counted connection attempts, not a sleep: it tried again and again, and logged none of them.
    await waitFor(() => attempts >= 3);
    expect(lines).toEqual([]);
    expect(await client.focus('s1')).toBe(false);
  });
});

async function waitFor(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

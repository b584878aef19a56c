/**
 * The agents service with a usage source (the seam the usage module fills): agent session ids
 * are pinned to their panes, context fill reaches the sessions, quota warnings notify once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentService } from '../../../src/main/engine/agents/agent-service.ts';
import type { AgentUsageSource } from '../../../src/main/engine/agents/agent-usage.ts';
import { LayoutService } from '../../../src/main/engine/layout/layout-service.ts';
import { NotificationService } from '../../../src/main/engine/notifications/notification-service.ts';
import { feedQuotaWarnings } from '../../../src/main/engine/notifications/usage-feed.ts';
import { SettingsService } from '../../../src/main/engine/settings/settings-service.ts';
import { TerminalService } from '../../../src/main/engine/terminals/terminal-service.ts';
import type { AgentNotification } from '../../../src/shared/protocol/agents.ts';
import type { ContextFill, QuotaWarning } from '../../../src/shared/protocol/usage.ts';
import { makeWorld, SIZE, writeSettings } from './agent-fixture.ts';

class FakeUsage implements AgentUsageSource {
  readonly pins: [string, string][] = [];
  readonly statusLines: { account?: string; terminalSessionId?: string; payload: unknown }[] = [];
  ingestStatusLine(input: { account?: string; terminalSessionId?: string; payload: unknown }): null {
    this.statusLines.push(input);
    return null;
  }
  contexts = new Map<string, ContextFill>();
  private readonly listeners = new Set<(event: { what: readonly string[]; warnings: readonly QuotaWarning[] }) => void>();
  pin(agentSessionId: string, terminalSessionId: string): void {
    this.pins.push([agentSessionId, terminalSessionId]);
  }
  async summary() {
    return { sessions: [...this.contexts].map(([terminalSessionId, context]) => ({ terminalSessionId, context })) };
  }
  onDidChange(listener: (event: { what: readonly string[]; warnings: readonly QuotaWarning[] }) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  emit(what: string[], warnings: QuotaWarning[] = []): void {
    for (const listener of this.listeners) listener({ what, warnings });
  }
}

const disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0).reverse()) await dispose();
});

describe('agents with a usage source', () => {
  it('pins, shows context fill, and notifies quota warnings once', async () => {
    const world = makeWorld({ workMs: 200 });
    mkdirSync(world.home, { recursive: true });
    writeSettings(world.home, {});
    // The user's own Claude status line: it must still show in app sessions.
    mkdirSync(world.claudeHome, { recursive: true });
    writeFileSync(path.join(world.claudeHome, 'settings.json'), JSON.stringify({ statusLine: { type: 'command', command: 'echo "MY-OWN-STATUS-LINE"' } }));
    const terminals = new TerminalService({ home: world.home, env: world.env });
    await terminals.load();
    disposers.push(() => terminals.dispose());
    const layout = new LayoutService({ home: world.home, sessionExists: (id) => terminals.list().some((s) => s.id === id) });
    await layout.load();
    const settings = new SettingsService({ home: world.home });
    await settings.load();
    const usage = new FakeUsage();
    const notificationService = new NotificationService({ toggles: () => settings.get().notifications });
    const stopFeed = feedQuotaWarnings(usage, notificationService);
    disposers.push(async () => stopFeed());
    const agents = new AgentService({ home: world.home, terminals, layout, settings, notifications: notificationService, repos: () => [], env: world.env, usage });
    await agents.load();
    disposers.push(() => agents.dispose());
    const notifications: AgentNotification[] = [];
    notificationService.onNotification((n) => notifications.push(n));

    const launched = await agents.launch({ agentId: 'claude', cwd: world.worktrees[0], ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const { sessionId, agentSessionId } = launched.value;
    expect(usage.pins).toEqual([[agentSessionId, sessionId]]);

    // Claude's status line reaches the usage module, tagged with the pane; the user's shows.
    for (let wait = Date.now() + 10_000; usage.statusLines.length === 0 && Date.now() < wait; ) await new Promise((r) => setTimeout(r, 50));
    expect(usage.statusLines[0]).toMatchObject({
      account: world.claudeHome,
      terminalSessionId: sessionId,
      payload: { session_id: agentSessionId, context_window: { context_window_size: 200000 }, rate_limits: { five_hour: { used_percentage: 40 } } },
    });
    for (let wait = Date.now() + 10_000; !screenOf(terminals, sessionId).includes('MY-OWN-STATUS-LINE') && Date.now() < wait; ) await new Promise((r) => setTimeout(r, 50));
    expect(screenOf(terminals, sessionId)).toContain('MY-OWN-STATUS-LINE');

    const context = { usedTokens: 25_240, windowTokens: 200_000, percent: 12.6, observedAt: '2026-09-10T08:20:09.001Z' };
    usage.contexts.set(sessionId, context);
    usage.emit(['summary']);
    const deadline = Date.now() + 10_000;
    while (!agents.list()[0]?.context && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(agents.list()[0]?.context).toEqual(context);

    const warning: QuotaWarning = { provider: 'claude', account: '/h/.claude', bucket: 'claude', kind: '5h', threshold: 90, usedPercent: 92, resetsAt: null };
    usage.emit(['quota'], [warning]);
    usage.emit(['quota'], [warning]);
    expect(notifications.filter((n) => n.kind === 'quota-low')).toEqual([
      expect.objectContaining({ kind: 'quota-low', sessionId: null, title: 'Claude quota at 92%' }),
    ]);
  });
});

function screenOf(terminals: TerminalService, sessionId: string): string {
  const screen = terminals.screen(sessionId);
  return screen.ok ? screen.value.lines.join('\n') : '';
}

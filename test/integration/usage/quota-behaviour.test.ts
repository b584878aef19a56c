/**
 * Quota-aware behaviour with the fake agents (real PTYs, real hook helper, real usage service):
 *
 * - the fake Claude reports its 5-hour window through the status line the app installs →
 *   `usage.quota` shows it → crossing 80 % notifies "quota low" exactly once;
 * - the fake Codex stops on a usage-limit message → the pane's screen makes it a stall → with
 *   automatic "continue" on, the text is typed only after the reset (a moved clock, not a wait).
 */
import { mkdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentService } from '../../../src/main/engine/agents/agent-service.ts';
import { LayoutService } from '../../../src/main/engine/layout/layout-service.ts';
import { NotificationService } from '../../../src/main/engine/notifications/notification-service.ts';
import type { AgentNotification } from '../../../src/shared/protocol/agents.ts';
import { feedQuotaWarnings } from '../../../src/main/engine/notifications/usage-feed.ts';
import { SettingsService } from '../../../src/main/engine/settings/settings-service.ts';
import { TerminalService } from '../../../src/main/engine/terminals/terminal-service.ts';
import { AutoContinueService, type ContinueSent } from '../../../src/main/engine/usage/auto-continue-service.ts';
import { sourcesFromEnv } from '../../../src/main/engine/usage/sources/sources-from-env.ts';
import { UsageService } from '../../../src/main/engine/usage/usage-service.ts';
import { makeWorld, runEngine, SIZE, sleep, writeSettings } from '../agents/agent-fixture.ts';

const disposers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const dispose of disposers.splice(0).reverse()) await dispose();
});

async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

describe('quota-aware behaviour', () => {
  it('shows the Claude window from the status line and notifies "quota low" once at 80 %', async () => {
    const world = makeWorld({ workMs: 200 });
    // 78 % at start, +5 per finished turn: the first turn crosses 80, the second stays below 95.
    world.env.FAKE_CLAUDE_FIVE_HOUR = '78,5';
    const running = await runEngine(world);
    const { engine } = running;
    // Status lines that arrive during the backfill would be replaced by its result: wait for live.
    await until(() => engine.usage.summary(), (s) => s.scan.phase === 'live', 'the usage scan to go live');

    const launched = await engine.agents.launch({ agentId: 'claude', cwd: world.worktrees[0], prompt: 'first task', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const sessionId = launched.value.sessionId;

    const claudeWindow = () => engine.usage.quota().providers.find((p) => p.provider === 'claude' && p.account === world.claudeHome)?.windows.find((w) => w.kind === '5h');
    const crossed = await until(claudeWindow, (w) => (w?.usedPercent ?? 0) >= 83, 'the 5h window at 83 %');
    expect(crossed).toMatchObject({ provider: 'claude', source: 'claude-statusline', stale: false, exhausted: false });
    expect(Date.parse(crossed!.resetsAt!)).toBeGreaterThan(Date.now());
    await until(() => running.notifications.filter((n) => n.kind === 'quota-low').length, (n) => n >= 1, 'a quota-low notification');

    // Another turn: 88 %, still past 80 only — no second notification.
    await running.waitForStatus(sessionId, 'idle');
    engine.terminals.input(sessionId, 'second task\r');
    await until(claudeWindow, (w) => (w?.usedPercent ?? 0) >= 88, 'the 5h window at 88 %');
    // The reading that shows 88 % published its warnings in the same call (ingest → change event
    // → notification feed, all synchronous): a second "quota low" would be here already.
    const quotaLow = running.notifications.filter((n) => n.kind === 'quota-low');
    expect(quotaLow).toEqual([expect.objectContaining({ kind: 'quota-low', sessionId: null, title: 'Claude quota at 83%' })]);
    expect(engine.usage.quota().warnings).toEqual([expect.objectContaining({ provider: 'claude', kind: '5h', threshold: 80 })]);
  });

  it('announces an agent stopped on a usage limit as stalled with the reset time, not as done', async () => {
    const world = makeWorld({ workMs: 200 });
    mkdirSync(world.home, { recursive: true });
    writeSettings(world.home, {});
    const terminals = new TerminalService({ home: world.home, env: world.env });
    await terminals.load();
    disposers.push(() => terminals.dispose());
    const layout = new LayoutService({ home: world.home, sessionExists: (id) => terminals.list().some((s) => s.id === id) });
    await layout.load();
    const settings = new SettingsService({ home: world.home });
    await settings.load();
    const usage = new UsageService({ home: world.home, sources: sourcesFromEnv(world.env), roots: async () => [], inlineBackfill: true, watch: false, pollMs: 60_000 });
    await usage.start();
    disposers.push(() => usage.dispose());
    const notificationService = new NotificationService({ toggles: () => settings.get().notifications });
    const notifications: AgentNotification[] = [];
    notificationService.onNotification((n) => notifications.push(n));
    const agents = new AgentService({ home: world.home, terminals, layout, settings, notifications: notificationService, repos: () => [], env: world.env, usage });
    await agents.load();
    disposers.push(() => agents.dispose());

    const launched = await agents.launch({ agentId: 'codex', cwd: world.worktrees[0], prompt: 'hit the usage limit in 5 minutes', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const sessionId = launched.value.sessionId;
    const idle = await until(() => agents.list().find((a) => a.sessionId === sessionId), (a) => a?.status === 'idle' && a.finishedTasks === 1, 'the turn to end');
    expect(idle!.stall).toMatchObject({ text: expect.stringMatching(/usage limit/) });
    expect(Date.parse(idle!.stall!.resetsAt!) - Date.now()).toBeGreaterThan(4 * 60_000);
    await until(() => notifications.length, (n) => n >= 1, 'a notification');
    expect(notifications.map((n) => n.kind)).not.toContain('finished');
    expect(notifications).toEqual([expect.objectContaining({ kind: 'quota-low', sessionId, title: 'Codex CLI stalled on a usage limit', body: expect.stringMatching(/resets at \d\d:\d\d$/) })]);
  });

  it('types "continue" into a stalled session only after its window reset', async () => {
    const world = makeWorld({ workMs: 200 });
    mkdirSync(world.home, { recursive: true });
    writeSettings(world.home, {});
    let offsetMs = 0;
    const clock = (): number => Date.now() + offsetMs;
    const terminals = new TerminalService({ home: world.home, env: world.env });
    await terminals.load();
    disposers.push(() => terminals.dispose());
    const layout = new LayoutService({ home: world.home, sessionExists: (id) => terminals.list().some((s) => s.id === id) });
    await layout.load();
    const settings = new SettingsService({ home: world.home });
    await settings.load();
    const usage = new UsageService({ home: world.home, sources: sourcesFromEnv(world.env), roots: async () => [], now: clock, inlineBackfill: true, watch: false, pollMs: 60_000 });
    await usage.start();
    disposers.push(() => usage.dispose());
    const notificationService = new NotificationService({ toggles: () => settings.get().notifications });
    const stopFeed = feedQuotaWarnings(usage, notificationService);
    disposers.push(async () => stopFeed());
    const agents = new AgentService({ home: world.home, terminals, layout, settings, notifications: notificationService, repos: () => [], env: world.env, usage });
    await agents.load();
    disposers.push(() => agents.dispose());
    const autoContinue = new AutoContinueService({
      usage,
      input: (id, data) => terminals.input(id, data),
      settings: () => ({ enabled: true, continueText: 'continue', delayMs: 60_000 }),
      now: clock,
    });
    const sent: ContinueSent[] = [];
    autoContinue.onDidSend((s) => sent.push(s));
    autoContinue.start();
    disposers.push(() => autoContinue.dispose());

    const launched = await agents.launch({ agentId: 'codex', cwd: world.worktrees[0], prompt: 'hit the usage limit in 5 minutes', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const sessionId = launched.value.sessionId;

    // The pane's screen is the only signal here (no rollout is written for a refused turn).
    const stall = await until(() => usage.quota().stalls.find((s) => s.terminalSessionId === sessionId), (s) => s !== undefined, 'a screen stall');
    expect(stall).toMatchObject({ provider: 'codex', source: 'screen' });
    const resetsAt = Date.parse(stall!.resetsAt!);
    expect(resetsAt - clock()).toBeGreaterThan(4 * 60_000);
    expect(usage.resumeDecisions({ enabled: true, continueText: 'continue', delayMs: 60_000 })[0]?.decision).toEqual({ action: 'wait', until: resetsAt + 60_000 });
    // `check()` types what is due synchronously; before the reset nothing is due.
    autoContinue.check();
    expect(sent).toEqual([]);

    // Past the reset plus the margin: typed once, and the agent goes on.
    offsetMs = resetsAt + 61_000 - Date.now();
    autoContinue.check();
    autoContinue.check();
    expect(sent).toEqual([{ terminalSessionId: sessionId, text: 'continue', ok: true }]);
    await until(() => screenOf(terminals, sessionId), (text) => text.includes('Done: continue'), 'the agent to continue');
    // The limit message scrolled on: not stalled any more.
    expect(usage.quota().stalls).toEqual([]);
  });
});

function screenOf(terminals: TerminalService, sessionId: string): string {
  const screen = terminals.screen(sessionId);
  return screen.ok ? screen.value.lines.join('\n') : '';
}

/**
 * How agent statuses read on panes and in the sidebar, and where agent events land.
 */
import { describe, expect, it } from 'vitest';
import { agentsIn, agentStatusView, contextLabel, statusCountItems, statusCounts } from '../../../src/renderer/agents/agent-status.ts';
import { applyEngineEvent } from '../../../src/renderer/engine/apply-engine-event.ts';
import { LayoutCommands } from '../../../src/renderer/grid/layout-commands.ts';
import { createAppStore } from '../../../src/renderer/store/app-store.ts';
import { DEFAULT_SETTINGS } from '../../../src/shared/protocol/settings.ts';
import { fakeEngine } from '../renderer/fake-engine.ts';
import { agentSession } from './agent-samples.ts';

describe('statusCountItems', () => {
  it('agrees verb and count ("1 needs input", "2 need input") and leaves out zeros', () => {
    const none = { 'needs-input': 0, stalled: 0, working: 0, done: 0, idle: 0, exited: 0 };
    expect(statusCountItems({ ...none, 'needs-input': 1 }).map((item) => item.text)).toEqual(['1 needs input']);
    expect(statusCountItems({ ...none, 'needs-input': 2, working: 3, done: 1, exited: 1 }).map((item) => item.text)).toEqual(['2 need input', '3 working', '1 done', '1 exited']);
  });

  it('lists stalled agents as their own entry, after those that need input', () => {
    const none = { 'needs-input': 0, stalled: 0, working: 0, done: 0, idle: 0, exited: 0 };
    const items = statusCountItems({ ...none, 'needs-input': 1, stalled: 2, done: 1 });
    expect(items.map((item) => [item.key, item.tone, item.text])).toEqual([
      ['needs-input', 'needs-input', '1 needs input'],
      ['stalled', 'stalled', '2 stalled'],
      ['done', 'done', '1 done'],
    ]);
  });
});

describe('agentStatusView', () => {
  it('labels each status, "done" once a task was finished', () => {
    expect(agentStatusView(agentSession('a', { status: 'working' }))).toMatchObject({ tone: 'working', label: 'working' });
    expect(agentStatusView(agentSession('a', { status: 'needs-input', detail: 'Do you want to proceed?' }))).toEqual({
      tone: 'needs-input',
      label: 'needs input',
      title: 'Needs input: Do you want to proceed?',
    });
    expect(agentStatusView(agentSession('a', { status: 'idle', finishedTasks: 0 })).label).toBe('idle');
    expect(agentStatusView(agentSession('a', { status: 'idle', finishedTasks: 2 }))).toMatchObject({ tone: 'done', label: 'done' });
    // Idle on a usage limit is a stall, with its reset time, not "done".
    const stall = { text: "■ You've hit your usage limit. Try again at 3:05 PM.", resetsAt: '2026-09-10T15:05:00.000Z' };
    const stalled = agentStatusView(agentSession('a', { status: 'idle', finishedTasks: 1, stall }));
    expect(stalled).toMatchObject({ tone: 'stalled', title: expect.stringContaining('usage limit') });
    expect(stalled.label).toMatch(/^stalled until \d\d:\d\d/);
    expect(agentStatusView(agentSession('a', { status: 'idle', finishedTasks: 1, stall: { ...stall, resetsAt: null } })).label).toBe('stalled');
    expect(agentStatusView(agentSession('a', { status: 'exited', exitCode: 0 }))).toMatchObject({ tone: 'exited-ok', label: 'exited (code 0)' });
    expect(agentStatusView(agentSession('a', { status: 'exited', exitCode: 2 }))).toMatchObject({ tone: 'exited-error', label: 'exited (code 2)' });
    expect(agentStatusView(agentSession('a', { status: 'exited', exitCode: null })).label).toBe('exited');
  });

  it('counts agents by status for the sidebar', () => {
    const agents = [
      agentSession('a', { status: 'working' }),
      agentSession('b', { status: 'working' }),
      agentSession('c', { status: 'needs-input' }),
      agentSession('d', { status: 'idle' }),
      agentSession('f', { status: 'idle', finishedTasks: 3 }),
      agentSession('e', { status: 'exited' }),
      // Stopped on a usage limit after finishing a task: stalled, not done.
      agentSession('g', { status: 'idle', finishedTasks: 1, stall: { text: "You've hit your limit · resets 2pm", resetsAt: null } }),
    ];
    expect(statusCounts(agents)).toEqual({ working: 2, 'needs-input': 1, stalled: 1, done: 1, idle: 1, exited: 1 });
  });

  it('finds the agents of a worktree', () => {
    const agents = [agentSession('a', { cwd: '/w/one' }), agentSession('b', { cwd: '/w/two/' }), agentSession('c', { cwd: '/w/one' })];
    expect(agentsIn(agents, '/w/one/').map((a) => a.sessionId)).toEqual(['a', 'c']);
    expect(agentsIn(agents, '/w/two').map((a) => a.sessionId)).toEqual(['b']);
  });

  it('describes the context fill', () => {
    expect(contextLabel(agentSession('a'))).toBeNull();
    const context = { usedTokens: 84_000, windowTokens: 200_000, percent: 42.2, observedAt: '2026-09-10T08:00:00.000Z' };
    expect(contextLabel(agentSession('a', { context }))).toEqual({ percent: 42, title: 'Context 42% full (84k of 200k tokens)' });
  });
});

describe('agent events in the renderer', () => {
  function targets() {
    const store = createAppStore();
    const engine = fakeEngine({});
    return { store, layoutCommands: new LayoutCommands(store, engine), queries: [] };
  }

  it('keeps agents and settings from the stream', () => {
    const t = targets();
    applyEngineEvent({ type: 'agents.changed', agents: [agentSession('s1'), agentSession('s2', { status: 'idle' })] }, t);
    applyEngineEvent({ type: 'settings.changed', settings: DEFAULT_SETTINGS }, t);
    expect([...t.store.getState().agents.keys()]).toEqual(['s1', 's2']);
    expect(t.store.getState().settings).toEqual(DEFAULT_SETTINGS);
    applyEngineEvent({ type: 'agents.changed', agents: [] }, t);
    expect(t.store.getState().agents.size).toBe(0);
  });

  it('shows each notification as a toast that knows its pane', () => {
    const t = targets();
    const at = '2026-09-10T08:00:00.000Z';
    applyEngineEvent({ type: 'agents.notification', notification: { id: 'n1', kind: 'needs-input', sessionId: 's1', title: 'Claude Code needs input', body: 'acme: Do you want to proceed?', at } }, t);
    applyEngineEvent({ type: 'agents.notification', notification: { id: 'n2', kind: 'exited-error', sessionId: 's1', title: 'Claude Code exited with code 3', body: 'acme', at } }, t);
    applyEngineEvent({ type: 'agents.notification', notification: { id: 'n3', kind: 'quota-low', sessionId: null, title: 'Codex quota at 91%', body: '5h window', at } }, t);
    expect(t.store.getState().toasts.map(({ tone, text, sessionId }) => ({ tone, text, sessionId }))).toEqual([
      { tone: 'attention', text: 'Claude Code needs input — acme: Do you want to proceed?', sessionId: 's1' },
      { tone: 'error', text: 'Claude Code exited with code 3 — acme', sessionId: 's1' },
      { tone: 'info', text: 'Codex quota at 91% — 5h window', sessionId: undefined },
    ]);
  });
});

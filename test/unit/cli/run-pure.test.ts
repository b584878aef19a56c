/**
 * `run`'s pure parts: where it shows the agents, the table it draws, what a custom command's
 * agent is called, which session `attach`/`send` mean.
 */
import { describe, expect, it } from 'vitest';
import type { AgentSession } from '../../../src/shared/protocol/agents.ts';
import { decideLaunchMode } from '../../../src/main/cli/run/launch-mode.ts';
import { age, changedRows, renderTable, statusText } from '../../../src/main/cli/run/status-table.ts';
import { customAgentId } from '../../../src/main/cli/run/start-agents.ts';
import { findAgentSession } from '../../../src/main/cli/run/find-agent.ts';
import { ciSummary } from '../../../src/main/cli/run/live-view.ts';

const electron = { path: '/opt/electron' };
const noElectron = { path: null, reason: 'no Electron binary is installed' };

describe('decideLaunchMode', () => {
  it('headless when asked, with no reason to print', () => {
    expect(decideLaunchMode({ headlessFlag: true, platform: 'linux', env: { DISPLAY: ':0' }, electron })).toEqual({ mode: 'headless', reason: null });
  });
  it('headless without a display on Linux, saying so', () => {
    expect(decideLaunchMode({ headlessFlag: false, platform: 'linux', env: {}, electron })).toEqual({
      mode: 'headless',
      reason: 'no display (DISPLAY and WAYLAND_DISPLAY are not set)',
    });
  });
  it('headless without Electron, with its reason; desktop otherwise (macOS needs no DISPLAY)', () => {
    expect(decideLaunchMode({ headlessFlag: false, platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' }, electron: noElectron })).toEqual({
      mode: 'headless',
      reason: 'no Electron binary is installed',
    });
    expect(decideLaunchMode({ headlessFlag: false, platform: 'darwin', env: {}, electron })).toEqual({ mode: 'desktop', electron: '/opt/electron' });
  });
});

function agent(overrides: Partial<AgentSession>): AgentSession {
  return {
    sessionId: 's1',
    agentId: 'codex',
    agentName: 'Codex',
    repoId: 'r1',
    cwd: '/w/feature-auth',
    status: 'working',
    statusSince: '2026-12-07T10:00:00.000Z',
    statusSource: 'hook',
    detail: null,
    exitCode: null,
    finishedTasks: 0,
    prompt: null,
    agentSessionId: null,
    hooks: true,
    restored: null,
    handoffFrom: null,
    createdAt: '2026-12-07T09:59:00.000Z',
    context: null,
    ...overrides,
  };
}

describe('the status table', () => {
  const now = Date.parse('2026-12-07T10:02:05.000Z');
  const input = {
    agents: [
      agent({}),
      agent({ sessionId: 's2', cwd: '/w/fix-bug', status: 'needs-input', detail: 'Allow running npm test?' }),
      agent({ sessionId: 's3', cwd: '/w/old', status: 'exited', exitCode: 3 }),
    ],
    branches: new Map([
      ['/w/feature-auth', 'feature/auth-system'],
      ['/w/fix-bug', 'fix/memory-leak'],
    ]),
    ci: new Map([['/w/fix-bug', 'failing (1), triaging 1/2']]),
    quota: null,
    now,
  };

  it('shows worktree, branch, agent, status, age and CI per agent', () => {
    const text = renderTable(input);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WORKTREE\s+BRANCH\s+AGENT\s+STATUS\s+FOR\s+CI$/);
    expect(lines[1]).toMatch(/^feature-auth\s+feature\/auth-system\s+Codex\s+working\s+2m\s+-$/);
    expect(lines[2]).toContain('needs input: Allow running npm test?');
    expect(lines[2]).toContain('failing (1), triaging 1/2');
    expect(lines[3]).toMatch(/^old\s+-\s+Codex\s+exited \(3\)/);
  });

  it('says stalled (with the reset) and done, not idle, for agents that stopped', () => {
    const stall = { text: "You've hit your limit · resets 2pm", resetsAt: '2026-12-07T14:05:00.000Z' };
    expect(statusText(agent({ status: 'idle', finishedTasks: 1, stall }), 'UTC')).toBe('stalled until 14:05');
    expect(statusText(agent({ status: 'idle', finishedTasks: 1, stall: { ...stall, resetsAt: null } }))).toBe('stalled on a usage limit');
    expect(statusText(agent({ status: 'idle', finishedTasks: 1 }))).toBe('done');
    expect(statusText(agent({ status: 'idle', finishedTasks: 0 }))).toBe('idle');
  });

  it('clips lines to the terminal width', () => {
    for (const line of renderTable(input, 40).split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
  });

  it('appends only rows that changed (non-TTY output)', () => {
    const first = changedRows(new Map(), input);
    expect(first.lines).toHaveLength(3);
    const same = changedRows(first.next, input);
    expect(same.lines).toEqual([]);
    const moved = changedRows(first.next, { ...input, agents: [agent({ status: 'idle' }), ...input.agents.slice(1)] });
    expect(moved.lines).toHaveLength(1);
    expect(moved.lines[0]).toMatch(/^10:02:05 feature-auth feature\/auth-system Codex: idle$/);
  });

  it('ages in seconds, minutes, hours', () => {
    expect(age('2026-12-07T10:02:00.000Z', now)).toBe('5s');
    expect(age('2026-12-07T07:00:00.000Z', now)).toBe('3h 2m');
  });

  it('summarises CI and triage', () => {
    expect(ciSummary({ checks: { state: 'none', failing: [] }, triage: { enabled: true, phase: 'idle', attempts: 0, maxAttempts: 2 } })).toBe('auto');
    expect(ciSummary({ checks: { state: 'failure', failing: [{}] }, triage: { enabled: true, phase: 'escalated', attempts: 2, maxAttempts: 2 } })).toBe('failing (1), escalated');
    expect(ciSummary({ checks: { state: 'success', failing: [] }, triage: { enabled: false, phase: 'idle', attempts: 0, maxAttempts: 2 } })).toBe('success');
  });
});

describe('custom agents and targets', () => {
  it('names a command line as a valid custom agent id', () => {
    expect(customAgentId('./tools/my agent.sh')).toBe('run-my-agent.sh');
    expect(customAgentId('/usr/bin/aider')).toBe('run-aider');
    expect(customAgentId('-x')).toBe('run-x');
  });

  it('finds the live agent of a worktree by name or path, newest first, and says what runs where otherwise', async () => {
    const agents = [
      agent({ sessionId: 'a', cwd: '/w/fix-bug', status: 'exited' }),
      agent({ sessionId: 'b', cwd: '/w/fix-bug' }),
      agent({ sessionId: 'c', cwd: '/w/feature-auth' }),
    ];
    expect(await findAgentSession(agents, 'fix-bug')).toMatchObject({ ok: true, value: { sessionId: 'b' } });
    expect(await findAgentSession(agents, '/w/feature-auth')).toMatchObject({ ok: true, value: { sessionId: 'c' } });
    expect(await findAgentSession(agents, 'nope')).toMatchObject({
      ok: false,
      error: { kind: 'INVALID_INPUT', message: "no agent runs in 'nope'; running in: fix-bug, feature-auth" },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_LISTED_AGENTS, onLastWindowClosed, quitConfirmation } from '../../../../src/main/electron/decisions/app-lifecycle.ts';
import { agentSession } from '../../agents/agent-samples.ts';

describe('closing the last window', () => {
  it('quits on Windows and Linux unless agents may keep running; macOS apps stay', () => {
    expect(onLastWindowClosed({ platform: 'linux', keepAgentsRunning: false })).toBe('quit');
    expect(onLastWindowClosed({ platform: 'win32', keepAgentsRunning: false })).toBe('quit');
    expect(onLastWindowClosed({ platform: 'linux', keepAgentsRunning: true })).toBe('stay');
    expect(onLastWindowClosed({ platform: 'win32', keepAgentsRunning: true })).toBe('stay');
    expect(onLastWindowClosed({ platform: 'darwin', keepAgentsRunning: false })).toBe('stay');
  });
});

describe('quit confirmation', () => {
  it('lists the running agents, those waiting for the user first', () => {
    const confirmation = quitConfirmation({
      engineOwned: true,
      agents: [
        agentSession('a', { status: 'working', agentName: 'Codex CLI', cwd: '/w/feat-a' }),
        agentSession('b', { status: 'exited', cwd: '/w/done' }),
        agentSession('c', { status: 'needs-input', cwd: '/w/feat-c/' }),
      ],
    });
    expect(confirmation?.message).toBe('Quit Agent Orchestrator and stop 2 agents?');
    expect(confirmation?.detail.split('\n').slice(0, 2)).toEqual(['• Claude Code in feat-c — needs input', '• Codex CLI in feat-a — working']);
    expect(confirmation?.detail).not.toContain('done');
    expect(confirmation?.buttons).toEqual(['Quit', 'Cancel']);
  });

  it('names an agent stalled on a usage limit as stalled, listed right after those that need input', () => {
    const stall = { text: "You've hit your limit · resets 2pm", resetsAt: null };
    const confirmation = quitConfirmation({
      engineOwned: true,
      agents: [
        agentSession('a', { status: 'idle', finishedTasks: 1, cwd: '/w/done' }),
        agentSession('b', { status: 'working', cwd: '/w/busy' }),
        agentSession('c', { status: 'idle', finishedTasks: 1, stall, cwd: '/w/limit' }),
      ],
    });
    expect(confirmation?.detail.split('\n').slice(0, 3)).toEqual([
      '• Claude Code in limit — stalled on a usage limit',
      '• Claude Code in busy — working',
      '• Claude Code in done — done',
    ]);
  });

  it('counts agents beyond the listed ones', () => {
    const agents = Array.from({ length: MAX_LISTED_AGENTS + 3 }, (_, i) => agentSession(`s${i}`, { cwd: `/w/${i}` }));
    const confirmation = quitConfirmation({ engineOwned: true, agents });
    expect(confirmation?.detail).toContain('• and 3 more');
    expect(confirmation?.message).toContain(`stop ${MAX_LISTED_AGENTS + 3} agents`);
  });

  it('quits at once when nothing runs, or when the engine belongs to someone else', () => {
    expect(quitConfirmation({ engineOwned: true, agents: [] })).toBeNull();
    expect(quitConfirmation({ engineOwned: true, agents: [agentSession('x', { status: 'exited' })] })).toBeNull();
    expect(quitConfirmation({ engineOwned: false, agents: [agentSession('x', { status: 'working' })] })).toBeNull();
  });
});

/**
 * Sample agent values for the renderer's unit tests.
 */
import type { AgentProfileInfo, AgentSession } from '../../../src/shared/protocol/index.ts';

export function agentSession(sessionId: string, overrides: Partial<AgentSession> = {}): AgentSession {
  return {
    sessionId,
    agentId: 'claude',
    agentName: 'Claude Code',
    repoId: 'r1',
    cwd: '/work/r1-feat',
    status: 'working',
    statusSince: '2026-09-10T08:00:00.000Z',
    statusSource: 'hook',
    detail: null,
    exitCode: null,
    finishedTasks: 0,
    prompt: 'fix the test',
    agentSessionId: null,
    hooks: true,
    restored: null,
    handoffFrom: null,
    createdAt: '2026-09-10T08:00:00.000Z',
    context: null,
    ...overrides,
  };
}

export function profile(id: string, overrides: Partial<AgentProfileInfo> = {}): AgentProfileInfo {
  return {
    id,
    name: id,
    source: 'builtin',
    command: id,
    args: [],
    installed: true,
    path: `/usr/bin/${id}`,
    installHint: `npm install -g ${id}`,
    promptMode: 'arg',
    canResume: true,
    pinsSessionId: false,
    hooks: null,
    logs: null,
    ...overrides,
  };
}

/**
 * After an engine restart every agent that was running comes back in its pane: resumed with its
 * CLI's resume arguments, else a shell in the same worktree, the old screen above either way.
 */
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TerminalConsumer } from '../../../src/main/engine/terminals/terminal-hub.ts';
import { makeWorld, runEngine, SIZE, writeSettings, type RunningEngine } from './agent-fixture.ts';

/** Everything an attaching client sees first: serialized scrollback and screen. */
function snapshotOf(run: RunningEngine, sessionId: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const consumer: TerminalConsumer = {
      sendSnapshot: (data) => {
        resolve(data);
        if (attached.ok) attached.value.detach();
      },
      sendData: () => undefined,
      sendExit: () => undefined,
    };
    const attached = run.engine.terminals.attach(sessionId, consumer);
    if (!attached.ok) reject(new Error(attached.error.kind));
  });
}

describe('agents across an engine restart', () => {
  it('resumes Claude Code by its pinned session id, in the same pane, below the old screen', async () => {
    const world = makeWorld({ workMs: 300 });
    const first = await runEngine(world);
    const launched = await first.engine.agents.launch({ agentId: 'claude', cwd: world.worktrees[0], repoId: first.repoId, prompt: 'first task', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const { sessionId, agentSessionId } = launched.value;
    await first.waitForStatus(sessionId, 'idle');
    await first.waitForScreen(sessionId, 'Done: first task');
    await first.stop();

    const second = await runEngine(world);
    const agent = second.agent(sessionId);
    expect(agent).toMatchObject({ sessionId, agentId: 'claude', restored: 'resumed', agentSessionId, prompt: 'first task' });
    const info = second.engine.terminals.list().find((s) => s.id === sessionId)!;
    expect(info.status).toBe('running');
    expect(info.args).toEqual(expect.arrayContaining(['--resume', agentSessionId!]));
    expect(second.engine.layout.get().panes).toEqual([sessionId]);
    await second.waitForScreen(sessionId, `Resumed conversation ${agentSessionId}`);
    expect(second.screen(sessionId)).toContain('engine restarted');
    const snapshot = await snapshotOf(second, sessionId);
    expect(snapshot).toContain('Done: first task');
    expect(snapshot.indexOf('Done: first task')).toBeLessThan(snapshot.indexOf('engine restarted'));

    // The resumed agent is live and tracked.
    second.engine.terminals.write(sessionId, 'second task\r');
    await second.waitForScreen(sessionId, 'Done: second task');
    await second.waitForStatus(sessionId, 'idle');
    expect(second.history(sessionId)).toContain('working');
  });

  it('resumes Codex by the thread id it reported', async () => {
    const world = makeWorld({ workMs: 300 });
    const first = await runEngine(world);
    const launched = await first.engine.agents.launch({ agentId: 'codex', cwd: world.worktrees[1], prompt: 'hello', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const id = launched.value.sessionId;
    await first.waitForStatus(id, 'idle');
    const deadline = Date.now() + 10_000;
    while (!first.agent(id)?.agentSessionId && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const thread = first.agent(id)!.agentSessionId!;
    await first.stop();

    const second = await runEngine(world);
    expect(second.engine.terminals.list().find((s) => s.id === id)?.args).toEqual(expect.arrayContaining(['resume', thread]));
    await second.waitForScreen(id, `Resumed session ${thread}`);
  });

  it('opens a shell in the worktree for an agent that cannot resume, and keeps its pane', async () => {
    const world = makeWorld();
    mkdirSync(world.home, { recursive: true });
    writeSettings(world.home, { agents: { custom: { sleeper: { command: 'sleep', args: ['600'], prompt: 'none' } } } });
    const first = await runEngine(world);
    const launched = await first.engine.agents.launch({ agentId: 'sleeper', cwd: world.worktrees[0], ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const id = launched.value.sessionId;
    await first.stop();

    const second = await runEngine(world);
    const info = second.engine.terminals.list().find((s) => s.id === id)!;
    expect(info).toMatchObject({ status: 'running', kind: 'shell', cwd: world.worktrees[0] });
    expect(second.agent(id)).toBeUndefined();
    expect(second.engine.layout.get().panes).toEqual([id]);
    await second.waitForScreen(id, 'sleeper cannot resume; shell in the same worktree');
  });

  it('leaves agents that had exited, and everything when resuming is switched off', async () => {
    const world = makeWorld({ workMs: 200 });
    const first = await runEngine(world);
    const done = await first.engine.agents.launch({ agentId: 'claude', cwd: world.worktrees[0], prompt: 'bye: exit with code 0', ...SIZE });
    const live = await first.engine.agents.launch({ agentId: 'claude', cwd: world.worktrees[1], ...SIZE });
    if (!done.ok || !live.ok) throw new Error('launch failed');
    await first.waitForStatus(done.value.sessionId, 'exited');
    await first.stop();
    writeSettings(world.home, { agents: { resumeOnRestart: false } });

    const second = await runEngine(world);
    expect(second.agent(done.value.sessionId)).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(second.agent(live.value.sessionId)).toMatchObject({ status: 'exited', exitCode: null });
    expect(second.engine.terminals.list().every((s) => s.status === 'exited')).toBe(true);
  });
});

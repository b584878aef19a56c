/**
 * Removing or archiving a worktree with live sessions: the engine refuses with their list, and
 * with `stopSessions` stops them (an agent gets its normal exit, a shell its hang-up) before the
 * folder goes, so no process is left running in a deleted directory.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeWorld, runEngine, SIZE } from '../agents/agent-fixture.ts';

describe('worktree remove/archive with running sessions', () => {
  it('archive refuses with the running sessions listed, then stops them all and archives', async () => {
    const world = makeWorld();
    const run = await runEngine(world);
    const [worktree] = world.worktrees;
    const shell = await run.engine.terminals.create({ cwd: worktree, repoId: run.repoId, ...SIZE });
    if (!shell.ok) throw new Error(JSON.stringify(shell.error));
    const agent = await run.engine.agents.launch({ agentId: 'codex', cwd: worktree, ...SIZE });
    if (!agent.ok) throw new Error(JSON.stringify(agent.error));
    await run.waitForScreen(agent.value.sessionId, 'Ask Codex');
    // A session in the other worktree is not this worktree's business.
    const other = await run.engine.terminals.create({ cwd: world.worktrees[1], repoId: run.repoId, ...SIZE });
    if (!other.ok) throw new Error(JSON.stringify(other.error));

    const refused = await run.engine.worktrees.archive({ repoId: run.repoId, path: worktree });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.kind).toBe('WORKTREE_HAS_SESSIONS');
    if (refused.error.kind !== 'WORKTREE_HAS_SESSIONS') return;
    expect(refused.error.sessions.map((s) => [s.id, s.agent]).sort()).toEqual(
      [
        [shell.value.id, null],
        [agent.value.sessionId, 'Codex CLI'],
      ].sort(),
    );
    // Nothing changed: the folder and both processes are still there.
    expect(existsSync(worktree)).toBe(true);
    expect(run.engine.terminals.list().filter((s) => s.status === 'running')).toHaveLength(3);

    const archived = await run.engine.worktrees.archive({ repoId: run.repoId, path: worktree, stopSessions: true });
    expect(archived.ok).toBe(true);
    expect(existsSync(worktree)).toBe(false);
    const byId = new Map(run.engine.terminals.list().map((s) => [s.id, s]));
    expect(byId.get(shell.value.id)?.status).toBe('exited');
    // The agent quit on its interrupt keys (the fake exits 130 on Ctrl+C), not on a kill signal.
    expect(byId.get(agent.value.sessionId)).toMatchObject({ status: 'exited', exitCode: 130 });
    expect(byId.get(other.value.id)?.status).toBe('running');
  });

  it('remove with stopSessions stops a shell before removing; without it, refuses and keeps everything', async () => {
    const world = makeWorld();
    const run = await runEngine(world);
    const worktree = world.worktrees[1];
    const shell = await run.engine.terminals.create({ cwd: worktree, repoId: run.repoId, ...SIZE });
    if (!shell.ok) throw new Error(JSON.stringify(shell.error));

    const refused = await run.engine.worktrees.remove({ repoId: run.repoId, path: worktree });
    expect(!refused.ok && refused.error.kind).toBe('WORKTREE_HAS_SESSIONS');
    expect(existsSync(worktree)).toBe(true);

    const removed = await run.engine.worktrees.remove({ repoId: run.repoId, path: worktree, stopSessions: true });
    expect(removed.ok).toBe(true);
    expect(existsSync(worktree)).toBe(false);
    expect(run.engine.terminals.list().find((s) => s.id === shell.value.id)?.status).toBe('exited');
  });
});

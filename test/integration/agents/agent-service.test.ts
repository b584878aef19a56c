/**
 * Agents end to end inside the engine, with the fake Codex and Claude CLIs in real PTYs: launch,
 * statuses from hooks and from the screen, notifications, errors, fan-out, handoff.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PANES } from '../../../src/shared/protocol/layout.ts';
import { git, makeCommit } from '../../helpers/git-repo.ts';
import { makeWorld, runEngine, SIZE, writeSettings } from './agent-fixture.ts';

describe('Claude Code (fake) with its hooks', () => {
  it('asks for approval → needs input, answered → working → done, with notifications', async () => {
    const world = makeWorld();
    const run = await runEngine(world);
    const [one] = world.worktrees;
    const launched = await run.engine.agents.launch({
      agentId: 'claude',
      cwd: one,
      repoId: run.repoId,
      prompt: 'run the tests, approve first',
      ...SIZE,
    });
    expect(launched.ok).toBe(true);
    if (!launched.ok) return;
    const session = launched.value;
    expect(session).toMatchObject({ agentId: 'claude', agentName: 'Claude Code', cwd: one, status: 'working', prompt: 'run the tests, approve first' });
    // The app chose the session id; the fake wrote its transcript under it.
    expect(session.agentSessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.engine.layout.get()).toMatchObject({ panes: [session.sessionId], focused: session.sessionId });

    const asking = await run.waitForStatus(session.sessionId, 'needs-input');
    expect(asking.detail).toMatch(/permission to use Bash|Do you want to proceed\?/);
    expect(run.notifications.filter((n) => n.kind === 'needs-input')).toEqual([
      expect.objectContaining({ sessionId: session.sessionId, title: 'Claude Code needs input' }),
    ]);

    expect(run.engine.terminals.write(session.sessionId, '1').ok).toBe(true);
    await run.waitForStatus(session.sessionId, 'working');
    const done = await run.waitForStatus(session.sessionId, 'idle');
    expect(done).toMatchObject({ hooks: true, finishedTasks: 1 });
    expect(run.history(session.sessionId), JSON.stringify(run.history(session.sessionId))).toEqual(['working', 'needs-input', 'working', 'idle']);
    expect(run.notifications.map((n) => n.kind)).toEqual(['needs-input', 'finished']);

    const transcripts = readdirSync(path.join(world.claudeHome, 'projects', one.replace(/[^A-Za-z0-9]/g, '-')));
    expect(transcripts).toEqual([`${session.agentSessionId}.jsonl`]);
  });

  it('reports an exit with an error code', async () => {
    const run = await runEngine(makeWorld({ workMs: 300 }));
    const launched = await run.engine.agents.launch({ agentId: 'claude', cwd: run.engine.repos.list()[0]!.path, prompt: 'crash: exit with code 3', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const exited = await run.waitForStatus(launched.value.sessionId, 'exited');
    expect(exited.exitCode).toBe(3);
    expect(run.notifications.find((n) => n.kind === 'exited-error')).toMatchObject({ title: 'Claude Code exited with code 3' });
  });
});

describe('Codex (fake)', () => {
  it('infers needs input → working → done from the screen when hooks are off', async () => {
    const world = makeWorld();
    writeSettings(mkHome(world), { agents: { hooks: false } });
    const run = await runEngine(world);
    const launched = await run.engine.agents.launch({ agentId: 'codex', cwd: world.worktrees[1], prompt: 'approve, then fix the test', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const id = launched.value.sessionId;
    const asking = await run.waitForStatus(id, 'needs-input');
    expect(asking).toMatchObject({ statusSource: 'screen', detail: 'Would you like to run the following command?' });
    run.engine.terminals.write(id, 'y');
    await run.waitForStatus(id, 'working');
    const done = await run.waitForStatus(id, 'idle');
    expect(done.hooks).toBe(false);
    expect(run.history(id)).toEqual(['working', 'needs-input', 'working', 'idle']);
    expect(run.notifications.map((n) => n.kind)).toEqual(['needs-input', 'finished']);
  });

  it('learns the thread id from notify and ends turns on it', async () => {
    const world = makeWorld({ workMs: 400 });
    const run = await runEngine(world);
    const launched = await run.engine.agents.launch({ agentId: 'codex', cwd: world.worktrees[0], prompt: 'hello', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    expect(launched.value.agentSessionId).toBeNull();
    const done = await run.waitForStatus(launched.value.sessionId, 'idle');
    // The rollout follower may pin the id a moment before notify arrives: wait for both.
    await waitUntil(() => {
      const current = run.agent(launched.value.sessionId);
      return current?.agentSessionId && current.hooks;
    });
    const agent = run.agent(launched.value.sessionId)!;
    expect(agent.hooks).toBe(true);
    expect(done.statusSource === 'hook' || done.statusSource === 'output').toBe(true);
    const rollouts = findFiles(world.codexHome).filter((f) => f.includes('rollout-'));
    expect(rollouts).toHaveLength(1);
    expect(rollouts[0]).toContain(agent.agentSessionId!);
  });
});

describe('launching', () => {
  it('says which agent is missing and how to install it', async () => {
    const world = makeWorld();
    writeFileSync(path.join(world.repo, 'agent-orchestrator.json'), JSON.stringify({ agents: { gemini: { command: 'gemini-not-installed-here' } } }));
    const run = await runEngine(world);
    const result = await run.engine.agents.launch({ agentId: 'gemini', cwd: world.worktrees[0], repoId: run.repoId, prompt: 'x', ...SIZE });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'AGENT_NOT_INSTALLED', agentId: 'gemini', command: 'gemini-not-installed-here', installHint: 'npm install -g @google/gemini-cli' },
    });
    expect(await run.engine.agents.launch({ agentId: 'codx', cwd: world.worktrees[0], ...SIZE })).toEqual({ ok: false, error: { kind: 'AGENT_NOT_FOUND', agentId: 'codx' } });
    expect(run.engine.terminals.list()).toEqual([]);
  });

  it('lists profiles with what is installed, including the repository agents', async () => {
    const world = makeWorld();
    writeFileSync(path.join(world.repo, 'agent-orchestrator.json'), JSON.stringify({ agents: { reviewer: { command: 'codex', args: ['--profile', 'review'] } } }));
    const run = await runEngine(world);
    const profiles = await run.engine.agents.profiles(run.repoId);
    if (!profiles.ok) throw new Error(JSON.stringify(profiles.error));
    const byId = new Map(profiles.value.map((p) => [p.id, p]));
    expect(byId.get('claude')).toMatchObject({ installed: true, path: path.join(path.resolve('test/fixtures/agents/bin'), 'claude'), hooks: 'claude-settings', pinsSessionId: true });
    expect(byId.get('codex')).toMatchObject({ installed: true, hooks: 'codex-notify', canResume: true });
    expect(byId.get('reviewer')).toMatchObject({ source: 'repo', command: 'codex', args: ['--profile', 'review'], installed: true });
    expect((await run.engine.agents.profiles()).ok && (await run.engine.agents.profiles()).ok).toBe(true);
  });

  it('runs several agents in one worktree and fans one task out to several, each in its own pane', async () => {
    const world = makeWorld({ workMs: 300 });
    const run = await runEngine(world);
    const [one, two] = world.worktrees;
    const integrator = await run.engine.agents.launch({ agentId: 'claude', cwd: one, repoId: run.repoId, ...SIZE });
    expect(integrator.ok && integrator.value.status).toBe('idle');
    const fanned = await run.engine.agents.fanOut({
      agentId: 'codex',
      prompt: 'add a test for the login',
      targets: [{ cwd: one, repoId: run.repoId }, { cwd: two, repoId: run.repoId }, { cwd: path.join(one, 'nope') }],
      ...SIZE,
    });
    if (!fanned.ok) throw new Error(JSON.stringify(fanned.error));
    expect(fanned.value.map((r) => [r.cwd, r.session?.cwd ?? null, r.error?.kind ?? null])).toEqual([
      [one, one, null],
      [two, two, null],
      [path.join(one, 'nope'), null, 'PATH_NOT_FOUND'],
    ]);
    const ids = fanned.value.flatMap((r) => (r.session ? [r.session.sessionId] : []));
    expect(run.engine.agents.list().map((a) => [a.agentId, a.cwd])).toEqual([
      ['claude', one],
      ['codex', one],
      ['codex', two],
    ]);
    expect(run.engine.layout.get().panes).toEqual([integrator.ok ? integrator.value.sessionId : '', ...ids]);
    for (const id of ids) await run.waitForScreen(id, 'Done: add a test for the login');
  });

  it('types the task into an agent that takes it on its input line', async () => {
    const world = makeWorld({ workMs: 300 });
    writeSettings(mkHome(world), { agents: { custom: { claude: { command: 'claude', prompt: 'type' } } } });
    const run = await runEngine(world);
    const launched = await run.engine.agents.launch({ agentId: 'claude', cwd: world.worktrees[0], prompt: 'typed task', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    expect(launched.value.status).toBe('idle');
    await run.waitForScreen(launched.value.sessionId, 'Done: typed task');
    // The command line never carried it.
    expect(run.engine.terminals.list()[0]?.args).not.toContain('typed task');
    await run.waitForStatus(launched.value.sessionId, 'idle');
    expect(run.history(launched.value.sessionId)).toContain('working');
  });

  it('refuses to start an agent the full grid could not show', async () => {
    const run = await runEngine(makeWorld());
    const cwd = run.engine.repos.list()[0]!.path;
    const panes: string[] = [];
    for (let i = 0; i < MAX_PANES; i++) {
      const shell = await run.engine.terminals.create({ cwd, command: 'sleep', args: ['60'], ...SIZE });
      if (shell.ok) panes.push(shell.value.id);
    }
    for (const sessionId of panes) expect((await run.engine.layout.open({ sessionId })).ok).toBe(true);
    expect(await run.engine.agents.launch({ agentId: 'claude', cwd, ...SIZE })).toEqual({ ok: false, error: { kind: 'TOO_MANY_PANES', max: MAX_PANES } });
    expect(run.engine.terminals.list()).toHaveLength(MAX_PANES);
  });

  it('keeps built-in agents usable when the repository config is broken', async () => {
    const world = makeWorld();
    writeFileSync(path.join(world.repo, 'agent-orchestrator.json'), '{ "agents": { "reviewer": { "command": 3 } } }');
    const run = await runEngine(world);
    const profiles = await run.engine.agents.profiles(run.repoId);
    expect(profiles.ok && profiles.value.map((p) => p.id)).toEqual(['codex', 'claude', 'gemini', 'aider', 'opencode']);
    const reviewer = await run.engine.agents.launch({ agentId: 'reviewer', cwd: world.worktrees[0], repoId: run.repoId, ...SIZE });
    expect(reviewer.ok ? null : reviewer.error).toMatchObject({ kind: 'INVALID_CONFIG', field: 'agents.reviewer.command' });
    expect((await run.engine.agents.launch({ agentId: 'claude', cwd: world.worktrees[0], repoId: run.repoId, ...SIZE })).ok).toBe(true);
  });

  it('forgets an agent whose pane is closed, and focuses a pane on request', async () => {
    const run = await runEngine(makeWorld({ workMs: 200 }));
    const cwd = run.engine.repos.list()[0]!.path;
    const a = await run.engine.agents.launch({ agentId: 'claude', cwd, ...SIZE });
    const b = await run.engine.agents.launch({ agentId: 'codex', cwd, ...SIZE });
    if (!a.ok || !b.ok) throw new Error('launch failed');
    expect(run.engine.layout.get().focused).toBe(b.value.sessionId);
    expect((await run.engine.agents.focus(a.value.sessionId)).ok).toBe(true);
    expect(run.engine.layout.get().focused).toBe(a.value.sessionId);
    await run.engine.terminals.remove(a.value.sessionId);
    expect(run.engine.agents.list().map((x) => x.sessionId)).toEqual([b.value.sessionId]);
    expect(await run.engine.agents.focus('nope')).toEqual({ ok: false, error: { kind: 'SESSION_NOT_FOUND', sessionId: 'nope' } });
  });
});

describe('fresh session with handoff', () => {
  it('generates the prompt from git and the task, replaces the old pane, and seeds the new agent', async () => {
    const world = makeWorld({ workMs: 300 });
    const [one] = world.worktrees;
    makeCommit(one, { files: { 'src/login.ts': 'export const login = () => 2;\n', 'test/login.test.ts': 'test\n' }, message: 'fix: login returns 2' });
    git(world.repo, 'config', 'branch.feat/one.agentOrchestratorTarget', 'main');
    writeFileSync(path.join(one, 'notes.txt'), 'wip\n');
    git(one, 'add', 'notes.txt');
    const run = await runEngine(world);
    const first = await run.engine.agents.launch({ agentId: 'claude', cwd: one, repoId: run.repoId, prompt: 'make login return 2', ...SIZE });
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    await run.waitForStatus(first.value.sessionId, 'idle');

    const preview = await run.engine.agents.handoffPreview(first.value.sessionId, 'keep the API stable');
    if (!preview.ok) throw new Error(JSON.stringify(preview.error));
    expect(preview.value.facts).toMatchObject({ task: 'make login return 2', branch: 'feat/one', target: 'main', notes: 'keep the API stable' });
    expect(preview.value.facts.diffStat).toContain('src/login.ts');
    expect(preview.value.facts.uncommitted).toContain('notes.txt');
    expect(preview.value.facts.commits).toEqual([expect.stringMatching(/^[0-9a-f]{7,} fix: login returns 2$/)]);
    expect(preview.value.prompt).toContain('You are on `feat/one`, which will be merged into `main`.');

    const handed = await run.engine.agents.handoff({ sessionId: first.value.sessionId, notes: 'keep the API stable', closeOld: true, ...SIZE });
    if (!handed.ok) throw new Error(JSON.stringify(handed.error));
    const fresh = handed.value.session;
    expect(handed.value.closed).toBe(true);
    expect(fresh).toMatchObject({ cwd: one, agentId: 'claude', handoffFrom: first.value.sessionId });
    expect(fresh.prompt).toContain('## Notes from the user\nkeep the API stable');
    expect(run.engine.terminals.list().map((s) => s.id)).toEqual([fresh.sessionId]);
    expect(run.engine.layout.get()).toMatchObject({ panes: [fresh.sessionId], focused: fresh.sessionId });
    await run.waitForScreen(fresh.sessionId, 'Done: You are taking over work');

    const kept = await run.engine.agents.handoff({ sessionId: fresh.sessionId, prompt: 'my own prompt', closeOld: false, ...SIZE });
    if (!kept.ok) throw new Error(JSON.stringify(kept.error));
    expect(run.engine.layout.get().panes).toEqual([fresh.sessionId, kept.value.session.sessionId]);
    expect(kept.value.session.prompt).toBe('my own prompt');
  });

  it('refuses a session that is not an agent', async () => {
    const run = await runEngine(makeWorld());
    const shell = await run.engine.terminals.create({ cwd: run.engine.repos.list()[0]!.path, ...SIZE });
    if (!shell.ok) throw new Error('no shell');
    expect(await run.engine.agents.handoffPreview(shell.value.id, null)).toEqual({ ok: false, error: { kind: 'NOT_AN_AGENT_SESSION', sessionId: shell.value.id } });
  });
});

function mkHome(world: { home: string }): string {
  // writeSettings needs the folder; runEngine keeps an existing settings.json.
  mkdirSync(world.home, { recursive: true });
  return world.home;
}

function findFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

async function waitUntil<T>(check: () => T | null | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

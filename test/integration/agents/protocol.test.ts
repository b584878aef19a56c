/**
 * Agents over the protocol (a real server and WebSocket client) and from the CLI.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../../src/main/engine/index.ts';
import { startServer, type RunningServer } from '../../../src/main/transport/server.ts';
import { createEngineClient, wsUrl, type WebSocketLike } from '../../../src/shared/protocol/client.ts';
import { RPC_PATH, type EngineClient, type EngineEvent } from '../../../src/shared/protocol/index.ts';
import { runCli } from '../../helpers/cli.ts';
import { openSocket } from '../../helpers/engine-server.ts';
import { makeWorld, SIZE, writeSettings, FAKE_AGENTS_BIN } from './agent-fixture.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function serve(): Promise<{ engine: Engine; server: RunningServer; client: EngineClient; repo: string; worktree: string }> {
  const world = makeWorld({ workMs: 600 });
  mkdirSync(world.home, { recursive: true });
  writeSettings(world.home, {});
  const engine = await startEngine({ home: world.home, env: world.env });
  const server = await startServer({ engine, port: 0 });
  const socket = await openSocket(wsUrl({ baseUrl: server.baseUrl, token: server.token }, RPC_PATH));
  const client = createEngineClient(socket as unknown as WebSocketLike);
  cleanup = async () => {
    (socket as WebSocket).close();
    await server.close();
    await engine.dispose();
  };
  return { engine, server, client, repo: world.repo, worktree: world.worktrees[0] };
}

describe('agents over the protocol', () => {
  it('streams agents and settings after the snapshot, then status changes and one notification per question', async () => {
    const { client, worktree } = await serve();
    const stream = await client.events.subscribe();
    const events = stream[Symbol.asyncIterator]();
    const next = async (): Promise<EngineEvent> => (await events.next()).value as EngineEvent;
    expect((await next()).type).toBe('snapshot');
    expect(await next()).toEqual({ type: 'agents.changed', agents: [] });
    expect(await next()).toMatchObject({ type: 'settings.changed', settings: { notifications: { 'needs-input': true } } });

    const launched = await client.agents.launch({ agentId: 'claude', cwd: worktree, prompt: 'please ask me before running', ...SIZE });
    if (!launched.ok) throw new Error(JSON.stringify(launched.error));
    const seen: EngineEvent[] = [];
    for (;;) {
      const event = await next();
      seen.push(event);
      if (event.type === 'agents.notification') break;
    }
    const notification = seen.at(-1);
    expect(notification).toMatchObject({
      type: 'agents.notification',
      notification: { kind: 'needs-input', sessionId: launched.value.sessionId, title: 'Claude Code needs input' },
    });
    const statuses = seen.flatMap((e) => (e.type === 'agents.changed' ? e.agents.map((a) => a.status) : []));
    expect(statuses).toContain('needs-input');
    expect(seen.some((e) => e.type === 'layout.changed' && e.layout.focused === launched.value.sessionId)).toBe(true);
    expect(await client.agents.list()).toEqual([expect.objectContaining({ sessionId: launched.value.sessionId, status: 'needs-input' })]);
    await events.return?.();
  });

  it('changes settings and validates them', async () => {
    const { client } = await serve();
    const updated = await client.settings.update({ notifications: { finished: false } });
    expect(updated.ok && updated.value.notifications.finished).toBe(false);
    await expect(client.settings.update({ agents: { quiescenceMs: 5 } })).rejects.toThrow();
    expect((await client.settings.get()).notifications.finished).toBe(false);
  });

  it('returns errors as values', async () => {
    const { client, worktree } = await serve();
    expect(await client.agents.launch({ agentId: 'nope', cwd: worktree, ...SIZE })).toEqual({ ok: false, error: { kind: 'AGENT_NOT_FOUND', agentId: 'nope' } });
    expect(await client.agents.handoff({ sessionId: 'zz', closeOld: false, ...SIZE })).toEqual({ ok: false, error: { kind: 'NOT_AN_AGENT_SESSION', sessionId: 'zz' } });
  });
});

describe('agent-orchestrator agents', () => {
  it('lists built-in and custom agents as JSON with what is installed', async () => {
    const world = makeWorld();
    mkdirSync(world.home, { recursive: true });
    writeSettings(world.home, { agents: { custom: { mine: { command: 'my-agent-cli', name: 'Mine' } } } });
    writeFileSync(path.join(world.repo, 'agent-orchestrator.json'), JSON.stringify({ agents: { helper: { command: 'claude', args: ['--model', 'haiku'] } } }));
    const env = { AGENT_ORCHESTRATOR_HOME: world.home, PATH: `${FAKE_AGENTS_BIN}${path.delimiter}${process.env.PATH ?? ''}` };
    const untrusted = JSON.parse((await runCli(['agents', '--json', '--repo', world.worktrees[0]], env)).stdout) as { id: string }[];
    expect(untrusted.map((a) => a.id)).not.toContain('helper');
    expect((await runCli(['trust', '--yes', '--repo', world.repo], env)).code).toBe(0);
    const result = await runCli(['agents', '--json', '--repo', world.worktrees[0]], env);
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as { id: string; installed: boolean; source: string; installHint: string | null; version: string | null }[];
    expect(list.map((a) => a.id)).toEqual(['codex', 'claude', 'gemini', 'aider', 'opencode', 'mine', 'helper']);
    // The installed built-in CLIs' own `--version`; nothing for what is missing, nor asked of custom commands.
    expect(list.find((a) => a.id === 'claude')).toMatchObject({ installed: true, source: 'builtin', version: '2.1.230 (Claude Code)' });
    expect(list.find((a) => a.id === 'codex')).toMatchObject({ installed: true, version: 'codex-cli 0.171.0' });
    expect(list.find((a) => a.id === 'gemini')).toMatchObject({ installed: true, version: '0.61.0' });
    expect(list.find((a) => a.id === 'mine')).toMatchObject({ installed: false, source: 'settings', installHint: null, version: null });
    expect(list.find((a) => a.id === 'helper')).toMatchObject({ installed: true, source: 'repo', version: null });

    const table = await runCli(['agents'], env);
    expect(table.stdout).toMatch(/^AGENT\s+NAME\s+COMMAND\s+INSTALLED\s+VERSION\s+FROM/);
    expect(table.stdout).toMatch(/claude\s+Claude Code\s+claude\s+yes\s+\S+\s+2\.1\.230 \(Claude Code\)\s+builtin/);

    const bad = await runCli(['agents', '--repo', path.join(world.home, 'nowhere')], env);
    expect(bad.code).toBe(1);
    expect(await runCli(['agents', '--bogus'], env)).toMatchObject({ code: 2 });
  }, 120_000);
});

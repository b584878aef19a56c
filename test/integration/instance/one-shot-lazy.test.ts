/**
 * A one-shot engine (the CLI's, when no engine serves the data folder) builds a service when a
 * procedure first needs it, through the same router a serving engine has. Real repository, real
 * engine, oRPC's router client as the CLI uses it.
 */
import path from 'node:path';
import { createRouterClient } from '@orpc/server';
import { globalConfig } from 'zod/v4/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startOneShotEngine, type OneShotEngine } from '../../../src/main/engine/index.ts';
import type { EngineClient } from '../../../src/shared/protocol/index.ts';
import { makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

let engine: OneShotEngine | null = null;
afterEach(async () => {
  await engine?.dispose();
  engine = null;
});

const ALL = ['repos', 'worktrees', 'terminals', 'layout', 'settings', 'agents', 'usage', 'notifications', 'graph', 'ci', 'gitMap', 'bootstrap', 'fixes', 'trust', 'info'] as const;

describe('one-shot engine: services on first use', () => {
  it('builds nothing at start, only what resolving and listing need, then a domain when it is called', async () => {
    const root = makeTempDir('ao-oneshot-lazy-');
    const repoPath = makeRepo({ path: path.join(root, 'app') });
    engine = await startOneShotEngine({ home: path.join(root, 'home') });
    const built = () => ALL.filter((name) => engine!.services.built(name) !== null);
    expect(built()).toEqual([]);

    const client = createRouterClient(engine.router) as unknown as EngineClient;
    const repo = await client.repos.resolve({ path: repoPath, register: true });
    if (!repo.ok) throw new Error(repo.error.kind);
    const listed = await client.worktrees.list({ repoId: repo.value.id });
    expect(listed.ok && listed.value.map((worktree) => worktree.path)).toEqual([repoPath]);
    // The listing reads bootstrap state and port reservations; trust is part of the lifecycle.
    expect(built().sort()).toEqual(['bootstrap', 'repos', 'trust', 'worktrees']);

    // A domain nobody called is built by its first call, and answers like a serving engine's.
    expect(await client.terminals.list()).toEqual([]);
    expect(built()).toEqual(expect.arrayContaining(['terminals', 'layout']));
    expect(built()).not.toContain('agents');
    // The same instance on every later call.
    const terminals = engine.services.built('terminals');
    expect(await engine.services.get('terminals')).toBe(terminals);
  });

  it("parses with zod's jitless mode (no compiled parser per schema in a process that parses each once), with the same answers and errors", async () => {
    const root = makeTempDir('ao-oneshot-lazy-');
    const repoPath = makeRepo({ path: path.join(root, 'app') });
    const before = globalConfig.jitless;
    try {
      engine = await startOneShotEngine({ home: path.join(root, 'home') });
      expect(globalConfig.jitless).toBe(true);
      const client = createRouterClient(engine.router) as unknown as EngineClient;
      const repo = await client.repos.resolve({ path: repoPath, register: true });
      expect(repo.ok && repo.value.path).toBe(repoPath);
      if (!repo.ok) return;
      const listed = await client.worktrees.list({ repoId: repo.value.id });
      expect(listed.ok && listed.value.map((worktree) => [worktree.path, worktree.isMain])).toEqual([[repoPath, true]]);
      await expect(client.worktrees.list({ repoId: 42 as unknown as string })).rejects.toThrow(/validation/i);
    } finally {
      globalConfig.jitless = before;
    }
  });

  it('validates input before building anything for it', async () => {
    const root = makeTempDir('ao-oneshot-lazy-');
    engine = await startOneShotEngine({ home: path.join(root, 'home') });
    const client = createRouterClient(engine.router) as unknown as EngineClient;
    await expect(client.worktrees.list({ repoId: 42 as unknown as string })).rejects.toThrow(/validation/i);
    // Loading the domain built its service (the handler needs it), but nothing ran for the input.
    expect(engine.services.built('terminals')).toBe(null);
  });
});

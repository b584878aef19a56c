/**
 * How often one worktree create makes the renderer read the worktree list (one `git status` per
 * worktree each time on the engine): the renderer's data layer (query cache + engine events) against a real
 * engine over the real WebSocket, with a setup that streams several bootstrap steps.
 *
 * Before the query cache, one create read the list three or more times (the create's answer,
 * `worktrees.changed`, every `bootstrap.changed`, and the file watcher's own announcement).
 */
import { QueryObserver } from '@tanstack/react-query';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createQueryClient, engineQueryUtils } from '../../../src/renderer/data/query-client.ts';
import { toListing, WorktreeData, type CachedListing } from '../../../src/renderer/data/worktree-data.ts';
import { startTestEngine } from '../../helpers/engine-server.ts';
import { makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

describe('worktree reads', () => {
  it('one create from the app reads the worktree list once', async () => {
    const root = makeTempDir('ao-reads-');
    const repoPath = makeRepo({ path: path.join(root, 'app') });
    writeFileSync(path.join(repoPath, 'agent-orchestrator.json'), JSON.stringify({ setup: ['echo one', 'echo two', 'echo three'] }));
    const t = await startTestEngine({ home: path.join(root, 'home') });
    onTestFinished(() => t.close());
    const repo = await t.client.repos.add({ path: repoPath });
    if (!repo.ok) throw new Error(JSON.stringify(repo.error));
    const repoId = repo.value.id;
    // The setup runs only once the repository is trusted (as a user who reviewed it).
    const trust = await t.client.trust.get({ repoId });
    if (!trust.ok || !(await t.client.trust.grant({ repoId, configHash: trust.value.configHash })).ok) throw new Error('could not trust');

    // Count the reads the renderer asks the engine for. (The engine's own read while describing
    // the new worktree for the create's answer is a separate matter: issue 8, item 6.)
    let reads = 0;
    const client = { ...t.client, worktrees: { ...t.client.worktrees } };
    client.worktrees.list = ((input, options) => {
      if (input.repoId === repoId) reads++;
      return t.client.worktrees.list(input, options);
    }) as typeof client.worktrees.list;

    // The renderer's data layer, fed by the event stream, with the sidebar showing the repository.
    const queryClient = createQueryClient();
    const data = new WorktreeData(queryClient, engineQueryUtils({ client }));
    const controller = new AbortController();
    onTestFinished(() => controller.abort());
    const stream = await t.client.events.subscribe(undefined, { signal: controller.signal });
    let bootstrapEvents = 0;
    void (async () => {
      try {
        for await (const event of stream) {
          if (event.type === 'bootstrap.changed') bootstrapEvents++;
          data.onEvent(event);
        }
      } catch {
        // aborted
      }
    })();
    const sidebar = new QueryObserver<CachedListing>(queryClient, data.options(repoId));
    onTestFinished(sidebar.subscribe(() => undefined));
    // expect.poll gives up after 1 s by default: far too soon for a first listing on a loaded machine.
    await expect.poll(() => toListing(sidebar.getCurrentResult().data).loaded, { timeout: 20_000 }).toBe(true);
    await expect.poll(() => queryClient.isFetching(), { timeout: 20_000 }).toBe(0);
    reads = 0;

    const created = await t.client.worktrees.create({ repoId, name: 'one-read' });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const worktreePath = created.value.worktree.path;
    const shown = () => toListing(sidebar.getCurrentResult().data).worktrees.find((w) => w.path === worktreePath);
    await expect.poll(() => shown()?.bootstrap?.status, { timeout: 20_000 }).toBe('ready');
    expect(bootstrapEvents).toBeGreaterThanOrEqual(3);

    // The file watcher's own reading of the same change must not announce it again: force that
    // reading now, then make a round trip on the same socket, so any event it sent has reached
    // the data layer (and started its read) before the count.
    await t.engine.worktrees.whenSettled();
    await t.client.repos.list();
    await expect.poll(() => queryClient.isFetching(), { timeout: 20_000 }).toBe(0);
    expect(reads).toBe(1);
    data.dispose();
  });
});

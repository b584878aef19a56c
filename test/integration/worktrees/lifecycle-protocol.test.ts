/**
 * The worktree lifecycle over the real protocol: a real engine, a WebSocket client, schemas
 * validated on both ends.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { EngineEvent } from '../../../src/shared/protocol/index.ts';
import { startTestEngine } from '../../helpers/engine-server.ts';
import { makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

describe('worktrees over the protocol', () => {
  it('creates with a log pane, streams bootstrap events, serves the log and the config, returns errors as values', async () => {
    const root = makeTempDir('ao-proto-');
    const repoPath = makeRepo({ path: path.join(root, 'app') });
    writeFileSync(path.join(repoPath, 'agent-orchestrator.json'), JSON.stringify({ setup: 'echo hello-from-setup', targets: ['main'] }));
    const t = await startTestEngine({ home: path.join(root, 'home') });
    onTestFinished(() => t.close());
    const repo = await t.client.repos.add({ path: repoPath });
    if (!repo.ok) throw new Error(JSON.stringify(repo.error));
    const repoId = repo.value.id;
    const trust = await t.client.trust.get({ repoId });
    if (!trust.ok) throw new Error(JSON.stringify(trust.error));
    expect(trust.value).toMatchObject({ trusted: false, setup: ['echo hello-from-setup'] });
    expect(await t.client.trust.grant({ repoId, configHash: 'sha256:not-what-was-shown' })).toMatchObject({
      ok: false,
      error: { kind: 'REPO_NOT_TRUSTED' },
    });
    expect(await t.client.trust.grant({ repoId, configHash: trust.value.configHash })).toMatchObject({ ok: true, value: { trusted: true } });

    const events: EngineEvent[] = [];
    const controller = new AbortController();
    onTestFinished(() => controller.abort());
    const stream = await t.client.events.subscribe(undefined, { signal: controller.signal });
    const reading = (async () => {
      try {
        for await (const event of stream) events.push(event);
      } catch {
        // aborted
      }
    })();

    const created = await t.client.worktrees.create({ repoId, name: 'proto', openPane: { cols: 80, rows: 24 } });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    expect(created.value.worktree).toMatchObject({ branch: 'proto', target: 'main' });
    expect(created.value.sessionId).toEqual(expect.any(String));
    const worktreePath = created.value.worktree.path;

    await expect.poll(() => events.some((e) => e.type === 'bootstrap.changed' && e.state.status === 'ready'), { timeout: 15_000 }).toBe(true);
    expect(events.some((e) => e.type === 'worktrees.changed' && e.repoId === repoId)).toBe(true);

    const log = await t.client.worktrees.bootstrapLog({ path: worktreePath });
    expect(log.ok && log.value.text).toContain('hello-from-setup');
    expect(log.ok && log.value.state?.status).toBe('ready');

    const pane = await t.client.worktrees.openBootstrapLog({ repoId, path: worktreePath, cols: 80, rows: 10 });
    expect(pane.ok && pane.value.title).toBe('setup · proto');

    const config = await t.client.worktrees.config({ repoId });
    expect(config.ok && config.value.config.setup).toEqual(['echo hello-from-setup']);
    expect(config.ok && config.value.defaultBranch).toBe('main');

    const duplicate = await t.client.worktrees.create({ repoId, name: 'proto' });
    expect(duplicate).toEqual({ ok: false, error: { kind: 'BRANCH_CHECKED_OUT', branch: 'proto', path: worktreePath } });

    const archived = await t.client.worktrees.archive({ repoId, path: worktreePath });
    expect(archived.ok && archived.value.archive.name).toBe('proto');
    const archives = await t.client.worktrees.archives({ repoId });
    expect(archives.ok && archives.value.map((a) => a.name)).toEqual(['proto']);
    const restored = await t.client.worktrees.restore({ repoId, archive: 'proto', bootstrap: false });
    expect(restored.ok && restored.value.worktree.path).toBe(worktreePath);
    controller.abort();
    await reading;
  });
});

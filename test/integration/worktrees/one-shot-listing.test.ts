/**
 * A one-shot engine (a CLI command without a serving engine) hands the `git worktree list` that
 * resolving a repository read to the worktree list that follows (git/worktree-list-handoff.ts).
 * What must never happen: a listing read before a change answering after it. These run the real
 * one-shot engine on a real repository; bundled-CLI process counts are in
 * test/integration/cli/cli-start-imports.test.ts.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../../src/main/engine/index.ts';
import { WorktreeListHandoff } from '../../../src/main/engine/git/worktree-list-handoff.ts';
import { listWorktrees } from '../../../src/main/engine/git/worktree-list.ts';
import { addWorktree, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

let engine: Engine | null = null;
afterEach(async () => {
  await engine?.dispose();
  engine = null;
});

const names = (worktrees: { path: string }[]): string[] => worktrees.map((worktree) => path.basename(worktree.path));

describe('one-shot engine: one git worktree list for resolve + list', () => {
  it("lists after the engine's own create and remove see them, although resolving read the listing before", async () => {
    const root = makeTempDir('ao-oneshot-list-');
    const repoPath = makeRepo({ path: path.join(root, 'app') });
    engine = await startEngine({ home: path.join(root, 'home'), oneShot: true });

    const repo = await engine.repos.resolve(repoPath, { register: true });
    if (!repo.ok) throw new Error(repo.error.kind);
    const before = await engine.worktrees.list(repo.value.id);
    expect(before.ok && names(before.value)).toEqual(['app']);

    // Resolve again (a listing is on offer now), then change: the change forgets it.
    await engine.repos.resolve(repoPath, { register: true });
    const created = await engine.worktrees.create({ repoId: repo.value.id, name: 'feature', bootstrap: false });
    if (!created.ok) throw new Error(created.error.kind);
    const afterCreate = await engine.worktrees.list(repo.value.id);
    expect(afterCreate.ok && names(afterCreate.value).sort()).toEqual(['app', 'feature']);

    await engine.repos.resolve(repoPath, { register: true });
    const removed = await engine.worktrees.remove({ repoId: repo.value.id, path: created.value.worktree.path, force: false, stopSessions: false, deleteBranch: false });
    expect(removed.ok, JSON.stringify(removed)).toBe(true);
    const afterRemove = await engine.worktrees.list(repo.value.id);
    expect(afterRemove.ok && names(afterRemove.value)).toEqual(['app']);
  });

  it('a serving engine hands nothing on: a worktree added by another process right after resolving is listed', async () => {
    const root = makeTempDir('ao-serving-list-');
    const repoPath = makeRepo({ path: path.join(root, 'app') });
    engine = await startEngine({ home: path.join(root, 'home') });
    const repo = await engine.repos.resolve(repoPath, { register: true });
    if (!repo.ok) throw new Error(repo.error.kind);
    addWorktree(repoPath, path.join(root, 'by-hand'), 'by-hand');
    const listed = await engine.worktrees.list(repo.value.id);
    expect(listed.ok && names(listed.value).sort()).toEqual(['app', 'by-hand']);
  });
});

describe('WorktreeListHandoff', () => {
  it('hands a listing on under the paths it was offered for, while fresh, until forgotten', async () => {
    const root = makeTempDir('ao-handoff-');
    const repoPath = makeRepo({ path: path.join(root, 'app') });
    const listed = await listWorktrees(repoPath);
    if (!listed.ok) throw new Error(listed.error.kind);
    let now = 1_000;
    const handoff = new WorktreeListHandoff(() => now);
    expect(handoff.take(repoPath)).toBeNull();
    handoff.offer([repoPath, path.join(repoPath, 'src')], listed.value);
    expect(handoff.take(path.join(root, 'elsewhere'))).toBeNull();
    expect(handoff.take(repoPath)?.records).toEqual(listed.value);
    // Still on offer for the next step of the same command (resolve, then register, then list).
    expect(handoff.take(path.join(repoPath, 'src'))?.at).toBe(1_000);
    handoff.forget();
    expect(handoff.take(repoPath)).toBeNull();
    handoff.offer([repoPath], listed.value);
    now += 2_001;
    expect(handoff.take(repoPath)).toBeNull();
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Worktree } from '../../../src/shared/protocol/worktrees.ts';
import { RepoService } from '../../../src/main/engine/repos/repo-service.ts';
import { WorktreeService, type WorktreeServiceOptions } from '../../../src/main/engine/worktrees/worktree-service.ts';
import { addWorktree, git, makeCommit, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';
import { lifecycleDeps } from './lifecycle-fixture.ts';

async function setup(options: Omit<WorktreeServiceOptions, 'repos' | 'lifecycle'> = {}) {
  const home = makeTempDir('ao-home-');
  const repos = new RepoService({ home });
  await repos.load();
  const { lifecycle } = lifecycleDeps({ home, root: makeTempDir('ao-root-'), repos });
  const worktrees = new WorktreeService({ repos, lifecycle, ...options });
  onTestFinished(() => worktrees.dispose());
  return { repos, worktrees };
}

async function addRepo(repos: RepoService, repoPath: string): Promise<string> {
  const added = await repos.add(repoPath);
  if (!added.ok) throw new Error(JSON.stringify(added.error));
  return added.value.id;
}

async function listOk(worktrees: WorktreeService, repoId: string): Promise<Worktree[]> {
  const result = await worktrees.list(repoId);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/**
 * Subscribe once for the whole test and hand out "the next change of repo X" promises.
 *
 * One long-lived listener matters: the service watches only while someone listens, and a watcher
 * started after a change would take that change as its baseline.
 */
function recordChanges(worktrees: WorktreeService) {
  const seen: string[] = [];
  const waiters: Array<{ repoId: string; resolve: () => void }> = [];
  const off = worktrees.onDidChange((id) => {
    seen.push(id);
    for (const waiter of waiters.filter((w) => w.repoId === id)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  onTestFinished(off);
  return {
    seen,
    off,
    /** Resolves on the next change reported for `repoId` after this call; rejects after `ms`. */
    next(repoId: string, ms = 10_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const waiter = {
          repoId,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no change reported for ${repoId} within ${ms} ms`));
        }, ms);
        waiters.push(waiter);
      });
    },
  };
}

describe('WorktreeService.list', () => {
  it('reports main, linked, detached, locked and prunable worktrees with their dirty state', async () => {
    const { repos, worktrees } = await setup();
    const repo = makeRepo({ files: { 'a.txt': 'a\n' } });
    const dir = makeTempDir('ao-wts-');
    const linked = addWorktree(repo, path.join(dir, 'linked ü'), 'feature/x');
    const detached = addWorktree(repo, path.join(dir, 'detached'), null);
    const locked = addWorktree(repo, path.join(dir, 'locked'), 'locked-branch');
    const lockedBare = addWorktree(repo, path.join(dir, 'locked-no-reason'), 'l2');
    const gone = addWorktree(repo, path.join(dir, 'gone'), 'gone-branch');
    git(repo, 'worktree', 'lock', '--reason', 'agent running', locked);
    git(repo, 'worktree', 'lock', lockedBare);
    rmSync(gone, { recursive: true, force: true });
    writeFileSync(path.join(linked, 'a.txt'), 'changed\n');
    writeFileSync(path.join(detached, 'untracked.txt'), 'new\n');
    const head = git(repo, 'rev-parse', 'HEAD');
    const repoId = await addRepo(repos, repo);

    const list = await listOk(worktrees, repoId);
    const byPath = new Map(list.map((w) => [w.path, w]));
    // Main first; git orders linked worktrees by their admin folder name.
    expect(list[0]?.path).toBe(repo);
    expect(list.map((w) => w.path).sort()).toEqual([repo, gone, detached, linked, locked, lockedBare].sort());
    expect(byPath.get(repo)).toEqual({
      repoId,
      path: repo,
      head,
      branch: 'main',
      detached: false,
      isMain: true,
      locked: false,
      lockReason: null,
      prunable: false,
      prunableReason: null,
      dirty: false,
      // What the lifecycle adds: none of it set up for a repository the app only listed.
      missing: false,
      target: null,
      bootstrap: null,
      ports: [],
      parent: null,
      integrator: false,
    });
    expect(byPath.get(linked)).toMatchObject({ branch: 'feature/x', isMain: false, dirty: true });
    expect(byPath.get(detached)).toMatchObject({ branch: null, detached: true, head, dirty: true });
    expect(byPath.get(locked)).toMatchObject({ locked: true, lockReason: 'agent running', dirty: false });
    expect(byPath.get(lockedBare)).toMatchObject({ locked: true, lockReason: null });
    expect(byPath.get(gone)).toMatchObject({
      branch: 'gone-branch',
      prunable: true,
      prunableReason: 'gitdir file points to non-existent location',
      dirty: null,
    });
  });

  it('gives dirty null for a locked worktree whose folder is missing (git does not call it prunable)', async () => {
    const { repos, worktrees } = await setup();
    const repo = makeRepo();
    const usb = addWorktree(repo, path.join(makeTempDir(), 'on-usb'), 'usb');
    git(repo, 'worktree', 'lock', '--reason', 'on a removable drive', usb);
    renameSync(usb, `${usb}-unplugged`);
    const repoId = await addRepo(repos, repo);
    const [, wt] = await listOk(worktrees, repoId);
    expect(wt).toMatchObject({ path: usb, locked: true, prunable: false, dirty: null });
  });

  it('reports REPO_NOT_FOUND for an unknown id and WORKTREE_MISSING when the repository folder is gone', async () => {
    const { repos, worktrees } = await setup();
    expect(await worktrees.list('nope')).toEqual({ ok: false, error: { kind: 'REPO_NOT_FOUND', repoId: 'nope' } });
    const repo = makeRepo({ path: path.join(makeTempDir(), 'will vanish') });
    const repoId = await addRepo(repos, repo);
    rmSync(repo, { recursive: true, force: true });
    expect(await worktrees.list(repoId)).toEqual({ ok: false, error: { kind: 'WORKTREE_MISSING', path: repo } });
  });
  it('reports NOT_A_GIT_REPO, not the enclosing repository, when the .git folder was deleted', async () => {
    const { repos, worktrees } = await setup();
    const outer = makeRepo();
    const inner = makeRepo({ path: path.join(outer, 'vendor', 'inner') });
    const repoId = await addRepo(repos, inner);
    rmSync(path.join(inner, '.git'), { recursive: true, force: true });
    expect(await worktrees.list(repoId)).toEqual({ ok: false, error: { kind: 'NOT_A_GIT_REPO', path: inner } });
  });
});

describe('WorktreeService.onDidChange', () => {
  it('fires after `git worktree add` run outside the app (file-system events, no polling)', async () => {
    const { repos, worktrees } = await setup({ pollIntervalMs: 600_000, debounceMs: 50 });
    const repo = makeRepo();
    const repoId = await addRepo(repos, repo);
    const changes = recordChanges(worktrees);
    await worktrees.whenSettled();
    const changed = changes.next(repoId, 5_000);
    const wt = addWorktree(repo, path.join(makeTempDir(), 'outside'), 'outside');
    await changed;
    expect((await listOk(worktrees, repoId)).map((w) => w.path)).toEqual([repo, wt]);
  });

  it('fires through the polling fallback alone, including for a deleted worktree folder', async () => {
    const { repos, worktrees } = await setup({ useFsWatch: false, pollIntervalMs: 100 });
    const repo = makeRepo();
    const repoId = await addRepo(repos, repo);
    const changes = recordChanges(worktrees);
    await worktrees.whenSettled();
    let changed = changes.next(repoId);
    const wt = addWorktree(repo, path.join(makeTempDir(), 'polled'), 'polled');
    await changed;
    changed = changes.next(repoId);
    rmSync(wt, { recursive: true, force: true });
    await changed;
    expect((await listOk(worktrees, repoId))[1]).toMatchObject({ path: wt, prunable: true });
  });

  it("reports a folder deleted right after the engine announced its own change", async () => {
    // No poll: only the announcement's baseline and the settle reading look at the repository.
    const { repos, worktrees } = await setup({ useFsWatch: false, pollIntervalMs: 600_000 });
    const repo = makeRepo();
    const repoId = await addRepo(repos, repo);
    const wt = addWorktree(repo, path.join(makeTempDir(), 'restored'), 'restored');
    const changes = recordChanges(worktrees);
    await worktrees.whenSettled();
    // A client re-reads on the event; the user deletes the folder just after that re-read.
    const off = worktrees.onDidChange(() => {
      off();
      rmSync(wt, { recursive: true, force: true });
    });
    await worktrees.announce(repoId);
    await worktrees.whenSettled();
    expect(changes.seen).toEqual([repoId, repoId]);
    expect((await listOk(worktrees, repoId))[1]).toMatchObject({ path: wt, prunable: true });
  });

  it('fires when a linked worktree switches branch, is locked, or is removed (file-system events)', async () => {
    const { repos, worktrees } = await setup({ pollIntervalMs: 600_000, debounceMs: 50 });
    const repo = makeRepo();
    const wt = addWorktree(repo, path.join(makeTempDir(), 'agent'), 'agent/task-1');
    const repoId = await addRepo(repos, repo);
    const changes = recordChanges(worktrees);
    await worktrees.whenSettled();

    let changed = changes.next(repoId, 5_000);
    git(wt, 'checkout', '--quiet', '-b', 'flat');
    await changed;

    changed = changes.next(repoId, 5_000);
    makeCommit(wt); // moves refs/heads/flat
    await changed;

    changed = changes.next(repoId, 5_000);
    git(repo, 'worktree', 'lock', '--reason', 'busy', wt);
    await changed;

    changed = changes.next(repoId, 5_000);
    git(repo, 'worktree', 'remove', '--force', '--force', wt);
    await changed;
    expect((await listOk(worktrees, repoId)).map((w) => w.path)).toEqual([repo]);
  });

  it('notices a commit on a nested branch (refs/heads/a/b) through polling', async () => {
    const { repos, worktrees } = await setup({ pollIntervalMs: 150 });
    const repo = makeRepo();
    const wt = addWorktree(repo, path.join(makeTempDir(), 'nested'), 'agent/task-2');
    const repoId = await addRepo(repos, repo);
    const changes = recordChanges(worktrees);
    await worktrees.whenSettled();
    const changed = changes.next(repoId);
    const sha = makeCommit(wt);
    await changed;
    expect((await listOk(worktrees, repoId))[1]).toMatchObject({ branch: 'agent/task-2', head: sha });
  });

  it('does not fire when files are merely edited and staged', async () => {
    const { repos, worktrees } = await setup({ pollIntervalMs: 50, debounceMs: 10 });
    const repo = makeRepo();
    await addRepo(repos, repo);
    const changes = recordChanges(worktrees);
    await worktrees.whenSettled();
    writeFileSync(path.join(repo, 'README.md'), 'edited\n');
    git(repo, 'add', 'README.md'); // rewrites .git/index only
    // A fresh reading after the edit: it would have reported a change.
    await worktrees.whenSettled();
    expect(changes.seen).toEqual([]);
  });

  it('follows the registry: watches repositories added later, forgets removed ones, stops on dispose', async () => {
    const { repos, worktrees } = await setup({ useFsWatch: false, pollIntervalMs: 100 });
    const changes = recordChanges(worktrees);
    const first = makeRepo();
    const second = makeRepo();
    const firstId = await addRepo(repos, first);
    const secondId = await addRepo(repos, second);
    await worktrees.whenSettled();

    let changed = changes.next(secondId);
    addWorktree(second, path.join(makeTempDir(), 'w1'), 'w1');
    await changed;

    await repos.remove(secondId);
    changed = changes.next(firstId);
    addWorktree(second, path.join(makeTempDir(), 'w2'), 'w2');
    addWorktree(first, path.join(makeTempDir(), 'w3'), 'w3');
    await changed;
    expect(changes.seen.filter((id) => id === secondId)).toHaveLength(1);

    // Disposed: every watcher is stopped (no poll timer, no fs watcher) and none is left to report.
    const internals = worktrees as unknown as { watchers: Map<string, { disposed: boolean }> };
    const watchers = [...internals.watchers.values()];
    expect(watchers).toHaveLength(1);
    worktrees.dispose();
    expect(watchers.map((watcher) => watcher.disposed)).toEqual([true]);
    expect(internals.watchers.size).toBe(0);
    const count = changes.seen.length;
    addWorktree(first, path.join(makeTempDir(), 'w4'), 'w4');
    await worktrees.whenSettled();
    expect(changes.seen).toHaveLength(count);
  });

  it('watches only while someone listens', async () => {
    const { repos, worktrees } = await setup({ useFsWatch: false, pollIntervalMs: 100 });
    const repoId = await addRepo(repos, makeRepo());
    const internals = worktrees as unknown as { watchers: Map<string, unknown> };
    expect(internals.watchers.size).toBe(0);
    const changes = recordChanges(worktrees);
    expect([...internals.watchers.keys()]).toEqual([repoId]);
    changes.off();
    expect(internals.watchers.size).toBe(0);
  });

  it('reports a repository folder disappearing and coming back', async () => {
    const { repos, worktrees } = await setup({ useFsWatch: false, pollIntervalMs: 100 });
    const parent = makeTempDir();
    const repo = makeRepo({ path: path.join(parent, 'repo') });
    const repoId = await addRepo(repos, repo);
    const changes = recordChanges(worktrees);
    await worktrees.whenSettled();
    let changed = changes.next(repoId);
    renameSync(repo, path.join(parent, 'moved'));
    await changed;
    changed = changes.next(repoId);
    renameSync(path.join(parent, 'moved'), repo);
    await changed;
    expect(await listOk(worktrees, repoId)).toHaveLength(1);
  });
});

describe('describe (one worktree)', () => {
  it("reads only that worktree's status, not every worktree's, and matches what list says", async () => {
    const { repos, worktrees } = await setup();
    const repo = makeRepo();
    const others = [1, 2, 3, 4].map((n) => addWorktree(repo, path.join(makeTempDir(), `wt-${n}`), `feat/${n}`));
    const wanted = others[2]!;
    writeFileSync(path.join(wanted, 'dirty.txt'), 'x\n');
    const repoId = await addRepo(repos, repo);
    const listed = (await listOk(worktrees, repoId)).find((worktree) => worktree.path === wanted);

    // A real git behind a logging wrapper first on PATH: which folders get a `status`.
    const bin = makeTempDir('ao-git-shim-');
    const log = path.join(bin, 'calls.log');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$PWD $*" >> '${log}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
    let described;
    try {
      described = await worktrees.describe(repoId, wanted);
    } finally {
      process.env.PATH = savedPath;
    }
    const statusCalls = readFileSync(log, 'utf8').split('\n').filter((line) => / status /.test(line));
    expect(statusCalls).toHaveLength(1);
    expect(statusCalls[0]!.startsWith(`${wanted} `)).toBe(true);
    expect(described).toEqual(listed);
    expect(described?.dirty).toBe(true);
    expect(await worktrees.describe(repoId, path.join(repo, 'not-a-worktree'))).toBeNull();
  });
});

/**
 * The status map's caches: answers keyed by (branch sha, target sha) in memory and on disk, so a
 * moved tip recomputes exactly its own pairs and a restarted engine answers from disk; the dirty
 * flags of a watched repository answer from the last read and catch up in the background.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitMap } from '../../../src/shared/protocol/git-map.ts';
import { GitMapService } from '../../../src/main/engine/git-map/git-map-service.ts';
import { pairKey } from '../../../src/main/engine/git-map/status-cache.ts';
import { dirtyFlagsOf, parseStatusBatch } from '../../../src/main/engine/git/status.ts';
import { git, makeCommit, removeTempDir } from '../../helpers/git-repo.ts';
import { mapFixture, NO_AGENTS, type MapFixture } from './map-fixture.ts';

let fx: MapFixture;
const services: GitMapService[] = [];

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`unexpected error: ${JSON.stringify(result.error)}`);
  return result.value;
}

function newService(home = fx.home): GitMapService {
  const service = new GitMapService({ repos: fx.repos, home, userHomeDir: fx.root, writeCommitGraphs: false, agents: NO_AGENTS });
  services.push(service);
  return service;
}

/** The distinct (head, target tip) pairs a map covers. */
function pairsOf(map: GitMap): Set<string> {
  const tips = Object.fromEntries(map.targets.map((target) => [target, git(fx.repo, 'rev-parse', `refs/heads/${target}`)]));
  return new Set(map.branches.flatMap((branch) => map.targets.map((target) => pairKey(branch.head, tips[target]!))));
}

/** Status answers only (the part the caches hold). */
function statuses(map: GitMap) {
  return map.branches.map((branch) => ({ branch: branch.branch, head: branch.head, status: branch.status }));
}

beforeAll(async () => {
  fx = await mapFixture();
}, 60_000);

afterAll(async () => {
  for (const service of services) await service.dispose();
  if (fx) removeTempDir(fx.root);
});

describe('pair cache', () => {
  it('computes each pair once; a moved branch tip recomputes exactly its pairs, a moved target exactly its own', async () => {
    const service = newService();
    const caches = service.statusCaches;
    const first = unwrap(await service.map({ repoId: fx.repoId }));
    const firstPairs = pairsOf(first);
    expect(caches.computedPairs).toBe(firstPairs.size);
    const again = unwrap(await service.map({ repoId: fx.repoId }));
    expect(caches.computedPairs).toBe(firstPairs.size);
    expect(statuses(again)).toEqual(statuses(first));

    // The branch `open` moves: its two pairs, and only those, are computed.
    const before = new Set(caches.pairs.keys());
    const moved = makeCommit(fx.worktrees.open!, { files: { 'open-2.txt': 'more\n' }, message: 'more open work' });
    const afterBranch = unwrap(await service.map({ repoId: fx.repoId }));
    const added = [...caches.pairs.keys()].filter((key) => !before.has(key));
    const tips = { main: git(fx.repo, 'rev-parse', 'main'), consumer: git(fx.repo, 'rev-parse', 'consumer') };
    expect(added.sort()).toEqual([pairKey(moved, tips.main), pairKey(moved, tips.consumer)].sort());
    expect(caches.computedPairs).toBe(firstPairs.size + 2);
    const open = afterBranch.branches.find((branch) => branch.branch === 'open')!;
    expect(open.head).toBe(moved);
    expect(open.status.main!.ahead).toBe(Number(git(fx.repo, 'rev-list', '--count', `main..${moved}`)));
    // Everything else answers as before.
    expect(statuses(afterBranch).filter((entry) => entry.branch !== 'open')).toEqual(statuses(first).filter((entry) => entry.branch !== 'open'));

    // The target `consumer` moves: one pair per distinct head against it, none against main.
    const computedBefore = caches.computedPairs;
    git(fx.repo, 'checkout', '--quiet', 'consumer');
    const consumerTip = makeCommit(fx.repo, { files: { 'consumer-only.txt': 'c\n' }, message: 'consumer moves' });
    git(fx.repo, 'checkout', '--quiet', 'main');
    const afterTarget = unwrap(await service.map({ repoId: fx.repoId }));
    const heads = new Set(afterTarget.branches.map((branch) => branch.head));
    expect(caches.computedPairs - computedBefore).toBe(heads.size);
    for (const branch of afterTarget.branches) {
      expect(branch.status.consumer!.behind).toBe(Number(git(fx.repo, 'rev-list', '--count', `${branch.head}..${consumerTip}`)));
      expect(branch.status.main).toEqual(afterBranch.branches.find((entry) => entry.branch === branch.branch && entry.worktree === branch.worktree)!.status.main);
    }
  });

  it('answers from disk after a restart, without computing a pair, and ignores a damaged file', async () => {
    const first = newService();
    const map = unwrap(await first.map({ repoId: fx.repoId }));
    await first.whenIdle();
    const file = path.join(fx.home, 'git-map', 'pairs.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { pairs: Record<string, unknown> };
    for (const key of pairsOf(map)) expect(stored.pairs[key]).toBeDefined();

    const restarted = newService();
    const fromDisk = unwrap(await restarted.map({ repoId: fx.repoId }));
    expect(restarted.statusCaches.computedPairs).toBe(0);
    expect(statuses(fromDisk)).toEqual(statuses(map));

    // A damaged file (or one claiming nonsense) is not trusted: everything is computed again, correctly.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\[0,/g, '[7,').slice(0, -5));
    const damaged = newService();
    const recomputed = unwrap(await damaged.map({ repoId: fx.repoId }));
    expect(damaged.statusCaches.computedPairs).toBe(pairsOf(map).size);
    expect(statuses(recomputed)).toEqual(statuses(map));
  });
});

describe('dirty flags', () => {
  it('a watched repository answers from the last read, re-reads in the background and signals the change; freshDirty reads first', async () => {
    const service = newService();
    service.start();
    await service.whenSettled();
    const entry = (map: GitMap) => map.branches.find((branch) => branch.branch === 'open')!;
    expect(entry(unwrap(await service.map({ repoId: fx.repoId }))).dirty).toBe(false);

    writeFileSync(path.join(fx.worktrees.open!, 'scratch.txt'), 'uncommitted\n');
    const changed = new Promise<string>((resolve) => service.onDidChange(resolve));
    const stale = unwrap(await service.map({ repoId: fx.repoId }));
    // Answered from the previous read (no git status before answering)...
    expect(entry(stale).dirty).toBe(false);
    // ...and the background re-read finds the change and says so.
    expect(await changed).toBe(fx.repoId);
    expect(entry(unwrap(await service.map({ repoId: fx.repoId }))).dirty).toBe(true);

    git(fx.worktrees.open!, 'clean', '--quiet', '--force');
    expect(entry(unwrap(await service.map({ repoId: fx.repoId }, undefined, { freshDirty: true }))).dirty).toBe(false);
    await service.whenIdle();
  });

  it('an unwatched repository (one-shot engine) always reads dirty flags fresh', async () => {
    const service = newService();
    const entry = (map: GitMap) => map.branches.find((branch) => branch.branch === 'open')!;
    expect(entry(unwrap(await service.map({ repoId: fx.repoId }))).dirty).toBe(false);
    writeFileSync(path.join(fx.worktrees.open!, 'scratch.txt'), 'uncommitted\n');
    expect(entry(unwrap(await service.map({ repoId: fx.repoId }))).dirty).toBe(true);
    git(fx.worktrees.open!, 'clean', '--quiet', '--force');
  });
});

describe('dirty flags of many worktrees in one process', () => {
  it('agrees with git status in each worktree, and reads past a worktree it cannot read', async () => {
    writeFileSync(path.join(fx.worktrees.picked!, 'untracked.txt'), 'new\n');
    git(fx.worktrees.squashed!, 'mv', 'sq1.txt', 'sq1-renamed.txt');
    const paths = [fx.worktrees.open!, fx.worktrees.dirty!, fx.worktrees.picked!, path.join(fx.root, 'no-such-worktree'), fx.worktrees.squashed!, fx.worktrees.clash!];
    const truth = paths.map((worktree) => {
      try {
        return git(worktree, 'status', '--porcelain') !== '';
      } catch {
        return null;
      }
    });
    expect(truth).toEqual([false, true, true, null, true, false]);
    expect(await dirtyFlagsOf(fx.repo, paths)).toEqual(truth);
    git(fx.worktrees.squashed!, 'mv', 'sq1-renamed.txt', 'sq1.txt');
    git(fx.worktrees.picked!, 'clean', '--quiet', '--force');
  });

  it('splits the batch output by worktree, skipping a rename entry\'s source path', () => {
    const oid = '# branch.oid 0123456789012345678901234567890123456789';
    const output = [oid, '# branch.head a', oid, '# branch.head b', '2 R. N... 100644 100644 100644 1 2 R100 new', '# branch.oid looks like a header', oid, '# branch.head (detached)', '? x', ''].join('\0');
    expect(parseStatusBatch(output)).toEqual([false, true, true]);
  });
});


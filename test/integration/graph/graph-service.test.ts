/**
 * The branch graph on real repositories built here: merges, an octopus, two targets, worktree
 * branches, a detached worktree. Every answer is checked against git's own commands.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Repo } from '../../../src/shared/protocol/repos.ts';
import type { GraphPage, GraphRow } from '../../../src/shared/protocol/graph.ts';
import type { Result } from '../../../src/shared/result.ts';
import { GraphService } from '../../../src/main/engine/graph/graph-service.ts';
import { throughRows } from '../../../src/main/engine/graph/lane-bands.ts';
import { layoutLanes } from '../../../src/main/engine/graph/lane-layout.ts';
import { generateHistory } from '../../helpers/graph-history.ts';
import { addWorktree, git, makeCommit, makeRepo, makeTempDir, testGitEnv } from '../../helpers/git-repo.ts';

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/**
 * main ── consumer (second target, from config) ── feature-a (worktree, merged into main with
 * --no-ff) ── feature-b (worktree, unmerged) ── an octopus merge on main ── a detached worktree.
 */
function buildRepo() {
  const root = makeTempDir('ao-graph-');
  const repo = makeRepo({ path: path.join(root, 'repo'), commits: 3 });
  writeFileSync(path.join(repo, 'agent-orchestrator.json'), JSON.stringify({ targets: ['consumer'] }));
  git(repo, 'add', 'agent-orchestrator.json');
  git(repo, 'commit', '-q', '-m', 'config');
  git(repo, 'branch', 'consumer');
  const a = addWorktree(repo, path.join(root, 'feature-a'), 'feature-a');
  makeCommit(a, { message: 'a1' });
  makeCommit(a, { message: 'a2' });
  git(repo, 'merge', '--no-ff', '-q', '-m', 'merge feature-a', 'feature-a');
  const b = addWorktree(repo, path.join(root, 'feature-b'), 'feature-b');
  makeCommit(b, { message: 'b1' });
  git(repo, 'config', 'branch.feature-b.agentOrchestratorTarget', 'consumer');
  // Three side branches merged at once.
  for (const name of ['o1', 'o2', 'o3']) {
    git(repo, 'branch', name, 'main~1');
    git(repo, 'checkout', '-q', name);
    makeCommit(repo, { files: { [`${name}.txt`]: name }, message: name });
  }
  git(repo, 'checkout', '-q', 'main');
  git(repo, 'merge', '-q', '-m', 'octopus', 'o1', 'o2', 'o3');
  git(repo, 'tag', 'v1');
  makeCommit(repo, { message: 'main moves on' });
  const detached = addWorktree(repo, path.join(root, 'detached'), null);
  makeCommit(detached, { message: 'detached work' });
  const consumerWork = addWorktree(repo, path.join(root, 'consumer-wt'), 'consumer');
  makeCommit(consumerWork, { message: 'on consumer' });
  return { root, repo: git(repo, 'rev-parse', '--show-toplevel'), a, b, detached, consumerWork };
}

function service(repoPath: string, options: { inline?: boolean; maxCommits?: number } = {}) {
  const repo: Repo = { id: 'r1', path: repoPath, name: 'repo', addedAt: new Date(0).toISOString() };
  return new GraphService({ home: makeTempDir('ao-graph-home-'), repos: () => [repo], ...options });
}

async function allRows(graph: GraphService, limit = 3): Promise<{ first: GraphPage; last: GraphPage; rows: GraphRow[] }> {
  const first = unwrap(await graph.commits({ repoId: 'r1', offset: 0, limit }));
  const rows = [...first.rows];
  let page = first;
  while (!page.complete || rows.length < page.total) {
    page = unwrap(await graph.commits({ repoId: 'r1', offset: rows.length, limit, revision: first.revision }));
    expect(page.revision).toBe(first.revision);
    if (page.rows.length === 0 && page.complete) break;
    rows.push(...page.rows);
  }
  return { first, last: page, rows };
}

function gitOut(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: testGitEnv(), encoding: 'utf8' });
}

describe('graph.commits on a real repository', () => {
  for (const inline of [false, true]) {
    it(`matches git's own history, parents and ancestry (${inline ? 'inline' : 'worker'})`, async () => {
      const f = buildRepo();
      const graph = service(f.repo, { inline });
      try {
        const { first, last, rows } = await allRows(graph);
        expect(last).toMatchObject({ complete: true, total: rows.length, truncated: false });
        expect(first.targets).toEqual(['main', 'consumer']);
        const detachedHead = git(f.detached, 'rev-parse', 'HEAD');
        // The same commits, in the same order, with the same parents as git's date order.
        const expected = gitOut(f.repo, 'log', '--date-order', '--format=%H %P', 'main', 'consumer', 'feature-a', 'feature-b', detachedHead)
          .trim()
          .split('\n');
        expect(rows.map((row) => [row.sha, ...row.parents].join(' '))).toEqual(expected);
        // Side branches o1..o3 are not worktree branches or targets, but their commits are reachable.
        expect(rows.find((row) => row.subject === 'octopus')!.parents).toHaveLength(4);
        const octopus = rows.find((row) => row.subject === 'octopus')!;
        expect(octopus.out.length / 2).toBe(4);

        // inTargets bit i ⇔ git says the commit is an ancestor of targets[i].
        for (const row of rows) {
          first.targets.forEach((target, bit) => {
            const isAncestor = (() => {
              try {
                execFileSync('git', ['merge-base', '--is-ancestor', row.sha, target], { cwd: f.repo, env: testGitEnv() });
                return true;
              } catch {
                return false;
              }
            })();
            expect({ sha: row.sha, target, merged: (row.inTargets & (1 << bit)) !== 0 }).toEqual({ sha: row.sha, target, merged: isAncestor });
          });
        }

        // Labels: branches with their worktrees, targets flagged, tags; the detached worktree on its head.
        const byName = new Map(rows.flatMap((row) => row.refs.map((ref) => [ref.name, { ref, sha: row.sha }] as const)));
        expect(byName.get('main')).toMatchObject({ ref: { kind: 'branch', target: true, worktree: f.repo }, sha: git(f.repo, 'rev-parse', 'main') });
        expect(byName.get('consumer')?.ref).toMatchObject({ target: true, worktree: f.consumerWork });
        expect(byName.get('feature-b')?.ref).toMatchObject({ target: false, worktree: f.b });
        expect(byName.get('v1')?.ref).toMatchObject({ kind: 'tag', worktree: null });
        expect(rows.find((row) => row.sha === detachedHead)!.worktrees).toEqual([f.detached]);
        expect(first.width).toBeGreaterThanOrEqual(4);
        expect(last.timings.gitMs).toBeGreaterThan(0);
        expect(last.timings.inWorker).toBe(!inline);
      } finally {
        await graph.dispose();
      }
    });
  }

  it('pages of a long history carry the same lanes as a layout of git\'s own %H %P from scratch', async () => {
    const repo = makeRepo({ commits: 0 });
    const history = generateHistory(repo, { commits: 900, openBranches: 6 });
    const graph = service(repo);
    try {
      // 97 does not divide the checkpoint interval: pages start mid-way between checkpoints.
      const { rows } = await allRows(graph, 97);
      const expected = gitOut(repo, 'log', '--date-order', '--format=%H %P', ...history.targets, ...history.openBranches)
        .trim()
        .split('\n')
        .map((line) => {
          const [sha, ...parents] = line.split(' ');
          return { sha: sha!, parents };
        });
      expect(rows.map((row) => row.sha)).toEqual(expected.map((commit) => commit.sha));
      // The engine keeps the targets' columns on the left, in the scope's order.
      const tips = history.targets.map((target) => git(repo, 'rev-parse', target));
      const reference = layoutLanes(expected, tips).rows;
      const through = throughRows({ row: 0, active: [] }, (index) => reference[index]!, 0, reference.length);
      expect(rows.map((row) => [row.lane, row.color, row.into, row.out, row.through])).toEqual(
        reference.map((row, index) => [row.lane, row.color, row.into, row.out, through[index]]),
      );
      expect(Math.max(...rows.map((row) => row.through.length / 2))).toBeGreaterThan(3);
    } finally {
      await graph.dispose();
    }
  });

  it('keeps the layout while refs stay, and starts a new one when a ref moves', async () => {
    const f = buildRepo();
    const graph = service(f.repo);
    try {
      const first = unwrap(await graph.commits({ repoId: 'r1', offset: 0, limit: 500 }));
      const again = unwrap(await graph.commits({ repoId: 'r1', offset: 0, limit: 500 }));
      expect(again.revision).toBe(first.revision);
      const tip = makeCommit(f.b, { message: 'b2' });
      const moved = unwrap(await graph.commits({ repoId: 'r1', offset: 0, limit: 500 }));
      expect(moved.revision).not.toBe(first.revision);
      expect(moved.rows.some((row) => row.sha === tip)).toBe(true);
      expect(first.rows.some((row) => row.sha === tip)).toBe(false);
      expect(moved.total).toBe(first.total + 1);
      // A later page asked with the old revision gets the new layout, and says so.
      const stale = unwrap(await graph.commits({ repoId: 'r1', offset: 1, limit: 5, revision: first.revision }));
      expect(stale.revision).toBe(moved.revision);
    } finally {
      await graph.dispose();
    }
  });

  it('cuts a history longer than the limit and says so', async () => {
    const f = buildRepo();
    const graph = service(f.repo, { maxCommits: 5 });
    try {
      const page = unwrap(await graph.commits({ repoId: 'r1', offset: 0, limit: 100 }));
      expect(page.rows).toHaveLength(5);
      expect(page).toMatchObject({ complete: true, truncated: true, total: 5 });
    } finally {
      await graph.dispose();
    }
  });

  it('answers typed errors for an unknown repository and a folder that is gone, changing nothing', async () => {
    const graph = service(path.join(makeTempDir('ao-gone-'), 'nope'));
    try {
      expect(await graph.commits({ repoId: 'other', offset: 0, limit: 10 })).toEqual({
        ok: false,
        error: { kind: 'REPO_NOT_FOUND', repoId: 'other' },
      });
      const gone = await graph.commits({ repoId: 'r1', offset: 0, limit: 10 });
      expect(gone.ok).toBe(false);
      if (!gone.ok) expect(['PATH_NOT_FOUND', 'NOT_A_GIT_REPO']).toContain(gone.error.kind);
    } finally {
      await graph.dispose();
    }
  });

  it('shows an empty graph for a repository without commits', async () => {
    const repo = makeRepo({ commits: 0 });
    const graph = service(repo);
    try {
      const page = unwrap(await graph.commits({ repoId: 'r1', offset: 0, limit: 10 }));
      expect(page).toMatchObject({ rows: [], total: 0, complete: true, targets: [] });
    } finally {
      await graph.dispose();
    }
  });
});

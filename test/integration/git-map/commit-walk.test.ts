/**
 * The in-memory commit walk against git's own answers, on generated histories with merges,
 * criss-cross merges and an unrelated root: for every pair of tips, ancestry
 * (`merge-base --is-ancestor`), ahead/behind (`rev-list --count`), the merge base
 * (`merge-base --all`) and the commit lists a `git cherry` would compare (`rev-list --no-merges`).
 * Histories with and without the cut below the common base (a tip at that base disables it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CommitWalk } from '../../../src/main/engine/git-map/commit-walk.ts';
import { git, makeTempDir, removeTempDir, testGitEnv } from '../../helpers/git-repo.ts';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => removeTempDir(root)));

/** A deterministic pseudo-random history written with fast-import; returns the tip shas. */
function randomHistory(seed: number, options: { unrelatedRoot: boolean; tipAtBase: boolean }): { repo: string; tips: string[] } {
  const root = makeTempDir('ao-walk-');
  roots.push(root);
  const repo = path.join(root, 'repo');
  git(root, 'init', '--quiet', '--initial-branch=main', repo);
  let state = seed;
  const random = (n: number): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  const lines: string[] = [];
  let mark = 0;
  const commit = (parents: number[]): number => {
    mark += 1;
    // A root starts over (without the reset, fast-import would continue the branch).
    if (parents.length === 0) lines.push('reset refs/heads/scratch');
    lines.push('commit refs/heads/scratch', `mark :${mark}`, `committer T <t@example.com> ${1_700_000_000 + mark * 60} +0000`, 'data 2', `c${mark % 10}`);
    if (parents[0] !== undefined) lines.push(`from :${parents[0]}`);
    for (const parent of parents.slice(1)) lines.push(`merge :${parent}`);
    lines.push(`M 100644 inline f${random(5)}.txt`, 'data 6', `v${String(mark).padStart(4, '0')}`, '');
    return mark;
  };
  // A shared trunk, then several lines that commit, fork and merge each other (criss-cross too).
  let trunk = commit([]);
  for (let i = 0; i < 6; i++) trunk = commit([trunk]);
  const base = trunk;
  const heads = [trunk, trunk, trunk, trunk, trunk];
  for (let step = 0; step < 60; step++) {
    const line = random(heads.length);
    const roll = random(10);
    if (roll < 6) heads[line] = commit([heads[line]!]);
    else if (roll < 9) heads[line] = commit([heads[line]!, heads[random(heads.length)]!]);
    else heads[line] = heads[random(heads.length)]!;
  }
  const tipMarks = [...heads];
  if (options.tipAtBase) tipMarks.push(base);
  if (options.unrelatedRoot) {
    let lone = commit([]);
    lone = commit([lone]);
    tipMarks.push(lone);
  }
  lines.push(...tipMarks.map((tip, index) => `reset refs/heads/tip${index}\nfrom :${tip}\n`), 'done', '');
  execFileSync('git', ['fast-import', '--quiet', '--done'], { cwd: repo, input: lines.join('\n'), env: testGitEnv() });
  const tips = tipMarks.map((_, index) => git(repo, 'rev-parse', `refs/heads/tip${index}`));
  return { repo, tips: [...new Set(tips)] };
}

function isAncestor(repo: string, a: string, b: string): boolean {
  return spawnSync('git', ['merge-base', '--is-ancestor', a, b], { cwd: repo, env: testGitEnv() }).status === 0;
}

function lines(repo: string, ...args: string[]): string[] {
  const result = spawnSync('git', args, { cwd: repo, env: testGitEnv(), encoding: 'utf8' });
  return result.stdout.split('\n').filter((line) => line !== '');
}

async function checkAgainstGit(repo: string, tips: string[]): Promise<{ pairs: number; criss: number; unrelated: number }> {
  const walk = await CommitWalk.read(repo, tips);
  if (!walk.ok) throw new Error(JSON.stringify(walk.error));
  const counts = { pairs: 0, criss: 0, unrelated: 0 };
  for (const target of tips) {
    const ancestry = walk.value.ancestry(target);
    for (const branch of tips) {
      if (branch === target) continue;
      const [facts] = await walk.value.compare(branch, [ancestry], 1_000);
      const where = `${branch.slice(0, 7)} vs ${target.slice(0, 7)}`;
      expect(facts!.merged, where).toBe(isAncestor(repo, branch, target));
      expect(facts!.ahead, where).toBe(Number(lines(repo, 'rev-list', '--count', `${target}..${branch}`)[0]));
      expect(facts!.behind, where).toBe(Number(lines(repo, 'rev-list', '--count', `${branch}..${target}`)[0]));
      counts.pairs += 1;
      if (facts!.merged) continue;
      const bases = lines(repo, 'merge-base', '--all', target, branch);
      if (bases.length === 0) {
        expect(facts!.mergeBase, where).toBeNull();
        counts.unrelated += 1;
      } else if (bases.length === 1) {
        expect(facts!.mergeBase, where).toBe(bases[0]);
        expect(facts!.branchCommits, where).toEqual(lines(repo, 'rev-list', '--no-merges', `${bases[0]}..${branch}`));
        expect([...facts!.targetCommits].sort(), where).toEqual(lines(repo, 'rev-list', '--no-merges', `${bases[0]}..${target}`).sort());
      } else {
        expect(facts!.mergeBase, where).toBeUndefined();
        counts.criss += 1;
      }
    }
  }
  return counts;
}

describe('commit walk', () => {
  it('agrees with git on histories cut below their common base', async () => {
    let pairs = 0;
    let criss = 0;
    for (const seed of [1, 7, 42]) {
      const { repo, tips } = randomHistory(seed, { unrelatedRoot: false, tipAtBase: false });
      // The cut is real: the common base has history below it that the walk skips.
      const bases = lines(repo, 'merge-base', '--octopus', '--all', ...tips);
      expect(bases.length).toBeGreaterThan(0);
      expect(Number(lines(repo, 'rev-list', '--count', bases[0]!)[0])).toBeGreaterThan(1);
      const counts = await checkAgainstGit(repo, tips);
      pairs += counts.pairs;
      criss += counts.criss;
    }
    expect(pairs).toBeGreaterThan(30);
    // Criss-cross pairs (several merge bases) were met and left to git.
    expect(criss).toBeGreaterThan(0);
  }, 120_000);

  it('agrees with git with a tip at the common base, and with an unrelated root (no cut)', async () => {
    const atBase = randomHistory(3, { unrelatedRoot: false, tipAtBase: true });
    await checkAgainstGit(atBase.repo, atBase.tips);
    const unrelated = randomHistory(5, { unrelatedRoot: true, tipAtBase: false });
    const counts = await checkAgainstGit(unrelated.repo, unrelated.tips);
    expect(counts.unrelated).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * `agent-orchestrator map | contains | target` as a real child process: the exact JSON shapes
 * scripts depend on, readable tables, and one-line errors with a non-zero exit.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, removeTempDir } from '../../helpers/git-repo.ts';
import { runCli, type CliResult } from '../../helpers/cli.ts';
import { mapFixture, type MapFixture } from '../git-map/map-fixture.ts';

let fx: MapFixture;
let env: NodeJS.ProcessEnv;
const results: Record<string, CliResult> = {};

beforeAll(async () => {
  fx = await mapFixture();
  env = { AGENT_ORCHESTRATOR_HOME: fx.home };
  // Independent commands run together: each CLI start costs seconds on a loaded machine.
  const runs: Record<string, string[]> = {
    mapJson: ['map', '--repo', fx.worktrees.open!, '--json'],
    mapTable: ['map', '--repo', fx.repo],
    containsJson: ['contains', fx.sha.fix!, '--repo', fx.repo, '--json'],
    containsTable: ['contains', 'picked', '--repo', fx.repo],
    badCommit: ['contains', 'no-such-commit', '--repo', fx.repo],
    noRepo: ['map', '--repo', fx.home],
    unknownTarget: ['map', '--repo', fx.repo, '--target', 'nope'],
    badTarget: ['target', 'open', 'nope', '--repo', fx.repo],
    usage: ['contains', '--repo', fx.repo],
  };
  const entries = await Promise.all(Object.entries(runs).map(async ([name, args]) => [name, await runCli(args, env)] as const));
  for (const [name, result] of entries) results[name] = result;
}, 180_000);

afterAll(() => {
  if (fx) removeTempDir(fx.root);
});

describe('map --json', () => {
  it('prints exactly the documented shape', () => {
    const { code, stdout } = results.mapJson!;
    expect(code).toBe(0);
    const map = JSON.parse(stdout);
    expect(Object.keys(map)).toEqual(['repo', 'targets', 'branches']);
    expect(map.repo).toBe(fx.repo);
    expect(map.targets).toEqual(['main', 'consumer']);
    const open = map.branches.find((b: { branch: string }) => b.branch === 'open');
    expect(open).toEqual({
      branch: 'open',
      worktree: fx.worktrees.open,
      head: git(fx.repo, 'rev-parse', 'open'),
      target: 'main',
      dirty: false,
      status: {
        main: { state: 'unmerged', ahead: 1, behind: Number(git(fx.repo, 'rev-list', '--count', 'open..main')), conflicts: false },
        consumer: { state: 'unmerged', ahead: 1, behind: 1, conflicts: false },
      },
    });
    for (const branch of map.branches) {
      expect(Object.keys(branch)).toEqual(['branch', 'worktree', 'head', 'target', 'dirty', 'status']);
      expect(branch.head).toMatch(/^[0-9a-f]{40}$/);
    }
  });
});

describe('contains --json', () => {
  it('lists every target and worktree branch with its presence', () => {
    const { code, stdout } = results.containsJson!;
    expect(code).toBe(0);
    const presence = JSON.parse(stdout);
    expect(Object.keys(presence)).toEqual(['commit', 'branches']);
    expect(presence.commit).toBe(fx.sha.fix);
    expect(presence.branches[0]).toEqual({ branch: 'main', worktree: fx.repo, presence: 'missing' });
    expect(presence.branches[1]).toEqual({ branch: 'consumer', worktree: null, presence: 'equivalent' });
    expect(presence.branches.find((b: { branch: string }) => b.branch === 'picked')).toEqual({
      branch: 'picked',
      worktree: fx.worktrees.picked,
      presence: 'contains',
    });
    expect(presence.branches.map((b: { branch: string | null }) => b.branch)).toContain(null); // the detached worktree
  });
});

describe('tables', () => {
  it('prints a readable map and presence table', () => {
    expect(results.mapTable!.code).toBe(0);
    const lines = results.mapTable!.stdout.split('\n');
    expect(lines[0]).toMatch(/^BRANCH\s+WORKTREE\s+TARGET\s+main\s+consumer$/);
    expect(lines.find((line) => line.startsWith('clash'))).toMatch(/unmerged \+1 -\d+ conflicts/);
    expect(lines.find((line) => line.startsWith('dirty'))).toContain(`${path.basename(fx.worktrees.dirty!)} *`);
    expect(results.containsTable!.code).toBe(0);
    expect(results.containsTable!.stdout).toMatch(/^[0-9a-f]{12} merged work|^[0-9a-f]{12} /);
    expect(results.containsTable!.stdout).toMatch(/main \(target\)\s+\S+\s+missing/);
  });
});

describe('errors', () => {
  it.each([
    ['badCommit', "'no-such-commit' does not name a commit"],
    ['noRepo', 'is not inside a git repository'],
    ['unknownTarget', 'target branch nope does not exist'],
    ['badTarget', 'target branch nope does not exist'],
  ])('%s: one line on stderr, exit 1, nothing on stdout', (name, text) => {
    const result = results[name]!;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(text);
  });

  it('exits 2 on wrong usage', () => {
    expect(results.usage!.code).toBe(2);
  });

  it('changes a target and reads it back from git config', async () => {
    const set = await runCli(['target', 'open', 'consumer', '--repo', fx.repo], env);
    expect(set.code).toBe(0);
    expect(git(fx.repo, 'config', '--get', 'branch.open.agentOrchestratorTarget')).toBe('consumer');
  }, 60_000);
});

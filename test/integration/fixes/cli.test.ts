/**
 * `agent-orchestrator fix` and `land` as a user runs them (the real CLI, a one-shot engine): the
 * JSON shapes and exit codes are a contract.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Each CLI run compiles the engine with tsx first: seconds each on a busy machine. */
const CLI_TEST_TIMEOUT_MS = 180_000;
import { runCli } from '../../helpers/cli.ts';
import { addWorktree, git, makeCommit, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

const SHA = /^[0-9a-f]{40}$/;

function world() {
  const root = makeTempDir('ao-fix-cli-');
  const repo = makeRepo({ path: path.join(root, 'repo'), files: { 'app.txt': 'one\nbug\nthree\n' } });
  const feature = addWorktree(repo, path.join(root, 'feature-wt'), 'feature');
  makeCommit(feature, { files: { 'feature.txt': 'feature\n' }, message: 'feature work' });
  const env = { AGENT_ORCHESTRATOR_HOME: path.join(root, 'home') };
  return { root, repo, feature, env };
}

describe('agent-orchestrator fix / land', () => {
  it('prints the contract JSON and exits 0, then lands with exit 0', async () => {
    const { repo, feature, env } = world();
    const fixed = await runCli(['fix', '--from', feature, '--name', 'bug-one', '--json', 'The app prints bug'], env);
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    const fix = JSON.parse(fixed.stdout) as Record<string, string>;
    expect(Object.keys(fix)).toEqual(['worktree', 'branch', 'parent', 'target', 'base']);
    expect(fix).toMatchObject({ branch: 'fix/bug-one', parent: 'feature', target: 'main', base: git(feature, 'rev-parse', 'HEAD') });
    expect(path.isAbsolute(fix.worktree!)).toBe(true);
    expect(fix.base).toMatch(SHA);

    const fixCommit = makeCommit(fix.worktree!, { files: { 'app.txt': 'one\nfixed\nthree\n' }, message: 'fix: bug' });
    const landed = await runCli(['land', 'fix/bug-one', '--json'], env);
    expect(landed.code).toBe(0);
    const result = JSON.parse(landed.stdout) as { landed: boolean; targets: Record<string, { head: string; commits: string[] }>; source: Record<string, string> };
    expect(Object.keys(result)).toEqual(['landed', 'targets', 'source']);
    expect(result.landed).toBe(true);
    expect(Object.keys(result.targets)).toEqual(['main']);
    expect(Object.keys(result.targets.main!)).toEqual(['head', 'commits']);
    expect(result.targets.main!.head).toBe(git(repo, 'rev-parse', 'main'));
    expect(result.targets.main!.commits).toHaveLength(1);
    expect(result.targets.main!.commits[0]).toMatch(SHA);
    expect(result.source).toEqual({ branch: 'feature', update: 'cherry-pick', head: git(feature, 'rev-parse', 'HEAD') });
    expect(git(repo, 'show', 'main:app.txt')).toBe('one\nfixed\nthree');
    expect(git(repo, 'rev-parse', 'fix/bug-one')).toBe(fixCommit);
  }, CLI_TEST_TIMEOUT_MS);

  it('exits 3 with the conflict JSON, and 1 with one line for other errors', async () => {
    const { repo, feature, env } = world();
    const ok = await runCli(['fix', '--from', feature, '--name', 'clash', '--json', 'x'], env);
    expect(ok.code).toBe(0);
    const fix = JSON.parse(ok.stdout) as { worktree: string };
    makeCommit(fix.worktree, { files: { 'app.txt': 'one\nfixed\nthree\n' }, message: 'fix' });
    makeCommit(repo, { files: { 'app.txt': 'one\nmain edit\nthree\n' }, message: 'main edit' });
    const mainBefore = git(repo, 'rev-parse', 'main');

    const landed = await runCli(['land', fix.worktree, '--json'], env);
    expect(landed.code).toBe(3);
    expect(JSON.parse(landed.stdout)).toEqual({ landed: false, conflict: { target: 'main', files: ['app.txt'] } });
    expect(git(repo, 'rev-parse', 'main')).toBe(mainBefore);

    const unknown = await runCli(['land', 'fix/nope', '--to', 'main'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/fix\/nope/);

    const usage = await runCli(['land', fix.worktree, '--source', 'squash'], env);
    expect(usage.code).toBe(2);
  }, CLI_TEST_TIMEOUT_MS);
});

/**
 * `agent-orchestrator ci` as a user runs it (the real CLI, a one-shot engine) against the fake GitHub.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { makeCiWorld, remoteSha } from './ci-world.ts';

/** Several real CLI processes (each starting tsx and a one-shot engine): slow on a loaded machine. */
const CLI_TEST_MS = 120_000;

describe('agent-orchestrator ci', () => {
  it('prints every worktree branch with its PR and checks in the documented JSON shape', async () => {
    const world = await makeCiWorld();
    const sha = remoteSha(world, 'feat/one');
    const pr = world.ghRepo!.addPull({ head: 'feat/one', base: 'main', title: 'One' });
    world.ghRepo!.setCheck(sha, 'test', { status: 'completed', conclusion: 'failure' });
    world.ghRepo!.setCheck(sha, 'lint', { status: 'completed', conclusion: 'success' });
    const env = { ...world.env, AGENT_ORCHESTRATOR_HOME: world.home };
    const result = await runCli(['ci', '--repo', world.repo, '--json'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as unknown[];
    expect(entries).toEqual([
      { branch: 'main', worktree: world.repo, pr: null, checks: { state: 'none', failing: [] } },
      {
        branch: 'feat/one',
        worktree: world.worktree,
        pr: { number: pr.number, url: `https://github.com/acme/widgets/pull/${pr.number}`, state: 'open', base: 'main' },
        checks: { state: 'failure', failing: [{ name: 'test', url: expect.stringContaining('/job/') }] },
      },
    ]);

    const table = await runCli(['ci', '--repo', world.repo], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/feat\/one\s+#\d+ open → main\s+failure/);
    expect(table.stdout).toContain('✗ feat/one: test');
  }, CLI_TEST_MS);

  it('explains a refused token and exits 1; toggles auto-triage; runs local checks', async () => {
    const world = await makeCiWorld({ token: 'ghp_revokedrevokedrevokedrevoked0000', config: { check: 'node -e "process.exit(0)"' } });
    const env = { ...world.env, AGENT_ORCHESTRATOR_HOME: world.home };
    const refused = await runCli(['ci', '--repo', world.repo, '--json'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refused the token (401: Bad credentials');
    expect(refused.stderr + refused.stdout).not.toContain('ghp_revoked');

    const on = await runCli(['ci', 'auto-triage', 'on', world.worktree], env);
    expect(on).toMatchObject({ code: 0, stdout: 'auto-triage on for feat/one\n' });
    // The repository's check command is code it brings: refused until trusted, then run.
    const untrusted = await runCli(['ci', 'check', world.worktree], env);
    expect(untrusted.stdout + untrusted.stderr).toContain('not trusted');
    expect((await runCli(['trust', '--yes', '--repo', world.repo], env)).code).toBe(0);
    const check = await runCli(['ci', 'check', world.worktree], env);
    expect(check.stdout).toContain('✓ 1 check command passed');
    expect(check.code).toBe(0);
    const notAWorktree = await runCli(['ci', 'check', path.join(world.root, 'nowhere')], env);
    expect(notAWorktree.code).toBe(1);
    const usage = await runCli(['ci', 'auto-triage', 'maybe'], env);
    expect(usage.code).toBe(2);
  }, CLI_TEST_MS);
});

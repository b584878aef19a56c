/**
 * `agent-orchestrator worktree …` as a real child process on a real repository.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI, runCli } from '../../helpers/cli.ts';
import { git, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

/** Each step spawns the CLI (through tsx before a build): seconds apiece on a loaded 2-core machine. */
const CLI_TEST_MS = 90_000;

function setup() {
  const root = makeTempDir('ao-cli-wt-');
  const repo = makeRepo({ path: path.join(root, 'app'), files: { '.gitignore': '.env\n', 'README.md': '# app\n' } });
  writeFileSync(path.join(repo, '.env'), 'KEY=1\n');
  writeFileSync(path.join(repo, '.worktreeinclude'), '.env\n');
  writeFileSync(path.join(repo, 'agent-orchestrator.json'), JSON.stringify({ setup: 'echo "setup saw PORT=$PORT"', ports: 2 }));
  const env = { AGENT_ORCHESTRATOR_HOME: path.join(root, 'home') };
  return { root, repo, env, cli: (...args: string[]) => runCli(['worktree', ...args, '--repo', repo], env) };
}

describe('agent-orchestrator worktree', () => {
  it('creates with a streamed setup, lists, archives, restores and removes', async () => {
    const { root, repo, cli } = setup();
    const created = await cli('create', 'cli feature', '--target', 'main', '--trust');
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('setup command:    echo "setup saw PORT=$PORT"');
    // One slug rule: the folder is cli-feature, like the branch.
    const wt = path.join(root, 'app.worktrees', 'cli-feature');
    expect(created.stdout).toContain(`Created ${wt} on branch cli-feature (target main)`);
    expect(created.stdout).toMatch(/setup saw PORT=\d+/);
    expect(readFileSync(path.join(wt, '.env'), 'utf8')).toBe('KEY=1\n');
    expect(git(repo, 'config', '--get', 'branch.cli-feature.agentOrchestratorTarget')).toBe('main');

    const listed = await cli('list', '--json');
    expect(listed.code).toBe(0);
    const worktrees = JSON.parse(listed.stdout) as Array<{ path: string; branch: string; target: string | null; bootstrap: { status: string } | null; ports: number[] }>;
    expect(worktrees.find((w) => w.path === wt)).toMatchObject({ branch: 'cli-feature', target: 'main', bootstrap: { status: 'ready' } });
    expect(worktrees.find((w) => w.path === wt)?.ports).toHaveLength(2);

    writeFileSync(path.join(wt, 'wip.txt'), 'work in progress\n');
    const refused = await cli('remove', 'cli feature');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('1 uncommitted change;');
    expect(existsSync(path.join(wt, 'wip.txt'))).toBe(true);

    const archived = await cli('archive', 'cli feature', '--json');
    expect(archived.code).toBe(0);
    expect(JSON.parse(archived.stdout).archive).toMatchObject({ name: 'cli-feature', branch: 'cli-feature', hasChanges: true });
    expect(existsSync(wt)).toBe(false);

    const restored = await cli('restore', 'cli-feature', '--no-bootstrap');
    expect(restored.code).toBe(0);
    expect(readFileSync(path.join(wt, 'wip.txt'), 'utf8')).toBe('work in progress\n');

    const removed = await cli('remove', wt, '--force', '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ path: wt, branch: 'cli-feature', branchDeleted: false });
    expect(existsSync(wt)).toBe(false);
  }, 120_000);

  it('runs nothing the repository brings until it is trusted, and asks again when the config changes', async () => {
    const { root, repo, cli, env } = setup();
    const marker = path.join(root, 'setup-ran');
    writeFileSync(path.join(repo, 'agent-orchestrator.json'), JSON.stringify({ setup: `touch '${marker}'` }));
    const untrusted = await cli('create', 'first');
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toContain(`not run: touch '${marker}'`);
    expect(untrusted.stderr).toContain('not trusted');
    expect(existsSync(marker)).toBe(false);

    const shown = await runCli(['trust', '--repo', repo], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('NOT trusted');
    expect(shown.stdout).toContain(`setup command:    touch '${marker}'`);
    const granted = await runCli(['trust', '--repo', repo, '--yes'], env);
    expect(granted.code).toBe(0);
    const trusted = await cli('create', 'second');
    expect(trusted.code).toBe(0);
    expect(existsSync(marker)).toBe(true);

    // A pulled change to the file asks again.
    rmSync(marker);
    writeFileSync(path.join(repo, 'agent-orchestrator.json'), JSON.stringify({ setup: `touch '${marker}'; echo changed` }));
    const changed = await runCli(['trust', '--repo', repo, '--json'], env);
    expect(JSON.parse(changed.stdout)).toMatchObject({ trusted: false, changedSinceTrusted: true });
    expect((await cli('create', 'third')).code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  }, 120_000);

  it('reports typed errors with exit code 1 (and JSON with --json), usage errors with 2', async () => {
    const { cli, repo, root } = setup();
    const invalid = await cli('create', 'x', '--branch', '$(touch pwned)', '--json');
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout)).toEqual({ error: { kind: 'INVALID_BRANCH_NAME', branch: '$(touch pwned)' } });
    expect(invalid.stderr).toContain("'$(touch pwned)' is not a valid git branch name");
    expect(existsSync(path.join(root, 'pwned'))).toBe(false);
    expect(existsSync(path.join(repo, 'pwned'))).toBe(false);

    const dashed = await cli('create', '-x');
    expect(dashed.code).toBe(2);

    const missingBase = await cli('create', 'y', '--from', 'no-such-branch');
    expect(missingBase.code).toBe(1);
    expect(missingBase.stderr).toContain("no branch, commit or worktree called 'no-such-branch'");

    const usage = await cli('frobnicate');
    expect(usage.code).toBe(2);

    writeFileSync(path.join(repo, 'agent-orchestrator.json'), '{"ports": "many"}');
    const config = await cli('config');
    expect(config.code).toBe(1);
    expect(config.stderr).toContain('agent-orchestrator.json: "ports"');
  }, CLI_TEST_MS);

  it('refuses a repository with no commits', async () => {
    const root = makeTempDir('ao-cli-empty-');
    const repo = makeRepo({ path: path.join(root, 'empty'), commits: 0 });
    const result = await runCli(['worktree', 'create', 'x', '--repo', repo], { AGENT_ORCHESTRATOR_HOME: path.join(root, 'home') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('has no commits yet');
    rmSync(root, { recursive: true, force: true });
  }, CLI_TEST_MS);

  it('shows and prunes a worktree whose folder was deleted', async () => {
    const { root, cli } = setup();
    expect((await cli('create', 'gone', '--no-bootstrap')).code).toBe(0);
    const wt = path.join(root, 'app.worktrees', 'gone');
    rmSync(wt, { recursive: true, force: true });
    const listed = await cli('list');
    expect(listed.stdout).toMatch(/gone\s+gone\s+main\s+missing/);
    const pruned = await cli('prune', 'gone');
    expect(pruned.code).toBe(0);
    expect((await cli('list')).stdout).not.toContain('gone');
  }, CLI_TEST_MS);

  it('finishes the setup when its reader closes the pipe (`worktree create … | head`)', async () => {
    const { root, repo, env } = setup();
    const marker = path.join(root, 'setup-finished');
    // Many lines, then a pause (the reader is gone by then), more output, then the marker.
    writeFileSync(path.join(repo, 'agent-orchestrator.json'), JSON.stringify({ setup: `for i in $(seq 1 300); do echo line $i; done; sleep 1; echo more; touch '${marker}'` }));
    const child = spawn(process.execPath, [CLI, 'worktree', 'create', 'piped', '--trust', '--repo', repo], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Like `head -1`: read the first chunk, then close the read end.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (exit) => resolve(exit)));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const listed = await runCli(['worktree', 'list', '--json', '--repo', repo], env);
    const worktrees = JSON.parse(listed.stdout) as Array<{ path: string; bootstrap: { status: string } | null }>;
    expect(worktrees.find((w) => w.path.endsWith('piped'))?.bootstrap?.status).toBe('ready');
  }, 60_000);
});

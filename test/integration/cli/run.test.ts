/**
 * The quick start users arrive with, verbatim (issue 11):
 *
 *     git worktree add ../feature-auth -b feature/auth-system
 *     git worktree add ../fix-bug -b fix/memory-leak
 *     agent-orchestrator run --worktrees ../feature-auth ../fix-bug --auto-handle-ci
 *
 * on a real repository, with the fake `codex` on PATH and the fake GitHub API: both agents run,
 * a failing check on fix-bug reaches only that agent, once; `status --json` reports both; `send`
 * and `attach` reach an agent; a second `run` hands its agent to the running engine; Ctrl-C stops
 * the agents and leaves no process behind.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../../helpers/cli.ts';
import { processesUnder, until } from '../../helpers/processes.ts';
import { startFakeGitHub, type FakeGitHub } from '../../helpers/fake-github.ts';
import { git, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

const FAKE_BIN = path.resolve('test/fixtures/agents/bin');

interface Recorded {
  cwd: string;
  prompt: string;
}

function recorded(file: string): Recorded[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
}



describe('agent-orchestrator run (the quick start, verbatim)', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('runs both agents, triages a failing check into the right one once, and stops cleanly on Ctrl-C', async () => {
    const root = realpathSync(makeTempDir('ao-run-'));
    const repo = makeRepo({ path: path.join(root, 'app'), files: { 'README.md': '# app\n' } });
    // A GitHub origin (never fetched: the fake API stands in for github.com).
    git(repo, 'remote', 'add', 'origin', 'https://github.com/acme/widgets.git');
    git(repo, 'worktree', 'add', '../feature-auth', '-b', 'feature/auth-system');
    git(repo, 'worktree', 'add', '../fix-bug', '-b', 'fix/memory-leak');
    const fixBug = path.join(root, 'fix-bug');
    const featureAuth = path.join(root, 'feature-auth');

    const github: FakeGitHub = await startFakeGitHub();
    cleanups.push(() => github.close());
    const remote = github.repo('acme', 'widgets');
    const fixSha = git(fixBug, 'rev-parse', 'HEAD');
    remote.addPull({ head: 'fix/memory-leak', base: 'main', headSha: fixSha });
    remote.setCheck(fixSha, 'unit tests', {
      status: 'completed',
      conclusion: 'failure',
      failedStep: 'Run npm test',
      log: 'FAIL src/cache.test.ts\n  ● leaks the cache entries\nexpected 0 got 12\n',
    });

    const record = path.join(root, 'prompts.jsonl');
    const env = {
      AGENT_ORCHESTRATOR_HOME: path.join(root, 'home'),
      PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
      CODEX_HOME: path.join(root, 'codex-home'),
      CLAUDE_CONFIG_DIR: path.join(root, 'claude-home'),
      GEMINI_DIR: path.join(root, 'gemini-home'),
      GITHUB_API_URL: github.apiUrl,
      GITHUB_TOKEN: github.token,
      AGENT_ORCHESTRATOR_CI_POLL_MS: '300',
      FAKE_AGENT_RECORD: record,
      FAKE_AGENT_WORK_MS: '50',
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
    };

    const run: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      [CLI, 'run', '--worktrees', '../feature-auth', '../fix-bug', '--auto-handle-ci'],
      { cwd: repo, env: { ...process.env, ...env } },
    );
    let out = '';
    let err = '';
    run.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => run.once('exit', (code) => resolve(code)));
    cleanups.push(() => (run.exitCode === null ? run.kill('SIGKILL') : undefined));

    await until('run to start both agents', () => out.includes('Started 2 agents') || run.exitCode !== null);
    expect(err).toContain('Running headless: no display');
    expect(out).toMatch(/Web UI: http:\/\/127\.0\.0\.1:\d+\/#token=/);
    expect(out).toContain(`codex in ${featureAuth} (feature/auth-system)`);
    expect(out).toContain(`codex in ${fixBug} (fix/memory-leak)`);

    // status --json, from another terminal.
    const status = await runCli(['status', '--json'], env);
    expect(status.stderr).toBe('');
    const parsed = JSON.parse(status.stdout) as { agents: Array<{ worktree: string; branch: string; agent: string; status: string }> };
    expect(parsed.agents.map((agent) => [agent.worktree, agent.branch, agent.agent]).sort()).toEqual([
      [featureAuth, 'feature/auth-system', 'codex'],
      [fixBug, 'fix/memory-leak', 'codex'],
    ]);

    // The failing check reaches the fix-bug agent — and only it, only once.
    const triage = await until('the triage prompt', () => recorded(record).find((entry) => entry.prompt.includes('unit tests')));
    expect(triage.cwd).toBe(fixBug);
    expect(triage.prompt).toContain('expected 0 got 12');
    // Three more polls of the same failing check: still one prompt (deduplicated by signature).
    const polled = github.requests.filter((request) => request.path.includes('/check-runs')).length;
    await until('three more CI polls', () => github.requests.filter((request) => request.path.includes('/check-runs')).length >= polled + 3);
    const ciPrompts = recorded(record).filter((entry) => entry.prompt.includes('unit tests'));
    expect(ciPrompts).toHaveLength(1);

    // send types a line into an agent.
    const sent = await runCli(['send', 'feature-auth', 'hello from send'], env);
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    const hello = await until('the sent line', () => recorded(record).find((entry) => entry.prompt.includes('hello from send')));
    expect(hello.cwd).toBe(featureAuth);

    // attach shows the agent's screen; Ctrl-] detaches and the agent keeps running.
    const attach = spawn(process.execPath, [CLI, 'attach', 'fix-bug'], { env: { ...process.env, ...env } });
    let attachOut = '';
    let attachErr = '';
    attach.stdout.on('data', (chunk: Buffer) => (attachOut += chunk.toString()));
    attach.stderr.on('data', (chunk: Buffer) => (attachErr += chunk.toString()));
    await until('the agent screen in attach', () => attachOut.includes('›'));
    attach.stdin.write(Buffer.from([0x1d]));
    const attachCode = await new Promise((resolve) => attach.once('exit', resolve));
    expect(attachCode).toBe(0);
    expect(attachErr).toContain('detached; the agent keeps running');

    // A second run hands its agent to the running engine instead of starting another.
    const second = await runCli(['run', '--worktrees', featureAuth, '--agent', 'codex'], env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Started 1 agent in the running engine');
    const after = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { agents: unknown[] };
    expect(after.agents).toHaveLength(3);

    // Ctrl-C: the agents this run started stop, the engine exits, nothing is left running.
    run.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out.slice(-1500)).toMatch(/Interrupted: stopped Codex CLI in (feature-auth|fix-bug), Codex CLI in (feature-auth|fix-bug)\./);
    await until('no process left in the worktrees', () => processesUnder(root).length === 0, 15_000).catch(() => undefined);
    expect(processesUnder(root)).toEqual([]);
    expect(existsSync(path.join(env.AGENT_ORCHESTRATOR_HOME, 'engine.json'))).toBe(false);
  }, 300_000);

  it('says in one line what is wrong: not a worktree, a missing agent, no engine for status/send/attach', async () => {
    const root = realpathSync(makeTempDir('ao-run-bad-'));
    const repo = makeRepo({ path: path.join(root, 'app') });
    const env = { AGENT_ORCHESTRATOR_HOME: path.join(root, 'home'), PATH: process.env.PATH ?? '', DISPLAY: '' };

    const notRepo = await runCli(['run', '--worktrees', root, '--headless'], env);
    expect(notRepo.code).toBe(1);
    expect(notRepo.stderr.trim().split('\n')).toHaveLength(1);
    expect(notRepo.stderr).toContain('is not inside a git repository');

    const missing = await runCli(['run', '--worktrees', repo, '--headless', '--agent', 'gemini'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/gemini is not installed; install it with: .*@google\/gemini-cli/);

    const usage = await runCli(['run'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--worktrees PATH');

    for (const command of [['status'], ['send', 'app', 'hi'], ['attach', 'app']]) {
      const none = await runCli(command, env);
      expect(none.code).toBe(1);
      expect(none.stderr).toContain('no engine is running');
    }
    // Nothing was left running or advertised.
    expect(existsSync(path.join(root, 'home', 'engine.json'))).toBe(false);
  }, 120_000);
});

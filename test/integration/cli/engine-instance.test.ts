/**
 * One engine per data folder: `engine.json`, the lock, and the CLI as a client of the running
 * engine (issue 8). Real `serve` and CLI processes on real repositories.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { runCli, startServe } from '../../helpers/cli.ts';
import { makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

/** Each step spawns the CLI (through tsx before a build): seconds apiece on a loaded 2-core machine. */
const CLI_TEST_MS = 90_000;

interface EngineJson {
  baseUrl: string;
  port: number;
  token: string;
  pid: number;
  owner: string;
}

const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

function setup() {
  const root = makeTempDir('ao-instance-');
  const home = path.join(root, 'home');
  const repo = makeRepo({ path: path.join(root, 'app'), files: { 'README.md': '# app\n' } });
  // $PPID of the setup's shell is the process that runs the setup: the engine that did the work.
  writeFileSync(path.join(repo, 'agent-orchestrator.json'), JSON.stringify({ setup: 'echo "setup ran under $PPID"' }));
  return { root, home, repo, env: { AGENT_ORCHESTRATOR_HOME: home } };
}

async function serve(env: Record<string, string>) {
  const started = await startServe([], env);
  stops.push(started.stop);
  return started;
}

const readEngineJson = (home: string): EngineJson => JSON.parse(readFileSync(path.join(home, 'engine.json'), 'utf8')) as EngineJson;

describe('one engine per data folder', () => {
  it('advertises itself owner-only in engine.json, refuses a second engine, and cleans up on exit', async () => {
    const { home, env } = setup();
    const first = await serve(env);
    const record = readEngineJson(home);
    expect(record.pid).toBe(first.child.pid);
    expect(first.line).toBe(`Listening on ${record.baseUrl}/#token=${record.token}`);
    expect(record.owner).toBe('serve');
    expect(statSync(path.join(home, 'engine.json')).mode & 0o777).toBe(0o600);

    const second = await runCli(['serve'], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`an engine already serves ${home} (pid ${record.pid}, ${record.baseUrl})`);
    // The refused engine did not touch the running one's file.
    expect(readEngineJson(home).pid).toBe(record.pid);

    expect(await first.stop()).toBe(0);
    expect(existsSync(path.join(home, 'engine.json'))).toBe(false);
  }, CLI_TEST_MS);

  it('runs CLI commands in the running engine, so the app sees them at once', async () => {
    const { home, repo, env } = setup();
    const server = await serve(env);
    const record = readEngineJson(home);
    // A client of the running engine, as the open app would be: it must hear of the new worktree.
    const socket = new WebSocket(`${record.baseUrl.replace('http', 'ws')}/rpc?token=${record.token}`);
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.close();

    const created = await runCli(['worktree', 'create', 'remote-one', '--trust', '--repo', repo], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`setup ran under ${server.child.pid}`);

    const listed = await runCli(['worktree', 'list', '--json', '--repo', repo], env);
    const worktrees = JSON.parse(listed.stdout) as Array<{ branch: string; bootstrap: { status: string } | null }>;
    expect(worktrees.find((w) => w.branch === 'remote-one')?.bootstrap?.status).toBe('ready');
  }, CLI_TEST_MS);

  it('runs the command in-process when no engine serves the folder', async () => {
    const { repo, env } = setup();
    const created = await runCli(['worktree', 'create', 'local-one', '--trust', '--repo', repo], env);
    expect(created.code).toBe(0);
    const ppid = /setup ran under (\d+)/.exec(created.stdout)?.[1];
    expect(ppid).toBeDefined();
    // Not the engine of another process: the CLI itself ran the setup (its pid is the shell's parent).
    expect(existsSync(path.join(env.AGENT_ORCHESTRATOR_HOME, 'engine.json'))).toBe(false);
  }, CLI_TEST_MS);

  it('recovers at once from an engine that was killed: stale engine.json and lock are replaced', async () => {
    const { home, repo, env } = setup();
    const first = await serve(env);
    const killed = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await killed;
    stops.pop(); // nothing left to stop
    expect(readEngineJson(home).pid).toBe(first.child.pid); // left behind by the crash

    // The CLI does not try to talk to the dead engine…
    const listed = await runCli(['worktree', 'list', '--repo', repo], env);
    expect(listed.code).toBe(0);
    // …and a new engine starts without waiting for the lock to go stale.
    const second = await serve(env);
    expect(readEngineJson(home).pid).toBe(second.child.pid);
  }, CLI_TEST_MS);

  it('keeps the token and port across restarts, and makes a new token when asked', async () => {
    const { home, env } = setup();
    const first = await serve(env);
    const before = readEngineJson(home);
    await first.stop();
    stops.pop();
    const second = await serve(env);
    expect(second.line).toBe(first.line);
    await second.stop();
    stops.pop();
    const rotated = await startServe(['--new-token'], env);
    stops.push(rotated.stop);
    const after = readEngineJson(home);
    expect(after.token).not.toBe(before.token);
    expect(after.port).toBe(before.port);
    expect(statSync(path.join(home, 'web.json')).mode & 0o777).toBe(0o600);
  }, CLI_TEST_MS);

  it('says in one line when the port asked for is taken', async () => {
    const { env } = setup();
    const first = await serve(env);
    const port = readEngineJson(env.AGENT_ORCHESTRATOR_HOME).port;
    const otherHome = { AGENT_ORCHESTRATOR_HOME: `${env.AGENT_ORCHESTRATOR_HOME}-other` };
    const busy = await runCli(['serve', '--port', String(port)], otherHome);
    expect(busy.code).toBe(1);
    expect(busy.stderr.trim()).toBe(`agent-orchestrator serve: port ${port} is already in use; pick another with --port, or omit it`);
    expect(first.child.exitCode).toBeNull();
  }, CLI_TEST_MS);
});

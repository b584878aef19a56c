/**
 * `run` and its companions when something outside them goes wrong (issue 11, item 3): a busy
 * port, and an engine that stops mid-run (killed, as a crash would). Each is one line on stderr
 * and a non-zero exit; nothing is left running or advertised.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../../helpers/cli.ts';
import { processesUnder, until } from '../../helpers/processes.ts';
import { makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

const FAKE_BIN = path.resolve('test/fixtures/agents/bin');

function worldEnv(root: string): NodeJS.ProcessEnv {
  return {
    AGENT_ORCHESTRATOR_HOME: path.join(root, 'home'),
    PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    CODEX_HOME: path.join(root, 'codex-home'),
    FAKE_AGENT_WORK_MS: '50',
    DISPLAY: '',
    WAYLAND_DISPLAY: '',
  };
}

/** A child CLI process with its output collected, and a promise of its exit code. */
function spawnCli(args: string[], env: NodeJS.ProcessEnv, cwd?: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, ...(cwd ? { cwd } : {}) });
  const output = { out: '', err: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  /** Resolves once `text` was printed (or rejects when the process exits first). */
  const printed = (text: string, stream: 'out' | 'err' = 'out'): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (output[stream].includes(text)) {
          child[stream === 'out' ? 'stdout' : 'stderr'].off('data', check);
          resolve();
        }
      };
      child[stream === 'out' ? 'stdout' : 'stderr'].on('data', check);
      void exited.then(() => (output[stream].includes(text) ? resolve() : reject(new Error(`exited before printing ${text}: ${output.err}`))));
      check();
    });
  return { child, output, exited, printed };
}



function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('run when the world misbehaves', () => {
  const cleanups: Array<() => unknown> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('a busy --port: one line, exit 1, no engine left advertised and no agent started', async () => {
    const root = realpathSync(makeTempDir('ao-run-port-'));
    const repo = makeRepo({ path: path.join(root, 'app') });
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => squatter.close(resolve)));
    const port = (squatter.address() as { port: number }).port;
    const env = { ...worldEnv(root), FAKE_AGENT_RECORD: path.join(root, 'prompts.jsonl') };

    const busy = await runCli(['run', '--worktrees', repo, '--headless', '--port', String(port), '--prompt', 'hi'], env);
    expect(busy.code).toBe(1);
    const lines = busy.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`agent-orchestrator run: port ${port} is already in use; pick another with --port, or omit it`);
    expect(existsSync(path.join(root, 'home', 'engine.json'))).toBe(false);
    // No agent ran: the fake records every prompt it is given.
    expect(existsSync(path.join(root, 'prompts.jsonl'))).toBe(false);
  }, 60_000);

  it('an engine that stops mid-run: attach says so in one line and exits 1; status then finds none', async () => {
    const root = realpathSync(makeTempDir('ao-run-crash-'));
    const repo = makeRepo({ path: path.join(root, 'app') });
    const env = worldEnv(root);

    const run = spawnCli(['run', '--worktrees', repo, '--headless'], env);
    cleanups.push(() => (run.child.exitCode === null ? run.child.kill('SIGKILL') : undefined));
    await run.printed('Started 1 agent');

    // attach, with its stdin left open (a terminal), shows the agent's screen.
    const attach = spawnCli(['attach', 'app'], env);
    cleanups.push(() => (attach.child.exitCode === null ? attach.child.kill('SIGKILL') : undefined));
    await attach.printed('›');

    // The engine dies the way a crash would: no clean exit, engine.json left behind.
    run.child.kill('SIGKILL');
    await run.exited;
    expect(existsSync(path.join(root, 'home', 'engine.json'))).toBe(true);

    expect(await attach.exited).toBe(1);
    // The agent lost its terminal with the engine (the PTY's hang-up): nothing runs in the worktree.
    await until('the crashed engine\'s agent to go', () => processesUnder(repo).length === 0, 20_000);
    expect(processesUnder(repo)).toEqual([]);
    expect(attach.output.err.trim().split('\n').filter(Boolean)).toEqual(['[the engine closed the connection]']);

    // The stale endpoint file names a dead process: commands say no engine runs, in one line.
    for (const command of [['status'], ['send', 'app', 'hello']]) {
      const none = await runCli(command, env);
      expect(none.code).toBe(1);
      expect(none.stderr.trim().split('\n')).toHaveLength(1);
      expect(none.stderr).toContain('no engine is running');
    }
    // A new run replaces the stale file and serves again.
    const again = spawnCli(['run', '--worktrees', repo, '--headless'], env);
    cleanups.push(() => (again.child.exitCode === null ? again.child.kill('SIGKILL') : undefined));
    await again.printed('Started 1 agent');
    const status = await runCli(['status', '--json'], env);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { agents: Array<{ worktree: string }> };
    expect(parsed.agents.map((agent) => agent.worktree)).toContain(repo);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
    expect(isAlive(again.child.pid!)).toBe(false);
  }, 180_000);
});

/**
 * `agent-orchestrator run --worktrees PATH... [--agent NAME|CMD] [--prompt TEXT | --prompt-file
 * FILE] [--auto-handle-ci] [--headless] [--port N]`: one agent per worktree, at once.
 *
 * The quick start users arrive with, verbatim:
 *
 *     git worktree add ../feature-auth -b feature/auth-system
 *     git worktree add ../fix-bug -b fix/memory-leak
 *     agent-orchestrator run --worktrees ../feature-auth ../fix-bug --auto-handle-ci
 *
 * - An engine already serves the data folder (the desktop app, `serve`, another `run`): the
 *   agents start there and this command returns; they are that engine's now.
 * - Else, where the desktop app can start, it opens and the agents start in its engine.
 * - Else (`--headless`, no display, no Electron binary — said in one line) the engine runs here:
 *   the web UI's URL, then a live table until Ctrl-C, which stops the agents this run started.
 * Exit codes: 0 done, 1 a path, agent, port or engine problem (one line), 2 wrong usage.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import type * as ElectronBinary from '../../../../scripts/electron-binary.mjs';
import type { AppError } from '../../../shared/errors.ts';
import { MAX_PROMPT_CHARS } from '../../../shared/protocol/limits.ts';
import type { EngineClient } from '../../../shared/protocol/index.ts';
import { connectEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags, parsePort } from '../parse-flags.ts';
import { UsageError } from '../usage-error.ts';
import { decideLaunchMode } from '../run/launch-mode.ts';
import { runLiveView } from '../run/live-view.ts';
import { resolveAgent, resolveTargets, startAgents, type RunPlan } from '../run/start-agents.ts';
import { processIo, type Io } from '../io.ts';
import { plural } from '../../../shared/plural.ts';
import { RUN_HELP } from '../command-help.ts';

type ElectronBinaryModule = typeof ElectronBinary;

/** How long the desktop app may take to start its engine. */
const DESKTOP_START_TIMEOUT_MS = 60_000;

export async function runCommand(args: string[], io: Io = processIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(RUN_HELP);
    return 0;
  }
  const { values, positionals } = parseFlags(
    args,
    {
      worktrees: { type: 'string', multiple: true },
      agent: { type: 'string' },
      prompt: { type: 'string' },
      'prompt-file': { type: 'string' },
      'auto-handle-ci': { type: 'boolean' },
      headless: { type: 'boolean' },
      port: { type: 'string' },
    },
    true,
  );
  // `--worktrees a b`: parseArgs takes the first value, the rest arrive as positionals.
  const paths = [...(values.worktrees ?? []), ...positionals];
  if (paths.length === 0) throw new UsageError('give the worktrees to start agents in: --worktrees PATH...');
  if (values.prompt !== undefined && values['prompt-file'] !== undefined) throw new UsageError('give --prompt or --prompt-file, not both');
  const port = values.port === undefined ? null : parsePort(values.port);
  const prompt = values['prompt-file'] !== undefined ? await readPromptFile(values['prompt-file']) : values.prompt;
  const fail = (error: AppError | string): number => {
    io.err(`agent-orchestrator run: ${typeof error === 'string' ? error : errorText(error)}\n`);
    return 1;
  };
  if (prompt !== undefined && prompt.length > MAX_PROMPT_CHARS) return fail(`the prompt is longer than ${MAX_PROMPT_CHARS} characters`);

  const request = { paths, agent: values.agent ?? 'codex', prompt, autoHandleCi: values['auto-handle-ci'] === true };
  // Imported here, not at the top: `run --help` and usage errors load no engine code.
  const { defaultHome, findRunningEngine } = await import('../../engine/discovery.ts');
  const home = defaultHome();

  // 1. An engine serves this data folder already: hand the agents to it.
  if (await findRunningEngine(home)) return handOff(request, io, fail);

  // 2. The desktop app, where it can start.
  const mode = decideLaunchMode({
    headlessFlag: values.headless === true,
    platform: process.platform,
    env: process.env,
    electron: await findElectron(),
  });
  if (mode.mode === 'desktop') {
    const started = await startDesktop(mode.electron, home);
    if (started) return handOff(request, io, fail, 'the desktop app');
    io.err('agent-orchestrator run: the desktop app did not start its engine in time; running headless here.\n');
  } else if (mode.reason) {
    io.err(`Running headless: ${mode.reason}.\n`);
  }

  // 3. Headless: the engine in this process.
  return runHeadless(request, port, io, fail);
}

interface RunRequest {
  paths: string[];
  agent: string;
  prompt: string | undefined;
  autoHandleCi: boolean;
}

async function readPromptFile(file: string): Promise<string> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`--prompt-file ${file} is not a readable file`);
  if (info.size > MAX_PROMPT_CHARS * 4) throw new UsageError(`--prompt-file ${file} is larger than ${MAX_PROMPT_CHARS} characters`);
  return (await readFile(file, 'utf8')).replace(/\s+$/, '');
}

/** Check everything, then start the agents; a problem starts nothing (or stops what did start). */
async function prepareAndStart(client: EngineClient, request: RunRequest): Promise<{ plan: RunPlan; started: string[]; error: AppError | null }> {
  const cols = process.stdout.columns && process.stdout.columns > 20 ? process.stdout.columns : 120;
  const rows = process.stdout.rows && process.stdout.rows > 5 ? process.stdout.rows : 32;
  const empty: RunPlan = { targets: [], agentId: request.agent, prompt: request.prompt, autoHandleCi: request.autoHandleCi, cols, rows };
  const targets = await resolveTargets(client, request.paths);
  if (!targets.ok) return { plan: empty, started: [], error: targets.error };
  const agentId = await resolveAgent(client, request.agent, targets.value[0]!.repoId);
  if (!agentId.ok) return { plan: empty, started: [], error: agentId.error };
  const plan: RunPlan = { ...empty, targets: targets.value, agentId: agentId.value };
  const { started, error } = await startAgents(client, plan);
  if (error) {
    // All or nothing: a half-started run would leave agents nobody asked for.
    for (const session of started) await client.terminals.kill({ sessionId: session.sessionId }).catch(() => undefined);
    return { plan, started: [], error };
  }
  return { plan, started: started.map((session) => session.sessionId), error: null };
}

function startedLines(plan: RunPlan): string {
  return plan.targets.map((target) => `  ${plan.agentId} in ${target.path}${target.branch ? ` (${target.branch})` : ''}\n`).join('');
}

async function handOff(request: RunRequest, io: Io, fail: (error: AppError | string) => number, where = 'the running engine'): Promise<number> {
  const engine = await connectEngine({ requireRunning: true }).catch((error: { error?: AppError }) => error);
  if (!('client' in engine)) return fail(engine.error ?? 'no engine to connect to');
  try {
    const { plan, error } = await prepareAndStart(engine.client, request);
    if (error) return fail(error);
    io.out(`Started ${plural(plan.targets.length, 'agent')} in ${where} (${engine.remote?.baseUrl ?? ''}):\n${startedLines(plan)}`);
    io.out(`They keep running there. 'agent-orchestrator status' shows them; 'attach' and 'send' reach them.\n`);
    return 0;
  } finally {
    await engine.close();
  }
}

async function runHeadless(request: RunRequest, port: number | null, io: Io, fail: (error: AppError | string) => number): Promise<number> {
  // Lazily: a hand-off to a running engine never loads the engine's code.
  const [{ startServing }, { createRouterClient }] = await Promise.all([import('../serving.ts'), import('@orpc/server')]);
  // Advertised at once (status, attach and send from another terminal), before agents start.
  const serving = await startServing({ owner: 'run', port });
  if (!serving.ok) return serving.running ? handOff(request, io, fail) : fail(serving.reason);
  const { engine, server } = serving;
  const client = createRouterClient(engine.router) as unknown as EngineClient;
  const shutdown = async (): Promise<void> => {
    await server.close();
    await engine.dispose();
  };

  const prepared = await prepareAndStart(client, request);
  if (prepared.error) {
    await shutdown();
    return fail(prepared.error);
  }
  io.out(`Web UI: ${server.baseUrl}/#token=${server.token}\n`);
  io.out(`Started ${plural(prepared.plan.targets.length, 'agent')}:\n${startedLines(prepared.plan)}`);
  io.out(`Ctrl-C stops them. From another terminal: 'agent-orchestrator status', 'attach', 'send'.\n\n`);

  const stopView = new AbortController();
  const sessionIds = new Set(prepared.started);
  const branches = new Map(prepared.plan.targets.map((target) => [target.path, target.branch]));
  const view = runLiveView(
    {
      client,
      sessionIds,
      branches,
      write: io.out,
      tty: process.stdout.isTTY === true,
      columns: () => process.stdout.columns ?? 120,
    },
    stopView.signal,
  );

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGHUP', () => resolve('SIGHUP'));
  });
  // A second signal while stopping: stop now.
  const hurry = (): never => process.exit(130);
  process.once('SIGINT', hurry);
  process.once('SIGTERM', hurry);
  stopView.abort();
  await view;
  const agents = await client.agents.list();
  const stopped: string[] = [];
  for (const sessionId of sessionIds) {
    const agent = agents.find((candidate) => candidate.sessionId === sessionId);
    if (!agent || agent.status === 'exited') continue;
    // The agent's process group gets the hang-up a closed terminal would give it; the service
    // waits for it to exit (and kills it after a grace period) before answering.
    await client.terminals.kill({ sessionId });
    stopped.push(`${agent.agentName} in ${path.basename(agent.cwd)}`);
  }
  io.out(`\n${signal === 'SIGINT' ? 'Interrupted' : `Got ${signal}`}: stopped ${stopped.length === 0 ? 'no running agents' : stopped.join(', ')}.\n`);
  await shutdown();
  return 0;
}

/** The app's folder (the one with its package.json), from sources or from the bundle. */
async function appRoot(): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const text = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => '');
    if (text.includes('"name": "agent-orchestrator"')) return dir;
    dir = path.dirname(dir);
  }
  return dir;
}

/** The Electron executable of a source checkout, found without downloading (else why not). */
async function findElectron(): Promise<{ path: string } | { path: null; reason: string }> {
  const root = await appRoot();
  const script = path.join(root, 'scripts', 'electron-binary.mjs');
  if (!(await stat(script).catch(() => null))) return { path: null, reason: 'the desktop app is not installed with this command' };
  try {
    const { probeElectronBinary } = (await import(script)) as ElectronBinaryModule;
    const probe = await probeElectronBinary({ cwd: root });
    return probe.path ? { path: probe.path } : { path: null, reason: probe.reason };
  } catch (error) {
    return { path: null, reason: `could not look for Electron (${(error as Error).message})` };
  }
}

/** Start the desktop app on this data folder and wait until its engine serves it. */
async function startDesktop(electron: string, home: string): Promise<boolean> {
  const root = await appRoot();
  const child = spawn(electron, [root], { detached: true, stdio: 'ignore', env: { ...process.env, AGENT_ORCHESTRATOR_HOME: home } });
  child.on('error', () => undefined);
  child.unref();
  const { findRunningEngine } = await import('../../engine/discovery.ts');
  const deadline = Date.now() + DESKTOP_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await findRunningEngine(home)) return true;
    if (child.exitCode !== null) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

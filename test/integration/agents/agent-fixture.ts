/**
 * A real engine whose PATH finds the fake agents (test/fixtures/agents/bin), with their logs in
 * temporary CODEX_HOME / CLAUDE_CONFIG_DIR / GEMINI_CLI_HOME / XDG_DATA_HOME (OpenCode) folders,
 * a repository with two worktrees, and recorders for agent changes and notifications.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { startEngine, type Engine, type EngineOptions } from '../../../src/main/engine/index.ts';
import type { AgentNotification, AgentSession, AgentStatus } from '../../../src/shared/protocol/agents.ts';
import type { Settings } from '../../../src/shared/protocol/settings.ts';
import { addWorktree, makeCommit, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

export const FAKE_AGENTS_BIN = path.resolve('test/fixtures/agents/bin');

/** Quiescence for tests: short, so screen-inferred statuses settle quickly. */
export const TEST_QUIESCENCE_MS = 700;

export interface AgentWorld {
  home: string;
  env: NodeJS.ProcessEnv;
  repo: string;
  /** Linked worktrees on `feat/one` and `feat/two`. */
  worktrees: [string, string];
  codexHome: string;
  claudeHome: string;
  /** Gemini's `.gemini` folder (under GEMINI_CLI_HOME, as Gemini CLI puts it). */
  geminiDir: string;
  /** OpenCode's storage folder (under XDG_DATA_HOME). */
  opencodeStorage: string;
}

export interface RunningEngine {
  engine: Engine;
  notifications: AgentNotification[];
  repoId: string;
  agent(sessionId: string): AgentSession | undefined;
  waitForStatus(sessionId: string, status: AgentStatus, timeoutMs?: number): Promise<AgentSession>;
  waitForScreen(sessionId: string, text: string | RegExp, timeoutMs?: number): Promise<string>;
  screen(sessionId: string): string;
  /** Every status a session went through, in order (deduplicated). */
  history(sessionId: string): AgentStatus[];
  stop(): Promise<void>;
}

const running = new Set<RunningEngine>();

afterEach(async () => {
  await Promise.all([...running].map((e) => e.stop()));
});

/** A repository with two worktrees and the fake agents on PATH. */
export function makeWorld(options: { workMs?: number } = {}): AgentWorld {
  const root = makeTempDir('ao-agents-');
  const repo = makeRepo({ path: path.join(root, 'acme') });
  makeCommit(repo, { files: { 'src/login.ts': 'export const login = () => 1;\n' }, message: 'add login' });
  const one = addWorktree(repo, path.join(root, 'wt-one'), 'feat/one');
  const two = addWorktree(repo, path.join(root, 'wt-two'), 'feat/two');
  const codexHome = path.join(root, 'codex-home');
  const claudeHome = path.join(root, 'claude-home');
  const geminiHome = path.join(root, 'gemini-home');
  const dataHome = path.join(root, 'xdg-data');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${FAKE_AGENTS_BIN}${path.delimiter}${process.env.PATH ?? ''}`,
    CODEX_HOME: codexHome,
    CLAUDE_CONFIG_DIR: claudeHome,
    GEMINI_CLI_HOME: geminiHome,
    XDG_DATA_HOME: dataHome,
    FAKE_AGENT_WORK_MS: String(options.workMs ?? 1200),
  };
  // The runner's own GEMINI_DIR would win over GEMINI_CLI_HOME in the usage sources.
  delete env.GEMINI_DIR;
  return {
    home: path.join(root, 'home'),
    env,
    repo,
    worktrees: [one, two],
    codexHome,
    claudeHome,
    geminiDir: path.join(geminiHome, '.gemini'),
    opencodeStorage: path.join(dataHome, 'opencode', 'storage'),
  };
}

/** Write settings before the engine starts (as a user would have them). */
export function writeSettings(home: string, settings: Partial<{ notifications: Partial<Settings['notifications']>; agents: Partial<Settings['agents']> }>): void {
  const data = {
    notifications: { ...settings.notifications },
    agents: { quiescenceMs: TEST_QUIESCENCE_MS, ...settings.agents },
  };
  writeFileSync(path.join(home, 'settings.json'), JSON.stringify({ version: 1, data }));
}

/**
 * Start the engine on the world and register its repository. Like a user who reviewed it, the
 * repository's current agent-orchestrator.json is trusted unless `trust` is false.
 */
export async function runEngine(world: AgentWorld, options: Omit<EngineOptions, 'home' | 'env'> & { trust?: boolean } = {}): Promise<RunningEngine> {
  mkdirSync(world.home, { recursive: true });
  if (!existsSync(path.join(world.home, 'settings.json'))) writeSettings(world.home, {});
  const { trust: trustRepo, ...engineOptions } = options;
  const engine = await startEngine({ home: world.home, env: world.env, ...engineOptions });
  const notifications: AgentNotification[] = [];
  const histories = new Map<string, AgentStatus[]>();
  const record = (): void => {
    for (const agent of engine.agents.list()) {
      const history = histories.get(agent.sessionId) ?? [];
      if (history.at(-1) !== agent.status) history.push(agent.status);
      histories.set(agent.sessionId, history);
    }
  };
  record();
  const stopAgents = engine.agents.onDidChange(record);
  const stopNotifications = engine.notifications.onNotification((n) => notifications.push(n));
  const added = await engine.repos.add(world.repo);
  const repoId = added.ok ? added.value.id : added.error.kind === 'REPO_ALREADY_ADDED' ? added.error.repoId : '';
  if (trustRepo !== false && repoId !== '') {
    const shown = await engine.trust.get(repoId);
    // Only a repository with a config has anything to trust.
    if (shown.ok && shown.value.configHash !== 'none') await engine.trust.grant(repoId, shown.value.configHash);
  }
  let stopped = false;
  const handle: RunningEngine = {
    engine,
    notifications,
    repoId,
    agent: (id) => engine.agents.list().find((a) => a.sessionId === id),
    async waitForStatus(id, status, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const agent = handle.agent(id);
        if (agent?.status === status) return agent;
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${id} to be ${status} (is ${agent?.status}); screen:\n${handle.screen(id)}`);
        }
        await sleep(20);
      }
    },
    async waitForScreen(id, text, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const screen = handle.screen(id);
        if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)} on screen:\n${screen}`);
        await sleep(20);
      }
    },
    screen(id) {
      const screen = engine.terminals.screen(id);
      return screen.ok ? screen.value.lines.join('\n') : '';
    },
    history: (id) => histories.get(id) ?? [],
    async stop() {
      if (stopped) return;
      stopped = true;
      running.delete(handle);
      stopAgents();
      stopNotifications();
      await engine.dispose();
    },
  };
  running.add(handle);
  return handle;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const SIZE = { cols: 100, rows: 30 } as const;

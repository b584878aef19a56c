/**
 * Every built-in agent profile end to end, each with its fake CLI (test/fixtures/agents) in a real
 * PTY inside a real engine: launch on a task that asks first → needs input → answered → working
 * → idle, its session logs written in the agent's own format, then an engine restart that brings
 * it back with the profile's resume arguments and a second task that runs; and its usage-limit
 * (or provider rate-limit) screen recognised as such.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILES } from '../../../src/main/engine/agents/profiles/builtin-profiles.ts';
import { detectScreenStall } from '../../../src/main/engine/usage/quota/screen-stall.ts';
import type { AgentSession } from '../../../src/shared/protocol/agents.ts';
import { makeWorld, runEngine, SIZE, sleep, type AgentWorld, type RunningEngine } from './agent-fixture.ts';

interface AgentCase {
  readonly agentId: string;
  /** The question's status detail (what the pane's screen or the hook says). */
  readonly question: RegExp;
  /** Keys a user presses to say yes. */
  readonly yes: string;
  /** The arguments a restarted engine resumes it with. */
  readonly resumeArgs: (session: AgentSession) => string[];
  /** What the resumed agent shows of the earlier session. */
  readonly resumed: (session: AgentSession) => string;
  /** Its logs after one turn in `cwd`, checked against the agent's real format. */
  readonly checkLogs: (world: AgentWorld, cwd: string, run: RunningEngine, session: AgentSession) => Promise<void>;
  /** How a restarted engine brought it back: by its session id, or the folder's newest session. */
  readonly restored: 'resumed' | 'continued';
  /** What its limit screen is: a plan's usage limit (a stall) or a provider's 429, and its text. */
  readonly limit: 'usage-limit' | 'rate-limit';
  readonly limitText: RegExp;
}

const CASES: readonly AgentCase[] = [
  {
    agentId: 'codex',
    question: /Would you like to run the following command\?/,
    yes: 'y',
    resumeArgs: (s) => ['resume', s.agentSessionId!],
    resumed: (s) => `Resumed session ${s.agentSessionId}`,
    async checkLogs(world, cwd, run, session) {
      const rollouts = filesUnder(world.codexHome).filter((f) => /rollout-.*\.jsonl$/.test(f));
      expect(rollouts).toHaveLength(1);
      const rows = jsonLines(rollouts[0]!);
      expect(rows[0]).toMatchObject({ type: 'session_meta', payload: { id: session.agentSessionId, cwd } });
      expect(rows.some((r) => r.type === 'event_msg' && (r.payload as { type?: string }).type === 'token_count')).toBe(true);
      await usageSession(run, 'codex', cwd);
    },
    restored: 'resumed',
    limit: 'usage-limit',
    limitText: /You've hit your usage limit/,
  },
  {
    agentId: 'claude',
    question: /permission to use Bash|Do you want to proceed\?/,
    yes: '1',
    resumeArgs: (s) => ['--resume', s.agentSessionId!],
    resumed: (s) => `Resumed conversation ${s.agentSessionId}`,
    async checkLogs(world, cwd, run, session) {
      const dir = path.join(world.claudeHome, 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'));
      expect(readdirSync(dir)).toEqual([`${session.agentSessionId}.jsonl`]);
      const rows = jsonLines(path.join(dir, `${session.agentSessionId}.jsonl`));
      expect(rows.map((r) => r.type)).toEqual(['user', 'assistant']);
      expect(rows[1]).toMatchObject({ sessionId: session.agentSessionId, cwd, message: { usage: { output_tokens: 240 } } });
      await usageSession(run, 'claude', cwd);
    },
    restored: 'resumed',
    limit: 'usage-limit',
    limitText: /You've hit your limit/,
  },
  {
    agentId: 'gemini',
    question: /Allow execution of|Waiting for user confirmation|Yes, allow once/,
    yes: '1',
    // Pinned at launch with --session-id (Gemini 0.61), so resumed by that id, not the latest.
    resumeArgs: (s) => ['--resume', s.agentSessionId!],
    resumed: (s) => `Resumed session ${s.agentSessionId}`,
    async checkLogs(world, cwd, run) {
      const projects = JSON.parse(readFileSync(path.join(world.geminiDir, 'projects.json'), 'utf8')) as { projects: Record<string, string> };
      const slug = projects.projects[cwd]!;
      expect(readFileSync(path.join(world.geminiDir, 'tmp', slug, '.project_root'), 'utf8')).toBe(cwd);
      const chats = readdirSync(path.join(world.geminiDir, 'tmp', slug, 'chats'));
      expect(chats).toEqual([expect.stringMatching(/^session-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-[0-9a-f]{8}\.jsonl$/)]);
      // The usage module reads the fake's chat like a real one: one request, attributed to the worktree.
      const session = await usageSession(run, 'gemini', cwd);
      expect(session.totals.requests).toBe(1);
    },
    restored: 'resumed',
    limit: 'usage-limit',
    limitText: /exhausted your capacity/,
  },
  {
    agentId: 'aider',
    question: /Run shell command\? \(Y\)es\/\(N\)o/,
    yes: 'y\r',
    resumeArgs: () => ['--restore-chat-history'],
    resumed: () => 'Restored 1 message(s) of chat history.',
    async checkLogs(_world, cwd) {
      const history = readFileSync(path.join(cwd, '.aider.chat.history.md'), 'utf8');
      expect(history).toMatch(/^# aider chat started at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/m);
      expect(history).toContain('#### run the tests, approve first\n\nDone: run the tests, approve first\n');
      expect(readFileSync(path.join(cwd, '.aider.input.history'), 'utf8')).toContain('+run the tests, approve first\n');
    },
    restored: 'continued',
    limit: 'rate-limit',
    limitText: /Error code: 429/,
  },
  {
    agentId: 'opencode',
    question: /Permission required|Allow once/,
    yes: '\r',
    resumeArgs: () => ['--continue'],
    resumed: () => 'Session ses_',
    async checkLogs(world, cwd) {
      const sessions = filesUnder(path.join(world.opencodeStorage, 'session'));
      expect(sessions).toHaveLength(1);
      const info = JSON.parse(readFileSync(sessions[0]!, 'utf8')) as { id: string; directory: string; title: string };
      expect(info).toMatchObject({ directory: cwd, title: 'run the tests, approve first' });
      const messages = filesUnder(path.join(world.opencodeStorage, 'message', info.id)).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>);
      expect(messages.map((m) => m.role).sort()).toEqual(['assistant', 'user']);
      expect(messages.find((m) => m.role === 'assistant')).toMatchObject({ providerID: 'anthropic', tokens: { output: 240 } });
    },
    restored: 'continued',
    limit: 'rate-limit',
    limitText: /429 Too Many Requests/,
  },
];

describe('built-in agents with their fake CLIs', () => {
  it('covers every built-in profile', () => {
    expect(CASES.map((c) => c.agentId).sort()).toEqual(BUILTIN_PROFILES.map((p) => p.id).sort());
  });

  for (const agent of CASES) {
    it(`${agent.agentId}: asks → answered → works → idle, writes its logs, and resumes after an engine restart`, async () => {
      // Each half of a turn outlasts the echo window (output right after a key press is its echo).
      const world = makeWorld({ workMs: 1200 });
      const [one] = world.worktrees;
      const first = await runEngine(world);
      const launched = await first.engine.agents.launch({ agentId: agent.agentId, cwd: one, repoId: first.repoId, prompt: 'run the tests, approve first', ...SIZE });
      if (!launched.ok) throw new Error(JSON.stringify(launched.error));
      const id = launched.value.sessionId;

      const asking = await first.waitForStatus(id, 'needs-input');
      expect(asking.detail).toMatch(agent.question);
      expect(first.engine.terminals.write(id, agent.yes).ok).toBe(true);
      await first.waitForStatus(id, 'working');
      await first.waitForScreen(id, 'Done: run the tests, approve first');
      await first.waitForStatus(id, 'idle');
      const history = first.history(id);
      expect(history.slice(history.indexOf('needs-input'))).toEqual(['needs-input', 'working', 'idle']);
      expect(history.slice(0, history.indexOf('needs-input'))).toContain('working');
      expect(first.notifications.map((n) => n.kind), JSON.stringify(history)).toEqual(['needs-input', 'finished']);

      // Codex reports its thread id after the turn; the others are resumed by folder.
      if (agent.agentId === 'codex') await until(() => first.agent(id)?.agentSessionId);
      const session = first.agent(id)!;
      await agent.checkLogs(world, one, first, session);
      await first.stop();

      const second = await runEngine(world);
      expect(second.agent(id)).toMatchObject({ agentId: agent.agentId, restored: agent.restored });
      const info = second.engine.terminals.list().find((s) => s.id === id);
      expect(info?.status).toBe('running');
      expect(info?.args).toEqual(expect.arrayContaining(agent.resumeArgs(session)));
      await second.waitForScreen(id, agent.resumed(session));
      expect(second.engine.terminals.write(id, 'second task\r').ok).toBe(true);
      await second.waitForScreen(id, 'Done: second task');
      await second.waitForStatus(id, 'idle');
      expect(second.history(id)).toContain('working');
    });

    it(`${agent.agentId}: its limit screen is recognised as a ${agent.limit}`, async () => {
      const world = makeWorld({ workMs: 200 });
      const run = await runEngine(world);
      const launched = await run.engine.agents.launch({ agentId: agent.agentId, cwd: world.worktrees[0], repoId: run.repoId, prompt: 'hit the usage limit in 5 minutes', ...SIZE });
      if (!launched.ok) throw new Error(JSON.stringify(launched.error));
      const id = launched.value.sessionId;
      const screen = await run.waitForScreen(id, agent.limitText);
      const found = detectScreenStall(screen.split('\n'), Date.now(), 'UTC');
      expect(found).toMatchObject({ kind: agent.limit });
      if (agent.limit === 'usage-limit') {
        // A plan's limit is a stall with its reset time, read from the pane by the usage module.
        const stall = await until(() => run.engine.usage.quota().stalls.find((s) => s.terminalSessionId === id));
        expect(stall).toMatchObject({ provider: agent.agentId, source: 'screen' });
        const resetIn = Date.parse(stall.resetsAt!) - Date.now();
        expect(resetIn).toBeGreaterThan(3 * 60_000);
        expect(resetIn).toBeLessThan(6 * 60_000);
      } else {
        expect(found?.provider).toBeNull();
      }
    });
  }
});

async function usageSession(run: RunningEngine, provider: string, cwd: string) {
  return until(async () => {
    const summary = await run.engine.usage.summary({ includeSessions: true });
    return summary.sessions.find((s) => s.provider === provider && s.worktreePath === cwd && s.totals.requests > 0);
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function jsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function until<T>(check: () => T | null | undefined | Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(50);
  }
}

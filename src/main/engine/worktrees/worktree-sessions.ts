/**
 * The terminal sessions that run inside a worktree, and stopping them before the folder goes.
 *
 * Removing or archiving a worktree under a running shell or agent leaves that process in a deleted
 * directory (`getcwd` errors, an agent that keeps taking tasks). So the lifecycle asks this first:
 * with sessions running it refuses with their list (`WORKTREE_HAS_SESSIONS`) unless the caller
 * said to stop them. Agents get their normal exit first (the interrupt key, twice: Codex, Claude
 * Code and Gemini CLI all quit on a second Ctrl+C), then the terminal's hang-up and a kill after
 * its grace period. Setup-log viewers are stopped without asking: they hold nothing.
 */
import path from 'node:path';
import type { SessionInfo } from '../../../shared/protocol/terminals.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { isFollowerSession } from '../bootstrap/index.ts';

/** One running session as the refusal lists it. */
export interface WorktreeSessionSummary {
  id: string;
  title: string;
  /** The agent's name, or null for a shell or command. */
  agent: string | null;
}

/** What the lifecycle asks about sessions; absent in the CLI's one-shot worktree engine (no sessions there). */
export interface WorktreeSessions {
  /** Running sessions the user should be asked about (log viewers excluded). */
  runningIn(worktreePath: string): WorktreeSessionSummary[];
  /** Stop every running session in the worktree (log viewers included); resolves once all exited. */
  stopAllIn(worktreePath: string): Promise<void>;
}

/**
 * Refuse (WORKTREE_HAS_SESSIONS with their list) while shells or agents run in the worktree, or
 * stop them all when `stop`. Null when there was nothing to ask about (viewers are still stopped).
 */
export async function stopSessionsOrRefuse(sessions: WorktreeSessions, worktreePath: string, stop: boolean): Promise<Result<null> | null> {
  const running = sessions.runningIn(worktreePath);
  if (running.length > 0 && !stop) return err({ kind: 'WORKTREE_HAS_SESSIONS', path: worktreePath, sessions: running });
  await sessions.stopAllIn(worktreePath);
  return running.length > 0 ? ok(null) : null;
}

/**
 * How long an agent gets to exit after its interrupt keys before the hang-up.
 *
 * Long enough for a CLI to save its session (a rollout line, a JSONL flush), short enough that
 * archiving never feels stuck; the hang-up then adds the terminal's own kill grace.
 */
export const AGENT_EXIT_GRACE_MS = 3_000;

/** Gap between the two interrupt keys (a TUI reads one key per frame; "press again to quit"). */
const INTERRUPT_GAP_MS = 150;

export interface TerminalsForWorktrees {
  list(): SessionInfo[];
  input(sessionId: string, data: string): Result<null>;
  kill(sessionId: string): Promise<Result<null>>;
  /** Resolves when the session has exited (or at once when it is not running). */
  whenExited(sessionId: string): Promise<void>;
}

/** Build the lifecycle's view of sessions from the terminal service and the agents' names. */
export function worktreeSessions(
  terminals: TerminalsForWorktrees,
  agentName: (sessionId: string) => string | null,
  options: { agentGraceMs?: number } = {},
): WorktreeSessions {
  const grace = options.agentGraceMs ?? AGENT_EXIT_GRACE_MS;
  const running = (worktreePath: string) =>
    terminals.list().filter((session) => session.status === 'running' && isInside(session.cwd, worktreePath));
  return {
    runningIn(worktreePath) {
      return running(worktreePath)
        .filter((session) => !isFollowerSession(session))
        .map((session) => ({ id: session.id, title: session.title, agent: agentName(session.id) }));
    },
    async stopAllIn(worktreePath) {
      await Promise.all(
        running(worktreePath).map(async (session) => {
          if (agentName(session.id) !== null) await politeExit(terminals, session.id, grace);
          await terminals.kill(session.id);
        }),
      );
    },
  };
}

/** Ask an agent to quit the way a user would; give it `grace` ms to do so. */
async function politeExit(terminals: TerminalsForWorktrees, sessionId: string, grace: number): Promise<void> {
  const exited = terminals.whenExited(sessionId);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, grace);
  });
  terminals.input(sessionId, '\x03');
  const second = setTimeout(() => terminals.input(sessionId, '\x03'), INTERRUPT_GAP_MS);
  try {
    await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
    clearTimeout(second);
  }
}

/** Whether `cwd` is the worktree folder or below it. */
export function isInside(cwd: string, worktreePath: string): boolean {
  const relative = path.relative(path.resolve(worktreePath), path.resolve(cwd));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

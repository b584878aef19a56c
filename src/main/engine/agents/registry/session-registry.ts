/**
 * The session registry: which terminal sessions are agents, their records, and `agents.json`.
 *
 * A record is what outlives the process (agent, task, the agent's own session id, whether it
 * was running at the last save — which brings it back after a restart); the rest of an entry is
 * live state (its status tracker, hook key, context fill, limit message on screen). Hook events
 * can arrive before their session is registered (the hook file exists before the terminal
 * session has an id), so they are held here until it is.
 */
import path from 'node:path';
import type { AgentSession } from '../../../../shared/protocol/agents.ts';
import type { ContextFill } from '../../../../shared/protocol/usage.ts';
import type { JsonStore } from '../../state/index.ts';
import type { HookEvent } from '../hooks/hook-channel.ts';
import type { AgentProfile } from '../profiles/agent-profile.ts';
import type { AgentTracker } from '../status/agent-tracker.ts';
import { createAgentStore, type AgentRecord, type AgentState } from './agent-store.ts';

/** One agent session as the engine holds it. */
export interface Tracked {
  record: AgentRecord;
  profile: AgentProfile;
  tracker: AgentTracker;
  hookKey: string | null;
  context: ContextFill | null;
  /** The limit message the screen shows now (the session is stalled on it). */
  limitLine: string | null;
  /** The usage limit the session stopped on (shown as stalled, announced with its reset). */
  limit: { readonly text: string; readonly resetsAt: string | null } | null;
  /**
   * A limit message the session has worked past: it stays on screen for a while after
   * "continue", and must not stall the session again; only lines below it are looked at.
   */
  consumedLine: string | null;
}

/** Early hook events kept per unknown key, at most. */
const MAX_EARLY_HOOKS = 100;

export class SessionRegistry {
  private readonly store: JsonStore<AgentState>;
  private readonly sessions = new Map<string, Tracked>();
  /** Hook key → session id. */
  private readonly hookKeys = new Map<string, string>();
  private readonly earlyHooks = new Map<string, HookEvent[]>();

  constructor(home: string) {
    this.store = createAgentStore(home);
  }

  /** The records of the last save (bad entries were dropped one by one). */
  async loadRecords(): Promise<AgentRecord[]> {
    return (await this.store.load()).agents;
  }

  has(sessionId: string): boolean {
    return this.sessions.has(sessionId);
  }

  get(sessionId: string): Tracked | undefined {
    return this.sessions.get(sessionId);
  }

  all(): Tracked[] {
    return [...this.sessions.values()];
  }

  /** Register a session; returns the hook events that arrived for its key before it existed. */
  add(tracked: Tracked): HookEvent[] {
    this.sessions.set(tracked.record.sessionId, tracked);
    if (!tracked.hookKey) return [];
    this.hookKeys.set(tracked.hookKey, tracked.record.sessionId);
    const early = this.earlyHooks.get(tracked.hookKey) ?? [];
    this.earlyHooks.delete(tracked.hookKey);
    return early;
  }

  delete(sessionId: string): void {
    const tracked = this.sessions.get(sessionId);
    if (tracked) this.takeHookKey(tracked);
    this.sessions.delete(sessionId);
  }

  /** The session a hook key belongs to; unknown keys' events are held for a moment. */
  byHookKey(key: string, event?: HookEvent): Tracked | undefined {
    const sessionId = this.hookKeys.get(key);
    if (sessionId !== undefined) return this.sessions.get(sessionId);
    if (event) {
      const early = this.earlyHooks.get(key) ?? [];
      if (early.length < MAX_EARLY_HOOKS) this.earlyHooks.set(key, [...early, event]);
    }
    return undefined;
  }

  /** Detach a session's hook key (to release it); null when it had none. */
  takeHookKey(tracked: Tracked): string | null {
    const key = tracked.hookKey;
    if (!key) return null;
    tracked.hookKey = null;
    this.hookKeys.delete(key);
    return key;
  }

  /** Agent session ids already taken (a Codex thread belongs to one pane only). */
  claimedAgentSessionIds(): Set<string> {
    return new Set(this.all().map((t) => t.record.agentSessionId).filter((id): id is string => id !== null));
  }

  /** Write `agents.json`; a failure is logged, never thrown (the next change saves again). */
  save(): Promise<void> {
    const agents = this.all().map((tracked) => tracked.record);
    return this.store.save({ agents }).catch((error: unknown) => console.error(`[agents] saving agents.json failed: ${(error as Error).message}`));
  }

  /** The protocol's view of one session. */
  view(tracked: Tracked): AgentSession {
    const { record, tracker } = tracked;
    const state = tracker.state;
    return {
      sessionId: record.sessionId,
      agentId: record.agentId,
      agentName: record.agentName,
      repoId: record.repoId,
      cwd: record.cwd,
      status: state.status,
      statusSince: new Date(state.since).toISOString(),
      statusSource: state.source,
      detail: state.detail,
      exitCode: state.exitCode,
      finishedTasks: state.finishedTasks,
      prompt: record.prompt,
      agentSessionId: record.agentSessionId,
      hooks: state.hooksSeen,
      restored: record.restored,
      handoffFrom: record.handoffFrom,
      createdAt: record.createdAt,
      context: tracked.context,
      stall: tracked.limit,
    };
  }
}

/** "acme · feat-login": where a session runs, for notifications. */
export function placeOf(record: AgentRecord, repos: readonly { id: string; name: string }[]): string {
  const repo = record.repoId === null ? undefined : repos.find((r) => r.id === record.repoId);
  const folder = path.basename(record.cwd);
  return repo && repo.name !== folder ? `${repo.name} · ${folder}` : folder;
}

/**
 * Server state as the renderer holds it, and the pure reducer that applies engine events to it.
 *
 * Everything here comes from the engine's event stream (repositories and sessions arrive whole
 * in each event); the renderer never edits it except to show a just-created session before its
 * `sessions.changed` arrives. Worktree listings, which are read on demand, live in the query
 * cache (`data/worktree-data.ts`).
 */
import type { EngineEvent, Repo, SessionInfo } from '../../shared/protocol/index.ts';

export interface ServerData {
  readonly repos: readonly Repo[];
  readonly sessions: ReadonlyMap<string, SessionInfo>;
}

export const EMPTY_SERVER_DATA: ServerData = {
  repos: [],
  sessions: new Map(),
};

/** Apply one engine event. Layout events are handled by the layout sync, not here. */
export function reduceServerEvent(state: ServerData, event: EngineEvent): ServerData {
  switch (event.type) {
    case 'snapshot':
      return { repos: event.repos, sessions: sessionsById(event.sessions) };
    case 'repos.changed':
      return { ...state, repos: event.repos };
    case 'sessions.changed':
      return { ...state, sessions: sessionsById(event.sessions) };
    case 'worktrees.changed':
    case 'layout.changed':
      return state;
    default:
      return state;
  }
}

/** Add or replace one session (a just-created one, ahead of its `sessions.changed`). */
export function upsertSession(state: ServerData, session: SessionInfo): ServerData {
  const sessions = new Map(state.sessions);
  sessions.set(session.id, session);
  return { ...state, sessions };
}

function sessionsById(sessions: readonly SessionInfo[]): Map<string, SessionInfo> {
  return new Map(sessions.map((session) => [session.id, session]));
}


/**
 * Server state as the renderer holds it, and the pure reducer that applies engine events to it.
 *
 * Everything here comes from the engine (the events stream and `worktrees.list`); the renderer
 * never edits it except to show a just-created session before its `sessions.changed` arrives.
 */
import type { EngineEvent, Repo, SessionInfo, Worktree } from '../../shared/protocol/index.ts';
import type { UiError } from '../errors/ui-error.ts';

/** The last `worktrees.list` answer for one repository. */
export interface WorktreeListing {
  readonly worktrees: readonly Worktree[];
  /** False until the first answer arrived. */
  readonly loaded: boolean;
  /** The last refresh's failure; the previous worktrees stay visible. */
  readonly error: UiError | null;
}

export interface ServerData {
  readonly repos: readonly Repo[];
  readonly sessions: ReadonlyMap<string, SessionInfo>;
  readonly worktrees: ReadonlyMap<string, WorktreeListing>;
}

export const EMPTY_SERVER_DATA: ServerData = {
  repos: [],
  sessions: new Map(),
  worktrees: new Map(),
};

/** Apply one engine event. Layout events are handled by the layout sync, not here. */
export function reduceServerEvent(state: ServerData, event: EngineEvent): ServerData {
  switch (event.type) {
    case 'snapshot':
      return {
        repos: event.repos,
        sessions: sessionsById(event.sessions),
        worktrees: keepListingsOf(state.worktrees, event.repos),
      };
    case 'repos.changed':
      return { ...state, repos: event.repos, worktrees: keepListingsOf(state.worktrees, event.repos) };
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

/** Record a `worktrees.list` answer: the worktrees, or an error that keeps the previous ones. */
export function withWorktrees(
  state: ServerData,
  repoId: string,
  answer: { ok: true; value: readonly Worktree[] } | { ok: false; error: UiError },
): ServerData {
  // An answer for a repository removed meanwhile must not resurrect its entry.
  if (!state.repos.some((repo) => repo.id === repoId)) return state;
  const previous = state.worktrees.get(repoId);
  const listing: WorktreeListing = answer.ok
    ? { worktrees: answer.value, loaded: true, error: null }
    : { worktrees: previous?.worktrees ?? [], loaded: true, error: answer.error };
  const worktrees = new Map(state.worktrees);
  worktrees.set(repoId, listing);
  return { ...state, worktrees };
}

function sessionsById(sessions: readonly SessionInfo[]): Map<string, SessionInfo> {
  return new Map(sessions.map((session) => [session.id, session]));
}

function keepListingsOf(
  listings: ReadonlyMap<string, WorktreeListing>,
  repos: readonly Repo[],
): ReadonlyMap<string, WorktreeListing> {
  const ids = new Set(repos.map((repo) => repo.id));
  return new Map([...listings].filter(([repoId]) => ids.has(repoId)));
}

/**
 * Slice holding server data (repos, sessions, worktree listings).
 */
import type { StateCreator } from 'zustand';
import type { EngineEvent, SessionInfo, Worktree } from '../../shared/protocol/index.ts';
import type { UiError } from '../errors/ui-error.ts';
import type { AppState } from './app-store.ts';
import { EMPTY_SERVER_DATA, reduceServerEvent, upsertSession, withWorktrees, type ServerData } from './server-data.ts';

export interface ServerSlice {
  server: ServerData;
  applyEngineEvent(event: EngineEvent): void;
  upsertSession(session: SessionInfo): void;
  setWorktrees(repoId: string, answer: { ok: true; value: readonly Worktree[] } | { ok: false; error: UiError }): void;
}

export const createServerSlice: StateCreator<AppState, [], [], ServerSlice> = (set) => ({
  server: EMPTY_SERVER_DATA,
  applyEngineEvent: (event) => set((state) => ({ server: reduceServerEvent(state.server, event) })),
  upsertSession: (session) => set((state) => ({ server: upsertSession(state.server, session) })),
  setWorktrees: (repoId, answer) => set((state) => ({ server: withWorktrees(state.server, repoId, answer) })),
});

/**
 * Slice holding server data the events carry whole (repos, sessions).
 */
import type { StateCreator } from 'zustand';
import type { EngineEvent, SessionInfo } from '../../shared/protocol/index.ts';
import type { AppState } from './app-store.ts';
import { EMPTY_SERVER_DATA, reduceServerEvent, upsertSession, type ServerData } from './server-data.ts';

export interface ServerSlice {
  server: ServerData;
  applyEngineEvent(event: EngineEvent): void;
  upsertSession(session: SessionInfo): void;
}

export const createServerSlice: StateCreator<AppState, [], [], ServerSlice> = (set) => ({
  server: EMPTY_SERVER_DATA,
  applyEngineEvent: (event) => set((state) => ({ server: reduceServerEvent(state.server, event) })),
  upsertSession: (session) => set((state) => ({ server: upsertSession(state.server, session) })),
});

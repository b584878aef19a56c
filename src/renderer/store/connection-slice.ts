/**
 * Slice holding the connection state the reconnect banner shows.
 */
import type { StateCreator } from 'zustand';
import type { ConnectionState } from '../../shared/protocol/reconnecting-client.ts';
import type { AppState } from './app-store.ts';

export interface ConnectionSlice {
  /** `no-endpoint`: the page was opened without a way to reach an engine (no token, no bridge). */
  connection: ConnectionState | { status: 'no-endpoint' };
  setConnection(connection: ConnectionState | { status: 'no-endpoint' }): void;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: { status: 'connecting', attempt: 0, everConnected: false },
  setConnection: (connection) => set({ connection }),
});

/**
 * A page with a wrong token is told so, not left "reconnecting" forever: the real server's
 * `/token-check` and the renderer's connection loop against it, over real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebSocketLike } from '../../../src/shared/protocol/client.ts';
import { checkToken } from '../../../src/renderer/engine/endpoint.ts';
import { EngineConnection, type ConnectionState } from '../../../src/renderer/engine/engine-connection.ts';
import { startTestEngine, type TestEngine } from '../../helpers/engine-server.ts';

let running: TestEngine | null = null;
afterEach(async () => {
  await running?.close({ removeHome: true });
  running = null;
});

function connect(baseUrl: string, token: string): { connection: EngineConnection; states: ConnectionState[]; next: (status: ConnectionState['status']) => Promise<ConnectionState> } {
  const states: ConnectionState[] = [];
  const waiters: Array<() => void> = [];
  const endpoint = { baseUrl, token };
  const connection = new EngineConnection({
    endpoint,
    onEvent: () => undefined,
    onState: (state) => {
      states.push(state);
      for (const wake of waiters.splice(0)) wake();
    },
    onDataClient: () => undefined,
    createSocket: (url) => {
      // Like a browser's socket: a failed or cancelled handshake is a close, never a throw.
      const socket = new WebSocket(url);
      socket.on('error', () => undefined);
      return socket as unknown as WebSocketLike;
    },
    delay: () => 20,
    checkToken: () => checkToken(endpoint),
  });
  const next = async (status: ConnectionState['status']): Promise<ConnectionState> => {
    for (;;) {
      const found = states.find((state) => state.status === status);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { connection, states, next };
}

describe('token check', () => {
  it('answers valid, rejected and unreachable', async () => {
    running = await startTestEngine();
    const { baseUrl, token } = running.server;
    expect(await checkToken({ baseUrl, token })).toBe('valid');
    expect(await checkToken({ baseUrl, token: 'not-the-token' })).toBe('rejected');
    expect(await checkToken({ baseUrl, token: '' })).toBe('rejected');
    await running.close({ removeHome: true });
    running = null;
    expect(await checkToken({ baseUrl, token })).toBe('unreachable');
  });

  it('puts a connection with a wrong token in "rejected", and one with the right token in "connected"', async () => {
    running = await startTestEngine();
    const wrong = connect(running.server.baseUrl, 'wrong-token');
    wrong.connection.start();
    expect((await wrong.next('rejected')).everConnected).toBe(false);
    expect(wrong.states.some((state) => state.status === 'connected')).toBe(false);
    await wrong.connection.dispose();

    const right = connect(running.server.baseUrl, running.server.token);
    right.connection.start();
    await right.next('connected');
    expect(right.states.some((state) => state.status === 'rejected')).toBe(false);
    await right.connection.dispose();
  });

  it('keeps "reconnecting" (not "rejected") when nothing listens', async () => {
    running = await startTestEngine();
    const { baseUrl, token } = running.server;
    await running.close({ removeHome: true });
    running = null;
    const gone = connect(baseUrl, token);
    gone.connection.start();
    const state = await gone.next('reconnecting');
    expect(state.attempt).toBeGreaterThan(0);
    expect(gone.states.some((s) => s.status === 'rejected')).toBe(false);
    await gone.connection.dispose();
  });
});

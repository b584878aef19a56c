import { implement } from '@orpc/server';
import { RPCHandler } from '@orpc/server/websocket';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebSocketLike } from '../../../src/shared/protocol/client.ts';
import { contract, type EngineEvent } from '../../../src/shared/protocol/index.ts';
import { EngineConnection, type ConnectionState } from '../../../src/renderer/engine/engine-connection.ts';

type Listener = (event: any) => void;

/**
 * One end of an in-memory WebSocket. `peer` is the other end (the "engine"); messages are
 * delivered asynchronously, like a real socket.
 */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  binaryType = 'blob';
  peer: FakeSocket | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: Listener): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }
  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }
  send(data: unknown): void {
    const peer = this.peer;
    if (this.readyState !== 1 || !peer) throw new Error('not open');
    setTimeout(() => peer.emit('message', { data }), 0);
  }
  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close', {});
    this.peer?.close();
  }
  open(): void {
    this.readyState = 1;
    this.emit('open', {});
  }
  emit(type: string, event: unknown): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) listener(event);
  }
}

const snapshot: EngineEvent = { type: 'snapshot', repos: [], sessions: [], layout: { panes: [], focused: null, maximized: null } };

/** An "engine" that answers events.subscribe with a snapshot and then stays quiet. */
function engineSide(): { accept(socket: FakeSocket): void } {
  const os = implement(contract);
  const subscribe = os.events.subscribe.handler(async function* ({ signal }) {
    yield snapshot;
    await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve()));
  });
  const handler = new RPCHandler({ events: { subscribe } });
  return {
    accept(socket) {
      const server = new FakeSocket('server');
      server.peer = socket;
      socket.peer = server;
      server.readyState = 1;
      handler.upgrade(server as never);
    },
  };
}

function until(condition: () => boolean): Promise<void> {
  return vi.waitFor(() => expect(condition()).toBe(true), { timeout: 3_000, interval: 5 });
}

describe('EngineConnection', () => {
  const connections: EngineConnection[] = [];
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.dispose()));
  });

  it('opens the control and data sockets with the token, and reports the snapshot', async () => {
    const engine = engineSide();
    const sockets: FakeSocket[] = [];
    const events: EngineEvent[] = [];
    const states: ConnectionState[] = [];
    const dataClients: Array<unknown> = [];
    const connection = new EngineConnection({
      endpoint: { baseUrl: 'http://127.0.0.1:4519', token: 'sekret' },
      onEvent: (event) => events.push(event),
      onState: (state) => states.push(state),
      onDataClient: (client) => dataClients.push(client),
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        setTimeout(() => {
          if (url.includes('/rpc')) engine.accept(socket);
          socket.open();
        }, 0);
        return socket;
      },
      delay: () => 0,
    });
    connections.push(connection);
    connection.start();

    await until(() => states.at(-1)?.status === 'connected');
    expect(sockets.map((socket) => socket.url)).toEqual([
      'ws://127.0.0.1:4519/rpc?token=sekret',
      'ws://127.0.0.1:4519/data?token=sekret',
    ]);
    expect(events).toEqual([snapshot]);
    expect(dataClients).toHaveLength(1);
    expect(dataClients[0]).not.toBeNull();
    expect(connection.client).not.toBeNull();
    expect(states[0]).toEqual({ status: 'connecting', attempt: 0, everConnected: false });
  });

  it('reconnects after the engine goes away: banner state, data client dropped, fresh snapshot', async () => {
    const engine = engineSide();
    const sockets: FakeSocket[] = [];
    const states: ConnectionState[] = [];
    const dataClients: Array<unknown> = [];
    let snapshots = 0;
    const connection = new EngineConnection({
      endpoint: { baseUrl: 'http://127.0.0.1:4519', token: 't' },
      onEvent: (event) => (snapshots += event.type === 'snapshot' ? 1 : 0),
      onState: (state) => states.push(state),
      onDataClient: (client) => dataClients.push(client),
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        setTimeout(() => {
          if (url.includes('/rpc')) engine.accept(socket);
          socket.open();
        }, 0);
        return socket;
      },
      delay: () => 0,
    });
    connections.push(connection);
    connection.start();
    await until(() => snapshots === 1 && states.at(-1)?.status === 'connected');

    // The engine restarts: its end of the control socket closes.
    sockets[0]!.peer!.close();
    await until(() => snapshots === 2 && states.at(-1)?.status === 'connected');

    expect(states.map((state) => state.status)).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(states[2]).toEqual({ status: 'reconnecting', attempt: 0, everConnected: true });
    expect(dataClients).toHaveLength(3);
    expect(dataClients[1]).toBeNull();
    expect(dataClients[2]).not.toBe(dataClients[0]);
    // Both old sockets were closed, the data socket too.
    expect(sockets.slice(0, 2).map((socket) => socket.readyState)).toEqual([3, 3]);
    expect(sockets).toHaveLength(4);
  });

  it('backs off while the engine is unreachable, and "Retry now" skips the wait', async () => {
    const states: ConnectionState[] = [];
    const attemptsSeen: number[] = [];
    let created = 0;
    const connection = new EngineConnection({
      endpoint: { baseUrl: 'http://127.0.0.1:1', token: 't' },
      onEvent: () => {},
      onState: (state) => states.push(state),
      onDataClient: () => {},
      createSocket: (url) => {
        created++;
        const socket = new FakeSocket(url);
        setTimeout(() => socket.close(), 0); // connection refused
        return socket;
      },
      delay: (attempt) => {
        attemptsSeen.push(attempt);
        return attempt === 1 ? 0 : 60_000;
      },
    });
    connections.push(connection);
    connection.start();

    await until(() => attemptsSeen.length === 2);
    expect(created).toBe(2);
    expect(states.slice(1)).toEqual([
      { status: 'reconnecting', attempt: 1, everConnected: false },
      { status: 'reconnecting', attempt: 2, everConnected: false },
    ]);
    expect(connection.client).toBeNull();

    connection.retryNow();
    await until(() => created === 3);
  });

  it('stops for good on dispose, even in the middle of a long backoff', async () => {
    let created = 0;
    const connection = new EngineConnection({
      endpoint: { baseUrl: 'http://127.0.0.1:1', token: 't' },
      onEvent: () => {},
      onState: () => {},
      onDataClient: () => {},
      createSocket: (url) => {
        created++;
        const socket = new FakeSocket(url);
        setTimeout(() => socket.close(), 0);
        return socket;
      },
      delay: () => 60_000,
    });
    connection.start();
    await until(() => created === 1);
    // dispose() resolves once the reconnect loop has ended: no socket can be made after it.
    await connection.dispose();
    expect(created).toBe(1);
  });
  it('follows the desktop shell to a restarted engine: new port and token, at once', async () => {
    const engine = engineSide();
    const urls: string[] = [];
    const states: ConnectionState[] = [];
    const connection = new EngineConnection({
      endpoint: { baseUrl: 'http://127.0.0.1:4519', token: 'old' },
      onEvent: () => {},
      onState: (state) => states.push(state),
      onDataClient: () => {},
      createSocket: (url) => {
        urls.push(url);
        const socket = new FakeSocket(url);
        setTimeout(() => {
          if (url.includes('/rpc')) engine.accept(socket);
          socket.open();
        }, 0);
        return socket;
      },
      // A long backoff: only setEndpoint's wake-up can make the reconnect quick.
      delay: () => 60_000,
    });
    connections.push(connection);
    connection.start();
    await until(() => states.at(-1)?.status === 'connected');
    connection.setEndpoint({ baseUrl: 'http://127.0.0.1:5000', token: 'new' });
    await until(() => urls.includes('ws://127.0.0.1:5000/data?token=new'));
    await until(() => states.at(-1)?.status === 'connected');
    expect(urls.slice(-2)).toEqual(['ws://127.0.0.1:5000/rpc?token=new', 'ws://127.0.0.1:5000/data?token=new']);
  });
});

/**
 * The reconnecting client the renderer and the desktop shell share, against real WebSocket
 * servers on loopback that speak the engine's contract (oRPC's `ws` handler): the token in the
 * URL, the snapshot first, backoff while the engine is away, a new endpoint at once, dispose.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { implement } from '@orpc/server';
import { RPCHandler } from '@orpc/server/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEndpoint, WebSocketLike } from '../../../src/shared/protocol/client.ts';
import { contract, type EngineEvent } from '../../../src/shared/protocol/index.ts';
import {
  ReconnectingClient,
  type ConnectionState,
  type ReconnectingClientOptions,
} from '../../../src/shared/protocol/reconnecting-client.ts';

const LAYOUT = { panes: [], focused: null, maximized: null };
const snapshot = (n: number): EngineEvent => ({ type: 'snapshot', repos: [], sessions: [], layout: { ...LAYOUT, focused: `s${n}` } });

/** A tiny engine: the token check of the real transport, and an event stream per connection. */
class FakeEngine {
  readonly connections: WebSocket[] = [];
  /** Every `events.subscribe`'s push function, newest last. */
  private readonly streams: Array<(event: EngineEvent) => void> = [];
  private subscriptions = 0;
  private http: Server | null = null;
  private wss: WebSocketServer | null = null;

  constructor(
    readonly token: string,
    private port = 0,
  ) {}

  get endpoint(): EngineEndpoint {
    return { baseUrl: `http://127.0.0.1:${this.port}`, token: this.token };
  }

  async start(): Promise<void> {
    const os = implement(contract);
    const streams = this.streams;
    const counter = { next: () => ++this.subscriptions };
    const subscribe = os.events.subscribe.handler(async function* ({ signal }) {
      const queue: EngineEvent[] = [snapshot(counter.next())];
      let wake: (() => void) | null = null;
      streams.push((event) => {
        queue.push(event);
        wake?.();
      });
      while (!signal?.aborted) {
        const event = queue.shift();
        if (event) {
          yield event;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        wake = null;
      }
    });
    const handler = new RPCHandler({ events: { subscribe } });
    this.http = createServer();
    this.wss = new WebSocketServer({ noServer: true });
    this.http.on('upgrade', (request, socket, head) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.searchParams.get('token') !== this.token) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss!.handleUpgrade(request, socket, head, (ws) => {
        this.connections.push(ws);
        if (url.pathname === '/rpc') void handler.upgrade(ws);
      });
    });
    await new Promise<void>((resolve) => this.http!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
  }

  /** Send an event on the newest stream. */
  push(event: EngineEvent): void {
    this.streams.at(-1)!(event);
  }

  get open(): number {
    return this.connections.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  }

  /** Stop like a killed engine: every connection dropped, the port closed. */
  async stop(): Promise<void> {
    for (const ws of this.connections) ws.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => (this.http ? this.http.close(() => resolve()) : resolve()));
    this.http = null;
  }
}

function until(condition: () => boolean, timeout = 5_000): Promise<void> {
  return vi.waitFor(() => expect(condition()).toBe(true), { timeout, interval: 5 });
}

describe('ReconnectingClient', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function engine(token: string, port = 0): Promise<FakeEngine> {
    const fake = new FakeEngine(token, port);
    await fake.start();
    cleanup.push(() => fake.stop());
    return fake;
  }

  function connect(options: Partial<ReconnectingClientOptions> & Pick<ReconnectingClientOptions, 'endpoint'>) {
    const events: EngineEvent[] = [];
    const states: ConnectionState[] = [];
    const urls: string[] = [];
    const client = new ReconnectingClient({
      createSocket: (url) => {
        urls.push(url);
        return new WebSocket(url) as unknown as WebSocketLike;
      },
      onEvent: (event) => events.push(event),
      onState: (state) => states.push(state),
      ...options,
    });
    cleanup.push(() => client.dispose());
    return { client, events, states, urls };
  }

  it('connects with the token, hands on the snapshot first and then every event in order', async () => {
    const fake = await engine('sekret');
    const opened: unknown[] = [];
    const { client, events, states, urls } = connect({ endpoint: fake.endpoint, onOpen: (c) => void opened.push(c) });
    expect(client.client).toBeNull();
    client.start();
    await until(() => states.at(-1)?.status === 'connected');
    expect(urls).toEqual([`ws://127.0.0.1:${new URL(fake.endpoint.baseUrl).port}/rpc?token=sekret`]);
    expect(states).toEqual([
      { status: 'connecting', attempt: 0, everConnected: false },
      { status: 'connected', attempt: 0, everConnected: true },
    ]);
    expect(opened).toEqual([client.client]);

    fake.push({ type: 'trust.changed', repoId: 'r1' });
    fake.push({ type: 'sessions.changed', sessions: [] });
    await until(() => events.length === 3);
    expect(events.map((event) => event.type)).toEqual(['snapshot', 'trust.changed', 'sessions.changed']);
  });

  it('backs off with growing attempts while the engine is away, and starts from scratch once back', async () => {
    const fake = await engine('t');
    const port = Number(new URL(fake.endpoint.baseUrl).port);
    const attempts: number[] = [];
    const attemptTimes: number[] = [];
    const { client, events, states, urls } = connect({
      endpoint: fake.endpoint,
      delay: (attempt) => {
        attempts.push(attempt);
        return 40 * (attempt + 1);
      },
      createSocket: (url) => {
        urls.push(url);
        attemptTimes.push(performance.now());
        return new WebSocket(url) as unknown as WebSocketLike;
      },
    });
    client.start();
    await until(() => events.length === 1);

    // The engine dies: the session that worked resets the count; each refused attempt adds one.
    await fake.stop();
    await until(() => attempts.length >= 4);
    expect(attempts.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(client.client).toBeNull();
    expect(states.slice(2, 5)).toEqual([
      { status: 'reconnecting', attempt: 0, everConnected: true },
      { status: 'reconnecting', attempt: 1, everConnected: true },
      { status: 'reconnecting', attempt: 2, everConnected: true },
    ]);
    // Socket k + 1 opened at least delay(attempt k) after socket k (which failed in between).
    expect(attemptTimes.length).toBeGreaterThanOrEqual(4);
    for (let k = 1; k < 3; k++) expect(attemptTimes[k + 1]! - attemptTimes[k]!).toBeGreaterThanOrEqual(40 * (k + 1) - 2);

    // Back on the same port: a fresh snapshot, and the next drop starts from attempt 0 again.
    const back = new FakeEngine('t', port);
    await back.start();
    cleanup.push(() => back.stop());
    await until(() => events.length === 2 && states.at(-1)?.status === 'connected');
    expect(events[1]).toEqual(snapshot(1));
    const before = attempts.length;
    await back.stop();
    await until(() => attempts.length > before);
    expect(attempts[before]).toBe(0);
  });

  it('says "rejected" when the engine is there but refuses the token', async () => {
    const fake = await engine('right');
    const checked: EngineEndpoint[] = [];
    const { client, states } = connect({
      endpoint: { ...fake.endpoint, token: 'wrong' },
      delay: () => 60_000,
      checkToken: async (endpoint) => {
        checked.push(endpoint);
        return 'rejected';
      },
    });
    client.start();
    await until(() => states.length === 2);
    expect(states[1]).toEqual({ status: 'rejected', attempt: 1, everConnected: false });
    expect(checked).toEqual([{ ...fake.endpoint, token: 'wrong' }]);
    expect(fake.open).toBe(0);
  });

  it('follows a new endpoint at once, closing the old connection, even in a long backoff', async () => {
    const first = await engine('one');
    const second = await engine('two');
    const { client, events, urls } = connect({ endpoint: first.endpoint, delay: () => 60_000 });
    client.start();
    await until(() => events.length === 1 && first.open === 1);

    client.setEndpoint(second.endpoint);
    await until(() => events.length === 2);
    expect(urls.at(-1)).toContain(`${new URL(second.endpoint.baseUrl).host}/rpc?token=two`);
    await until(() => first.open === 0);
    expect(second.open).toBe(1);

    // In a backoff (the engine is gone, the next try is a minute away): a new endpoint is tried now.
    await second.stop();
    await until(() => client.client === null);
    const third = await engine('three');
    client.setEndpoint(third.endpoint);
    await until(() => events.length === 3);
    expect(third.open).toBe(1);
  });

  it('waits without sockets until it is given an endpoint', async () => {
    const fake = await engine('t');
    const { client, events, urls } = connect({ endpoint: null });
    client.start();
    // Started with nothing to reach: no socket at all (checked once the loop has had turns).
    await new Promise((resolve) => setImmediate(resolve));
    expect(urls).toEqual([]);
    client.setEndpoint(fake.endpoint);
    await until(() => events.length === 1);
    expect(urls).toHaveLength(1);
  });

  it('opens a companion with each connection and ends it with the connection', async () => {
    const fake = await engine('t');
    const log: string[] = [];
    const { client } = connect({
      endpoint: fake.endpoint,
      delay: () => 0,
      companion: (endpoint) => {
        const socket = new WebSocket(`${endpoint.baseUrl.replace('http', 'ws')}/data?token=${endpoint.token}`);
        log.push('open');
        return {
          socket: socket as unknown as WebSocketLike,
          live: () => log.push('live'),
          end: (wasLive) => log.push(`end ${wasLive}`),
        };
      },
    });
    client.start();
    await until(() => log.includes('live'));
    await until(() => fake.open === 2);
    // The companion's socket closes: the control socket goes with it, and both come back.
    fake.connections[1]!.terminate();
    await until(() => log.filter((line) => line === 'live').length === 2);
    expect(log).toEqual(['open', 'live', 'end true', 'open', 'live']);
  });

  it('disposes while the companion is still connecting: the socket closes and nothing throws', async () => {
    const fake = await engine('t');
    // A server that accepts the connection and never answers the upgrade: the companion stays
    // CONNECTING. Closing such a \`ws\` socket emits an 'error', thrown if nobody listens.
    const silent = createNetServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const held: Socket[] = [];
    silent.on('connection', (socket) => held.push(socket));
    cleanup.push(async () => {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const port = (silent.address() as AddressInfo).port;
    let companionSocket: WebSocket | null = null;
    const ended: boolean[] = [];
    const { client } = connect({
      endpoint: fake.endpoint,
      companion: () => {
        companionSocket = new WebSocket(`ws://127.0.0.1:${port}/data`);
        return { socket: companionSocket as unknown as WebSocketLike, live: () => undefined, end: (wasLive) => ended.push(wasLive) };
      },
    });
    client.start();
    await until(() => held.length === 1 && client.client !== null);
    expect(companionSocket!.readyState).toBe(WebSocket.CONNECTING);
    await client.dispose();
    // The 'error' of the aborted handshake comes on the next tick: let it come.
    await new Promise((resolve) => setImmediate(resolve));
    expect(companionSocket!.readyState).toBe(WebSocket.CLOSED);
    expect(ended).toEqual([true]);
  });

  it('stops for good on dispose, from a live connection or in the middle of a long backoff', async () => {
    const fake = await engine('t');
    const { client, events, urls } = connect({ endpoint: fake.endpoint, delay: () => 60_000 });
    client.start();
    await until(() => events.length === 1);
    await client.dispose();
    expect(client.client).toBeNull();
    await until(() => fake.open === 0);

    const away = connect({ endpoint: { baseUrl: 'http://127.0.0.1:9', token: 't' }, delay: () => 60_000 });
    away.client.start();
    await until(() => away.states.length === 2);
    const started = performance.now();
    await away.client.dispose();
    expect(performance.now() - started).toBeLessThan(5_000);
    // Nothing opens after dispose, even when asked to.
    away.client.setEndpoint(fake.endpoint);
    away.client.retryNow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(away.urls).toHaveLength(1);
    expect(urls).toHaveLength(1);
  });
});

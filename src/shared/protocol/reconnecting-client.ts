/**
 * The one reconnecting engine client, shared by the renderer (`renderer/engine/
 * engine-connection.ts`) and the desktop shell (`main/electron/agent-events.ts`).
 *
 * It opens the control socket (`/rpc`), subscribes to `events.subscribe` and hands every event
 * on; when the socket closes (engine restart, laptop sleep) it waits with backoff and connects
 * again, and a new endpoint (the shell restarted a crashed engine on a new port and token) is
 * followed at once. The first event of every connection is a full snapshot, so a client never
 * merges state across a gap. `client` is the typed client while the control socket is open (the
 * shell hands the engine its GitHub token over it before subscribing), null otherwise.
 *
 * What differs between its users stays outside: the renderer adds a companion (the `/data`
 * socket, which lives and dies with the control socket) and a token check, the shell a hook that
 * runs on every new connection (it hands the engine the stored GitHub token) and its own delays.
 *
 * No DOM and no Node: the caller passes `createSocket` (the browser's WebSocket, the shell's
 * global one, `ws` in tests).
 */
import { WakeableDelay } from '../wakeable-delay.ts';
import { reconnectDelay } from './backoff.ts';
import { createEngineClient, waitForOpen, wsUrl, type EngineEndpoint, type WebSocketLike } from './client.ts';
import { RPC_PATH, type EngineClient, type EngineEvent } from './index.ts';

/** What a UI shows about the connection. */
export interface ConnectionState {
  /** `rejected`: the engine answers but refuses the token (it keeps checking, slowly). */
  status: 'connecting' | 'connected' | 'reconnecting' | 'rejected';
  /** Failed attempts since the last connection that got as far as a snapshot. */
  attempt: number;
  /** False until the first snapshot arrived: "cannot reach" reads differently from "lost". */
  everConnected: boolean;
}

/** The answer of a token check. */
export type TokenCheck = 'valid' | 'rejected' | 'unreachable';

/** Something that lives and dies with one connection (the renderer's terminal data socket). */
export interface Companion {
  readonly socket: WebSocketLike;
  /** The connection is live: its snapshot was handed on. */
  live(): void;
  /** The connection ended; `wasLive` tells whether {@link live} ran. */
  end(wasLive: boolean): void;
}

export interface ReconnectingClientOptions {
  /** Where to connect; null waits (without sockets) until {@link ReconnectingClient.setEndpoint}. */
  endpoint: EngineEndpoint | null;
  createSocket(url: string): WebSocketLike;
  /** Wait before attempt `attempt` (0 after a connection that worked); default {@link reconnectDelay}. */
  delay?(attempt: number): number;
  /** Every event of `events.subscribe`; after each (re)connect the first one is a snapshot. */
  onEvent(event: EngineEvent): void;
  onState?(state: ConnectionState): void;
  /** Each new control connection, before events flow (awaited; a failure is logged, not fatal). */
  onOpen?(client: EngineClient): Promise<void> | void;
  /** Opened once the control socket is open; closing either socket ends the connection. */
  companion?(endpoint: EngineEndpoint): Companion;
  /**
   * Asked after the control socket failed to open: is the engine there and refusing the token?
   * (A browser hides why an upgrade failed.) Without it, every failure is "cannot reach".
   */
  checkToken?(endpoint: EngineEndpoint): Promise<TokenCheck>;
  /** Unexpected failures only; a refused connection while the engine is away is not one. */
  log?(line: string): void;
}

type Outcome = 'session' | 'no-socket' | 'lost';

export class ReconnectingClient {
  private endpoint: EngineEndpoint | null;
  private current: EngineClient | null = null;
  private disposed = false;
  private readonly backoff = new WakeableDelay();
  private sockets: WebSocketLike[] = [];
  private running: Promise<void> | null = null;
  private everConnected = false;
  private readonly delay: (attempt: number) => number;

  constructor(private readonly options: ReconnectingClientOptions) {
    this.endpoint = options.endpoint;
    this.delay = options.delay ?? ((attempt) => reconnectDelay(attempt));
  }

  /** The typed client while a control socket is open; null otherwise. */
  get client(): EngineClient | null {
    return this.current;
  }

  /** Start the connect / reconnect loop (idempotent). */
  start(): void {
    this.running ??= this.run();
  }

  /** Follow another engine: drop the current sockets and connect there without waiting. */
  setEndpoint(endpoint: EngineEndpoint): void {
    this.endpoint = endpoint;
    // The loop may not be waiting yet (the old stream is still closing): skip its next wait.
    this.backoff.wakeOrSkipNext();
    for (const socket of this.sockets) socket.close();
  }

  /** Skip the rest of the current backoff wait ("Retry now"). */
  retryNow(): void {
    this.backoff.wake();
  }

  /** Close the sockets and stop reconnecting; resolves once no socket can be opened any more. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const socket of this.sockets) socket.close();
    this.backoff.wake();
    await this.running;
  }

  private report(state: ConnectionState): void {
    this.options.onState?.(state);
  }

  private async run(): Promise<void> {
    let attempt = 0;
    this.report({ status: 'connecting', attempt, everConnected: false });
    while (!this.disposed) {
      const endpoint = this.endpoint;
      if (!endpoint) {
        // Nothing to reach yet: sleep until setEndpoint or dispose wakes us.
        await this.backoff.wait(2 ** 31 - 1);
        continue;
      }
      const outcome = await this.connectOnce(endpoint);
      if (this.disposed) break;
      attempt = outcome === 'session' ? 0 : attempt + 1;
      const ask = outcome === 'no-socket' && this.endpoint === endpoint && this.options.checkToken !== undefined;
      const rejected = ask && (await this.options.checkToken!(endpoint)) === 'rejected';
      if (this.disposed) break;
      this.report({ status: rejected ? 'rejected' : 'reconnecting', attempt, everConnected: this.everConnected });
      // After setEndpoint this wait returns at once (it woke it, or made it skip).
      await this.backoff.wait(this.delay(attempt));
    }
  }

  /**
   * One connection's lifetime. `session` if it got as far as a snapshot (the next attempt starts
   * the backoff from scratch), `no-socket` if the control socket never opened, `lost` otherwise.
   */
  private async connectOnce(endpoint: EngineEndpoint): Promise<Outcome> {
    let rpc: WebSocketLike;
    try {
      rpc = this.options.createSocket(wsUrl(endpoint, RPC_PATH));
    } catch (error) {
      this.options.log?.(`engine connection: cannot create a socket: ${String(error)}`);
      return 'no-socket';
    }
    this.sockets = [rpc];
    // Only talk over an open socket: a request sent into a closing one fails out of band.
    if (!(await waitForOpen(rpc)) || this.disposed || this.endpoint !== endpoint) {
      rpc.close();
      this.sockets = [];
      return 'no-socket';
    }
    const companion = this.options.companion?.(endpoint) ?? null;
    this.sockets = companion ? [rpc, companion.socket] : [rpc];
    // The sockets live and die together: a half-open connection would show live panes that
    // silently stopped updating.
    const closeAll = (): void => {
      rpc.close();
      companion?.socket.close();
    };
    rpc.addEventListener('close', closeAll);
    companion?.socket.addEventListener('close', closeAll);
    // An error ends the connection like a close does. It also must have a listener: Node's `ws`
    // throws an 'error' nobody listens to (closing a companion that is still connecting, on
    // dispose or a new endpoint, emits one), which would crash a Node client.
    rpc.addEventListener('error', closeAll);
    companion?.socket.addEventListener('error', closeAll);

    const client = createEngineClient(rpc);
    this.current = client;
    let live = false;
    try {
      try {
        await this.options.onOpen?.(client);
      } catch (error) {
        this.options.log?.(`engine connection: on open: ${String(error)}`);
      }
      const events = await client.events.subscribe();
      for await (const event of events) {
        if (!live && event.type === 'snapshot') {
          live = true;
          this.everConnected = true;
          this.options.onEvent(event);
          companion?.live();
          this.report({ status: 'connected', attempt: 0, everConnected: true });
          continue;
        }
        this.options.onEvent(event);
      }
    } catch (error) {
      // The socket closed under the stream (engine stopped or restarted, or we closed it).
      if (!this.disposed && this.endpoint === endpoint) {
        this.options.log?.(`engine connection: stream ended: ${String(error)}`);
      }
    } finally {
      if (this.current === client) this.current = null;
      companion?.end(live);
      closeAll();
      this.sockets = [];
    }
    return live ? 'session' : 'lost';
  }
}

/**
 * The renderer's connection to the engine: one control socket (oRPC) and one data socket
 * (terminal bytes), opened together, torn down together, and reopened with backoff.
 *
 * After every (re)connect the connection subscribes to `events.subscribe`, whose first event is a
 * full snapshot, so the UI never has to merge state across a gap; and it hands a fresh
 * {@link TerminalDataClient} to the terminal registry, which re-attaches every pane (each attach
 * answers with a screen snapshot).
 */
import {
  createEngineClient,
  waitForOpen,
  wsUrl,
  type EngineEndpoint,
  type WebSocketLike,
} from '../../shared/protocol/client.ts';
import { TerminalDataClient } from '../../shared/protocol/data-client.ts';
import { WakeableDelay } from '../../shared/wakeable-delay.ts';
import { DATA_PATH, RPC_PATH, type EngineClient, type EngineEvent } from '../../shared/protocol/index.ts';
import { reconnectDelay } from './backoff.ts';
import type { EngineAccess } from './call-engine.ts';

/** What the UI shows about the connection. */
export interface ConnectionState {
  /** `rejected`: the engine answers but refuses this page's token (it keeps checking, slowly). */
  status: 'connecting' | 'connected' | 'reconnecting' | 'rejected';
  /** Failed attempts since the last successful connection. */
  attempt: number;
  /** False until the first snapshot arrived: "cannot reach" reads differently from "lost". */
  everConnected: boolean;
}

export interface EngineConnectionOptions {
  endpoint: EngineEndpoint;
  /** Every event of `events.subscribe`; after each (re)connect the first one is a snapshot. */
  onEvent(event: EngineEvent): void;
  onState(state: ConnectionState): void;
  /** The live connection's data client, or null once it closed. */
  onDataClient(client: TerminalDataClient | null): void;
  /** Injected in tests; the browser's WebSocket otherwise. */
  createSocket?: (url: string) => WebSocketLike;
  delay?: (attempt: number) => number;
  /**
   * Asked after a socket failed to open: is the engine there and refusing the token? (Web mode:
   * an HTTP check; a browser hides why an upgrade failed.) Without it, every failure is
   * "cannot reach".
   */
  checkToken?: () => Promise<TokenCheck>;
}

/** The answer of a token check. */
export type TokenCheck = 'valid' | 'rejected' | 'unreachable';


export class EngineConnection implements EngineAccess {
  private current: EngineClient | null = null;
  private disposed = false;
  private readonly backoff = new WakeableDelay();
  private sockets: WebSocketLike[] = [];
  private running: Promise<void> | null = null;
  private everConnected = false;
  private readonly createSocket: (url: string) => WebSocketLike;
  private readonly delay: (attempt: number) => number;

  constructor(private options: EngineConnectionOptions) {
    this.createSocket = options.createSocket ?? browserSocket;
    this.delay = options.delay ?? ((attempt) => reconnectDelay(attempt));
  }

  /** The control-plane client while connected, null otherwise. */
  get client(): EngineClient | null {
    return this.current;
  }

  /** Start the connect / reconnect loop (idempotent). */
  start(): void {
    this.running ??= this.run();
  }

  /**
   * Point at a new engine (the desktop shell restarted a crashed engine on a new port and
   * token): drop the current sockets and connect there at once.
   */
  setEndpoint(endpoint: EngineEndpoint): void {
    this.options.endpoint = endpoint;
    // The loop may not be waiting yet (the old stream is still closing): skip its next wait.
    this.backoff.wakeOrSkipNext();
    for (const socket of this.sockets) socket.close();
  }

  /** Skip the rest of the current backoff wait (the banner's "Retry now"). */
  retryNow(): void {
    this.backoff.wake();
  }

  /** Close both sockets and stop reconnecting. */
  async dispose(): Promise<void> {
    this.disposed = true;
    for (const socket of this.sockets) socket.close();
    this.backoff.wake();
    await this.running;
  }

  private async run(): Promise<void> {
    let attempt = 0;
    this.options.onState({ status: 'connecting', attempt, everConnected: false });
    while (!this.disposed) {
      const outcome = await this.connectOnce();
      if (this.disposed) break;
      const hadSession = outcome === 'session';
      attempt = hadSession ? 0 : attempt + 1;
      const rejected = outcome === 'no-socket' && this.options.checkToken !== undefined && (await this.options.checkToken()) === 'rejected';
      if (this.disposed) break;
      this.options.onState({ status: rejected ? 'rejected' : 'reconnecting', attempt, everConnected: this.everConnected });
      await this.backoff.wait(this.delay(attempt));
    }
  }

  /**
   * One connection's lifetime. Resolves when it ends: `session` if it got as far as a snapshot
   * (then the next attempt starts the backoff from scratch), `no-socket` if the control socket
   * never opened, `lost` otherwise.
   */
  private async connectOnce(): Promise<'session' | 'no-socket' | 'lost'> {
    const { endpoint } = this.options;
    const rpc = this.createSocket(wsUrl(endpoint, RPC_PATH));
    this.sockets = [rpc];
    if (!(await waitForOpen(rpc))) return 'no-socket';
    const data = this.createSocket(wsUrl(endpoint, DATA_PATH));
    this.sockets = [rpc, data];
    // The two sockets live and die together: a half-open connection would show live panes
    // that silently stopped updating.
    const closeBoth = (): void => {
      rpc.close();
      data.close();
    };
    rpc.addEventListener('close', closeBoth);
    data.addEventListener('close', closeBoth);

    const client = createEngineClient(rpc);
    const dataClient = new TerminalDataClient(data);
    let gotSnapshot = false;
    try {
      const events = await client.events.subscribe();
      for await (const event of events) {
        if (event.type === 'snapshot' && !gotSnapshot) {
          gotSnapshot = true;
          this.everConnected = true;
          this.current = client;
          this.options.onEvent(event);
          this.options.onDataClient(dataClient);
          this.options.onState({ status: 'connected', attempt: 0, everConnected: true });
          continue;
        }
        this.options.onEvent(event);
      }
    } catch {
      // The socket closed under the stream (engine stopped or restarted): reconnect below.
    } finally {
      this.current = null;
      if (gotSnapshot) this.options.onDataClient(null);
      dataClient.close();
      closeBoth();
      this.sockets = [];
    }
    return gotSnapshot ? 'session' : 'lost';
  }
}

/**
 * The browser's WebSocket as a `WebSocketLike`. The cast is only about `send`'s parameter type:
 * `WebSocketLike` admits `SharedArrayBuffer`, which the DOM typing does not, and the protocol
 * clients never send one.
 */
function browserSocket(url: string): WebSocketLike {
  return new WebSocket(url) as unknown as WebSocketLike;
}

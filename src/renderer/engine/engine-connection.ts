/**
 * The renderer's connection to the engine: the shared reconnecting client
 * (`shared/protocol/reconnecting-client.ts`) with one companion, the data socket for terminal
 * bytes, opened with the control socket, torn down with it, and reopened with backoff.
 *
 * After every (re)connect the first event is a full snapshot, so the UI never has to merge state
 * across a gap; and a fresh {@link TerminalDataClient} goes to the terminal registry, which
 * re-attaches every pane (each attach answers with a screen snapshot).
 */
import { wsUrl, type EngineEndpoint, type WebSocketLike } from '../../shared/protocol/client.ts';
import { TerminalDataClient } from '../../shared/protocol/data-client.ts';
import { DATA_PATH, type EngineClient, type EngineEvent } from '../../shared/protocol/index.ts';
import { ReconnectingClient, type ConnectionState, type TokenCheck } from '../../shared/protocol/reconnecting-client.ts';
import type { EngineAccess } from './call-engine.ts';

export type { ConnectionState, TokenCheck };

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

export class EngineConnection implements EngineAccess {
  private readonly connection: ReconnectingClient;

  constructor(options: EngineConnectionOptions) {
    const createSocket = options.createSocket ?? browserSocket;
    const checkToken = options.checkToken;
    this.connection = new ReconnectingClient({
      endpoint: options.endpoint,
      createSocket,
      ...(options.delay ? { delay: options.delay } : {}),
      onEvent: options.onEvent,
      onState: options.onState,
      ...(checkToken ? { checkToken: () => checkToken() } : {}),
      companion: (endpoint) => {
        const socket = createSocket(wsUrl(endpoint, DATA_PATH));
        const data = new TerminalDataClient(socket);
        return {
          socket,
          live: () => options.onDataClient(data),
          end: (wasLive) => {
            if (wasLive) options.onDataClient(null);
            data.close();
          },
        };
      },
    });
  }

  /** The control-plane client while the control socket is open, null otherwise. */
  get client(): EngineClient | null {
    return this.connection.client;
  }

  /** Start the connect / reconnect loop (idempotent). */
  start(): void {
    this.connection.start();
  }

  /**
   * Point at a new engine (the desktop shell restarted a crashed engine on a new port and
   * token): drop the current sockets and connect there at once.
   */
  setEndpoint(endpoint: EngineEndpoint): void {
    this.connection.setEndpoint(endpoint);
  }

  /** Skip the rest of the current backoff wait (the banner's "Retry now"). */
  retryNow(): void {
    this.connection.retryNow();
  }

  /** Close both sockets and stop reconnecting. */
  dispose(): Promise<void> {
    return this.connection.dispose();
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

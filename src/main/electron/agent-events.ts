/**
 * The shell's own protocol client for agents: follows the engine's event stream (agents,
 * notifications) and asks the engine to focus a pane when a notification or tray entry is clicked.
 *
 * Reconnects with a short backoff when the stream ends (engine restart) and moves to a new
 * endpoint when the engine host announces one. Deliberately free of `electron` imports: it is
 * tested under plain Node against a real engine (`test/unit/electron/notifications.test.ts`).
 */
import { createEngineClient, waitForOpen, wsUrl, type EngineEndpoint, type WebSocketLike } from '../../shared/protocol/client.ts';
import { WakeableDelay } from '../../shared/wakeable-delay.ts';
import { RPC_PATH, type AgentNotification, type AgentSession, type EngineClient } from '../../shared/protocol/index.ts';

export interface AgentEventsOptions {
  /** A WebSocket to `url` (the global WebSocket in the shell; `ws` in tests). */
  readonly createSocket: (url: string) => WebSocketLike;
  readonly onNotification: (notification: AgentNotification) => void;
  readonly onAgents: (agents: readonly AgentSession[]) => void;
  readonly log?: (line: string) => void;
  /** First reconnect delay (ms), doubled up to {@link MAX_RETRY_MS}. */
  readonly retryMs?: number;
}

const DEFAULT_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

export class AgentEventsClient {
  private endpoint: EngineEndpoint | null = null;
  private socket: WebSocketLike | null = null;
  private client: EngineClient | null = null;
  private running: Promise<void> | null = null;
  private readonly backoff = new WakeableDelay();
  private disposed = false;

  constructor(private readonly options: AgentEventsOptions) {}

  /** Follow this engine (starts the loop on first call, reconnects on later ones). */
  setEndpoint(endpoint: EngineEndpoint): void {
    this.endpoint = endpoint;
    this.socket?.close();
    this.backoff.wake();
    this.running ??= this.loop();
  }

  /** Focus a session's pane (the engine updates the layout every window follows). */
  async focus(sessionId: string): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      return (await client.agents.focus({ sessionId })).ok;
    } catch {
      return false;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.socket?.close();
    this.backoff.wake();
    await this.running;
  }

  private async loop(): Promise<void> {
    let delay = this.options.retryMs ?? DEFAULT_RETRY_MS;
    while (!this.disposed) {
      const endpoint = this.endpoint;
      if (endpoint) {
        const delivered = await this.follow(endpoint);
        if (delivered) delay = this.options.retryMs ?? DEFAULT_RETRY_MS;
      }
      if (this.disposed) break;
      // Skip the wait when the endpoint changed while we were connected to the old one.
      if (this.endpoint === endpoint) {
        await this.backoff.wait(delay);
        delay = Math.min(MAX_RETRY_MS, delay * 2);
      }
    }
  }

  /**
   * One connection: subscribe and dispatch until the stream ends (closing the socket ends it).
   * True if anything arrived.
   */
  private async follow(endpoint: EngineEndpoint): Promise<boolean> {
    let socket: WebSocketLike;
    try {
      socket = this.options.createSocket(wsUrl(endpoint, RPC_PATH));
    } catch (error) {
      this.options.log?.(`agent events: cannot connect: ${String(error)}`);
      return false;
    }
    this.socket = socket;
    // Only talk over an open socket: a request sent into a closing one fails out of band.
    if (!(await waitForOpen(socket)) || this.disposed || this.endpoint !== endpoint) {
      socket.close();
      return false;
    }
    const client = createEngineClient(socket);
    this.client = client;
    let delivered = false;
    try {
      const stream = await client.events.subscribe();
      for await (const event of stream) {
        delivered = true;
        if (event.type === 'agents.changed') this.options.onAgents(event.agents);
        else if (event.type === 'agents.notification') this.options.onNotification(event.notification);
      }
    } catch (error) {
      if (!this.disposed && this.endpoint === endpoint) this.options.log?.(`agent events: stream ended: ${String(error)}`);
    } finally {
      if (this.client === client) this.client = null;
      socket.close();
    }
    return delivered;
  }
}

/**
 * The shell's own protocol client: follows the engine's event stream (agents, notifications,
 * repositories), asks the engine to focus a pane when a notification or tray entry is clicked,
 * and adds the folders the shell opens (File › Open Repository, a second launch, the dock).
 *
 * Reconnects with a short backoff when the stream ends (engine restart) and moves to a new
 * endpoint when the engine host announces one. Deliberately free of `electron` imports: it is
 * tested under plain Node against a real engine (`test/unit/electron/notifications.test.ts`).
 */
import { createEngineClient, waitForOpen, wsUrl, type EngineEndpoint, type WebSocketLike } from '../../shared/protocol/client.ts';
import { WakeableDelay } from '../../shared/wakeable-delay.ts';
import { RPC_PATH, type AgentNotification, type AgentSession, type EngineClient, type Repo } from '../../shared/protocol/index.ts';
import type { Result } from '../../shared/result.ts';

export interface AgentEventsOptions {
  /** A WebSocket to `url` (the global WebSocket in the shell; `ws` in tests). */
  readonly createSocket: (url: string) => WebSocketLike;
  readonly onNotification: (notification: AgentNotification) => void;
  readonly onAgents: (agents: readonly AgentSession[]) => void;
  /**
   * The registered repositories: the snapshot's list (`first: true`, once per connection) and
   * every change after it.
   */
  readonly onRepos?: (repos: readonly Repo[], first: boolean) => void;
  readonly log?: (line: string) => void;
  /**
   * Each new connection, before events flow: what the shell hands every engine it talks to (the
   * GitHub token the user stored), so a restarted engine gets it again.
   */
  readonly onConnected?: (client: EngineClient) => Promise<void> | void;
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
  private latestAgents: readonly AgentSession[] = [];

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

  /** The agents as last reported (empty before the first report). */
  get agents(): readonly AgentSession[] {
    return this.latestAgents;
  }

  /** Whether a connection to the engine is up right now. */
  get connected(): boolean {
    return this.client !== null;
  }

  /**
   * Register a folder as a repository (the engine validates it). Null when not connected or the
   * request failed in transport; otherwise the engine's result.
   */
  async addRepository(folder: string): Promise<Result<Repo> | null> {
    const client = this.client;
    if (!client) return null;
    try {
      return await client.repos.add({ path: folder });
    } catch (error) {
      this.options.log?.(`adding ${folder} failed: ${String(error)}`);
      return null;
    }
  }

  /** Give the engine the user's GitHub token (null forgets it); false when not connected. */
  async setGitHubToken(token: string | null): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      return (await client.ci.setToken({ token })).ok;
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
    try {
      await this.options.onConnected?.(client);
    } catch (error) {
      this.options.log?.(`agent events: on connect: ${String(error)}`);
    }
    let delivered = false;
    try {
      const stream = await client.events.subscribe();
      for await (const event of stream) {
        delivered = true;
        if (event.type === 'agents.changed') {
          this.latestAgents = event.agents;
          this.options.onAgents(event.agents);
        } else if (event.type === 'snapshot') this.options.onRepos?.(event.repos, true);
        else if (event.type === 'repos.changed') this.options.onRepos?.(event.repos, false);
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

/**
 * The shell's own protocol client: follows the engine's event stream (agents, notifications,
 * repositories), asks the engine to focus a pane when a notification or tray entry is clicked,
 * and adds the folders the shell opens (File › Open Repository, a second launch, the dock).
 *
 * The connection is the shared reconnecting client (`shared/protocol/reconnecting-client.ts`,
 * the renderer's too): it reconnects with backoff when the stream ends (engine restart) and moves
 * to a new endpoint when the engine host announces one. Deliberately free of `electron` imports:
 * it is tested under plain Node against a real engine (`test/unit/electron/notifications.test.ts`).
 */
import { doublingDelay } from '../../shared/protocol/backoff.ts';
import type { EngineEndpoint, WebSocketLike } from '../../shared/protocol/client.ts';
import { ReconnectingClient } from '../../shared/protocol/reconnecting-client.ts';
import type { AgentNotification, AgentSession, EngineClient, Repo } from '../../shared/protocol/index.ts';
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
  private readonly connection: ReconnectingClient;
  private started = false;
  private latestAgents: readonly AgentSession[] = [];

  constructor(private readonly options: AgentEventsOptions) {
    this.connection = new ReconnectingClient({
      endpoint: null,
      createSocket: options.createSocket,
      delay: doublingDelay(options.retryMs ?? DEFAULT_RETRY_MS, MAX_RETRY_MS),
      ...(options.log ? { log: options.log } : {}),
      ...(options.onConnected ? { onOpen: options.onConnected } : {}),
      onEvent: (event) => {
        if (event.type === 'agents.changed') {
          this.latestAgents = event.agents;
          options.onAgents(event.agents);
        } else if (event.type === 'snapshot') options.onRepos?.(event.repos, true);
        else if (event.type === 'repos.changed') options.onRepos?.(event.repos, false);
        else if (event.type === 'agents.notification') options.onNotification(event.notification);
      },
    });
  }

  private get client(): EngineClient | null {
    return this.connection.client;
  }

  /** Follow this engine (starts the loop on first call, reconnects on later ones). */
  setEndpoint(endpoint: EngineEndpoint): void {
    this.connection.setEndpoint(endpoint);
    if (!this.started) {
      this.started = true;
      this.connection.start();
    }
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

  dispose(): Promise<void> {
    return this.connection.dispose();
  }
}

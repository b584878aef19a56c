/**
 * The shell's link to the engine's agents and repositories: OS notifications (when the user is
 * not looking at the window), and the agents and repositories the tray, the badge, the recent
 * list and the quit confirmation are built from. Fed by the shell's own protocol client
 * ({@link AgentEventsClient}). Clicking a notification brings the window up and focuses the
 * agent's pane.
 */
import type { BrowserWindow } from 'electron';
import type { EngineEndpoint, WebSocketLike } from '../../shared/protocol/client.ts';
import type { AgentSession, EngineClient, Repo } from '../../shared/protocol/index.ts';
import type { Result } from '../../shared/result.ts';
import { AgentEventsClient } from './agent-events.ts';
import { shouldShowOsNotification } from './decisions/agent-notification.ts';
import { showAgentNotification } from './notifications.ts';

export interface AgentAlertsDeps {
  readonly window: () => BrowserWindow | null;
  /** Bring the window up (opening one if needed). */
  readonly showWindow: () => Promise<void>;
  readonly onAgents: (agents: readonly AgentSession[]) => void;
  readonly onRepos: (repos: readonly Repo[], first: boolean) => void;
  /** Each (re)connection to an engine: hand it what the shell keeps for it. */
  readonly onConnected?: (client: EngineClient) => Promise<void>;
  readonly log: (line: string) => void;
}

export interface AgentAlerts {
  setEndpoint(endpoint: EngineEndpoint): void;
  focusSession(sessionId: string): void;
  addRepository(folder: string): Promise<Result<Repo> | null>;
  setGitHubToken(token: string | null): Promise<boolean>;
  readonly agents: readonly AgentSession[];
  dispose(): Promise<void>;
}

/** The WebSocket client of this runtime (Electron's main process has Node's global one). */
export function runtimeWebSocket(): ((url: string) => WebSocketLike) | null {
  const Socket = (globalThis as { WebSocket?: new (url: string) => unknown }).WebSocket;
  return typeof Socket === 'function' ? (url) => new Socket(url) as WebSocketLike : null;
}

/** Start following the engine; null where the runtime has no WebSocket client. */
export function startAgentAlerts(deps: AgentAlertsDeps): AgentAlerts | null {
  const createSocket = runtimeWebSocket();
  if (createSocket === null) {
    deps.log('agent notifications off: this runtime has no WebSocket client');
    return null;
  }
  const focusSession = (sessionId: string): void => {
    void deps.showWindow().then(() => client.focus(sessionId));
  };
  const client = new AgentEventsClient({
    createSocket,
    log: deps.log,
    onAgents: deps.onAgents,
    onRepos: deps.onRepos,
    ...(deps.onConnected ? { onConnected: deps.onConnected } : {}),
    onNotification: (notification) => {
      const window = deps.window();
      const attention = {
        windowOpen: window !== null,
        windowFocused: window?.isFocused() ?? false,
        windowMinimized: window?.isMinimized() ?? false,
      };
      if (!shouldShowOsNotification(notification, attention)) return;
      showAgentNotification(notification, () => {
        if (notification.sessionId) focusSession(notification.sessionId);
        else void deps.showWindow();
      });
    },
  });
  return {
    setEndpoint: (endpoint) => client.setEndpoint(endpoint),
    focusSession,
    addRepository: (folder) => client.addRepository(folder),
    setGitHubToken: (token) => client.setGitHubToken(token),
    get agents() {
      return client.agents;
    },
    dispose: () => client.dispose(),
  };
}

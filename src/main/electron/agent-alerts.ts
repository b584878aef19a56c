/**
 * Agents in the desktop shell: OS notifications (when the user is not looking at the window)
 * and the tray, both fed by the shell's own protocol client ({@link AgentEventsClient}).
 * Clicking a notification or a tray entry brings the window up and focuses the agent's pane.
 */
import type { BrowserWindow } from 'electron';
import type { EngineEndpoint, WebSocketLike } from '../../shared/protocol/client.ts';
import { AgentEventsClient } from './agent-events.ts';
import { shouldShowOsNotification } from './decisions/agent-notification.ts';
import { showAgentNotification } from './notifications.ts';
import { AgentTray } from './tray.ts';

export interface AgentAlertsDeps {
  readonly iconPath: string;
  readonly window: () => BrowserWindow | null;
  readonly openWindow: () => Promise<void>;
  readonly quit: () => void;
  readonly log: (line: string) => void;
}

export interface AgentAlerts {
  setEndpoint(endpoint: EngineEndpoint): void;
  dispose(): Promise<void>;
}

/** Start following the engine's agents; null where the runtime has no WebSocket client. */
export function startAgentAlerts(deps: AgentAlertsDeps): AgentAlerts | null {
  const Socket = (globalThis as { WebSocket?: new (url: string) => unknown }).WebSocket;
  if (typeof Socket !== 'function') {
    deps.log('agent notifications off: this runtime has no WebSocket client');
    return null;
  }
  const showWindow = async (): Promise<void> => {
    const window = deps.window();
    if (window === null) {
      await deps.openWindow();
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const focusSession = (sessionId: string): void => {
    void showWindow().then(() => client.focus(sessionId));
  };
  const tray = new AgentTray(deps.iconPath, {
    focusSession,
    showWindow: () => void showWindow(),
    quit: deps.quit,
  });
  const client = new AgentEventsClient({
    createSocket: (url) => new Socket(url) as WebSocketLike,
    log: deps.log,
    onAgents: (agents) => tray.update(agents),
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
        else void showWindow();
      });
    },
  });
  return {
    setEndpoint: (endpoint) => client.setEndpoint(endpoint),
    async dispose() {
      await client.dispose();
      tray.dispose();
    },
  };
}

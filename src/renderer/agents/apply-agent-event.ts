/**
 * Where the agent events of the engine's stream land: sessions and settings in the store, each
 * notification as a toast whose click focuses its pane.
 */
import type { AgentNotification, EngineEvent } from '../../shared/protocol/index.ts';
import type { AppStore } from '../store/app-store.ts';

type AgentEvent = Extract<EngineEvent, { type: 'agents.changed' | 'agents.notification' | 'settings.changed' }>;

export function isAgentEvent(event: EngineEvent): event is AgentEvent {
  return event.type === 'agents.changed' || event.type === 'agents.notification' || event.type === 'settings.changed';
}

export function applyAgentEvent(event: AgentEvent, store: AppStore): void {
  const state = store.getState();
  switch (event.type) {
    case 'agents.changed':
      state.setAgents(event.agents);
      break;
    case 'settings.changed':
      state.setSettings(event.settings);
      break;
    case 'agents.notification':
      showNotification(store, event.notification);
      break;
  }
}

/** A notification as a toast (the engine already applied the user's per-kind toggles). */
export function showNotification(store: AppStore, notification: AgentNotification): void {
  const tone = notification.kind === 'exited-error' ? 'error' : notification.kind === 'needs-input' ? 'attention' : 'info';
  const text = `${notification.title} — ${notification.body}`;
  store.getState().pushToast(tone, text, notification.sessionId ?? undefined);
}

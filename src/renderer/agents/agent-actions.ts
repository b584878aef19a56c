/**
 * What the UI does with agents: list the launchable ones, start them (one worktree or a fan-out),
 * prepare and start a fresh session with handoff, change notification settings.
 *
 * The engine places new panes in the layout itself (and replaces a handed-off pane in place);
 * the grid follows its `layout.changed` events.
 */
import type { AgentProfileInfo, HandoffPreview, NotificationKind, Repo, Worktree } from '../../shared/protocol/index.ts';
import type { AppServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import type { UiResult } from '../errors/ui-error.ts';
import { INITIAL_SIZE } from '../grid/pane-actions.ts';
import { folderName } from '../repos/worktree-label.ts';

export function loadProfiles(services: AppServices, repoId: string): Promise<UiResult<AgentProfileInfo[]>> {
  return callEngine(services.engine, (client) => client.agents.profiles({ repoId }));
}

export interface LaunchRequest {
  agentId: string;
  /** Empty: start without a task. */
  prompt: string;
  repo: Repo;
  worktrees: readonly Worktree[];
}

/**
 * Start the agent in each selected worktree. One worktree: `agents.launch` (a prompt is
 * optional); several: `agents.fanOut` with the same prompt. Returns an error for the dialog, or
 * null; per-worktree failures of a fan-out become toasts (the others still start).
 */
export async function launchAgents(services: AppServices, request: LaunchRequest): Promise<string | null> {
  const { store } = services;
  const prompt = request.prompt.trim() === '' ? undefined : request.prompt;
  if (request.worktrees.length === 1) {
    const worktree = request.worktrees[0]!;
    const launched = await callEngine(services.engine, (client) =>
      client.agents.launch({ agentId: request.agentId, cwd: worktree.path, repoId: request.repo.id, ...(prompt ? { prompt } : {}), ...INITIAL_SIZE }),
    );
    return launched.ok ? null : errorMessage(launched.error);
  }
  if (!prompt) return 'Write the task to send it to several worktrees.';
  const fanned = await callEngine(services.engine, (client) =>
    client.agents.fanOut({
      agentId: request.agentId,
      prompt,
      targets: request.worktrees.map((worktree) => ({ cwd: worktree.path, repoId: request.repo.id })),
      ...INITIAL_SIZE,
    }),
  );
  if (!fanned.ok) return errorMessage(fanned.error);
  for (const target of fanned.value) {
    if (target.error) store.getState().pushToast('error', `${folderName(target.cwd)}: ${errorMessage(target.error)}`);
  }
  return fanned.value.every((target) => target.error) ? 'No agent could be started.' : null;
}

export function loadHandoffPreview(services: AppServices, sessionId: string, notes: string): Promise<UiResult<HandoffPreview>> {
  return callEngine(services.engine, (client) => client.agents.handoffPreview({ sessionId, ...(notes.trim() ? { notes } : {}) }));
}

export async function startHandoff(
  services: AppServices,
  request: { sessionId: string; prompt: string; notes: string; closeOld: boolean; agentId?: string },
): Promise<string | null> {
  const result = await callEngine(services.engine, (client) =>
    client.agents.handoff({
      sessionId: request.sessionId,
      prompt: request.prompt,
      ...(request.notes.trim() ? { notes: request.notes } : {}),
      closeOld: request.closeOld,
      ...(request.agentId ? { agentId: request.agentId } : {}),
      ...INITIAL_SIZE,
    }),
  );
  return result.ok ? null : errorMessage(result.error);
}

export async function setNotificationEnabled(services: AppServices, kind: NotificationKind, enabled: boolean): Promise<void> {
  const result = await callEngine(services.engine, (client) => client.settings.update({ notifications: { [kind]: enabled } }));
  if (!result.ok) services.store.getState().pushToast('error', errorMessage(result.error));
}

/** The agent a launch dialog preselects: the first installed one (built-ins come first). */
export function defaultAgent(profiles: readonly AgentProfileInfo[]): string | null {
  return profiles.find((profile) => profile.installed)?.id ?? profiles[0]?.id ?? null;
}

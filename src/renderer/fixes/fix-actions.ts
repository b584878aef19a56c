/**
 * What the UI does with fixes: preview and start one, land it, hand a conflict to the agent,
 * mark an integrator, archive the fix worktree afterwards. The engine places the agent's pane next
 * to the source's pane itself; the grid follows its layout events.
 */
import type { FixPreview, LandResult, Repo, SourceMode, StartedFix, Worktree } from '../../shared/protocol/index.ts';
import type { AppServices } from '../app/services.ts';
import { callEngine } from '../engine/call-engine.ts';
import { errorMessage } from '../errors/messages.ts';
import type { UiResult } from '../errors/ui-error.ts';
import { INITIAL_SIZE } from '../grid/pane-actions.ts';

export function previewFix(services: AppServices, repoId: string, worktreePath: string, commit?: string): Promise<UiResult<FixPreview>> {
  return callEngine(services.engine, (client) => client.fixes.preview({ repoId, from: worktreePath, ...(commit ? { commit } : {}) }));
}

export interface StartFixRequest {
  repoId: string;
  worktreePath: string;
  description: string;
  base: 'source' | 'target';
  agentId: string | null;
  commit?: string | undefined;
  command?: string;
  output?: string;
}

export async function startFix(services: AppServices, request: StartFixRequest): Promise<UiResult<StartedFix>> {
  const context = request.command || request.output ? { ...(request.command ? { command: request.command } : {}), ...(request.output ? { output: request.output } : {}) } : undefined;
  const started = await callEngine(services.engine, (client) =>
    client.fixes.start({
      repoId: request.repoId,
      from: request.worktreePath,
      description: request.description,
      base: request.base,
      agentId: request.agentId,
      ...(request.commit ? { commit: request.commit } : {}),
      ...(context ? { context } : {}),
      ...INITIAL_SIZE,
    }),
  );
  if (started.ok) {
    services.worktreeData.refresh(request.repoId);
    if (started.value.agentError) services.store.getState().pushToast('error', `The agent did not start: ${errorMessage(started.value.agentError)}`);
  }
  return started;
}

export async function landFix(services: AppServices, repoId: string, worktreePath: string, targets: string[], source: SourceMode): Promise<UiResult<LandResult>> {
  const result = await callEngine(services.engine, (client) => client.fixes.land({ repoId, fix: worktreePath, targets, source }));
  if (result.ok) services.worktreeData.refresh(repoId);
  return result;
}

export async function handConflictToAgent(services: AppServices, repoId: string, worktreePath: string, target: string, files: string[]): Promise<string | null> {
  const result = await callEngine(services.engine, (client) => client.fixes.handToAgent({ repoId, fix: worktreePath, target, files, ...INITIAL_SIZE }));
  return result.ok ? null : errorMessage(result.error);
}

/** The branches a fix can land on: its own target first, then the repository's targets. */
export async function landTargets(services: AppServices, repo: Repo, worktree: Worktree): Promise<string[]> {
  const config = await callEngine(services.engine, (client) => client.worktrees.config({ repoId: repo.id }));
  const names = [worktree.target ?? null, ...(config.ok ? [config.value.defaultBranch, ...config.value.config.targets] : [])];
  return [...new Set(names.filter((name): name is string => !!name && name !== worktree.branch && name !== worktree.parent))];
}

/** Mark (or unmark) a worktree as an integrator, with a toast when that fails. */
export async function setIntegrator(services: AppServices, repo: Repo, worktree: Worktree, integrator: boolean): Promise<void> {
  const result = await callEngine(services.engine, (client) => client.fixes.setIntegrator({ repoId: repo.id, worktree: worktree.path, integrator }));
  if (!result.ok) services.store.getState().pushToast('error', errorMessage(result.error));
  services.worktreeData.refresh(repo.id);
}

/**
 * `run`'s part that talks to an engine (its own or a running one): check every worktree and the
 * agent before starting anything, then one agent per worktree, CI triage when asked.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppError } from '../../../shared/errors.ts';
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import type { EngineClient } from '../../../shared/protocol/index.ts';
import type { Result } from '../../../shared/result.ts';

export interface RunTarget {
  /** The worktree's real path (git reports real paths). */
  path: string;
  repoId: string;
  branch: string | null;
}

export interface RunPlan {
  targets: RunTarget[];
  agentId: string;
  prompt: string | undefined;
  autoHandleCi: boolean;
  cols: number;
  rows: number;
}

const fail = (error: AppError): { ok: false; error: AppError } => ({ ok: false, error });

/** Each path must be the root of a git worktree (made by hand or by the app); repos get registered. */
export async function resolveTargets(client: EngineClient, paths: readonly string[]): Promise<Result<RunTarget[]>> {
  const targets: RunTarget[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    const info = await stat(absolute).catch(() => null);
    if (!info) return fail({ kind: 'PATH_NOT_FOUND', path: absolute });
    if (!info.isDirectory()) return fail({ kind: 'NOT_A_DIRECTORY', path: absolute });
    const real = await realpath(absolute);
    const repo = await client.repos.resolve({ path: real, register: true });
    if (!repo.ok) return repo;
    const listed = await client.worktrees.list({ repoId: repo.value.id });
    if (!listed.ok) return listed;
    const worktree = listed.value.find((candidate) => candidate.path === real);
    if (!worktree) {
      return fail({ kind: 'INVALID_INPUT', message: `${given} is inside the repository ${repo.value.path} but is not a worktree's top folder` });
    }
    if (!targets.some((target) => target.path === real)) targets.push({ path: real, repoId: repo.value.id, branch: worktree.branch });
  }
  return { ok: true, value: targets };
}

/**
 * The agent to start: a known agent id, or any command line (registered as a custom agent in the
 * settings, so the app can restart it too). Not installed → the install hint.
 */
export async function resolveAgent(client: EngineClient, agent: string, repoId: string): Promise<Result<string>> {
  const profiles = await client.agents.profiles({ repoId });
  if (!profiles.ok) return profiles;
  let profile = profiles.value.find((candidate) => candidate.id === agent);
  if (!profile) {
    const [command, ...args] = agent.trim().split(/\s+/);
    if (!command) return fail({ kind: 'AGENT_NOT_FOUND', agentId: agent });
    const id = customAgentId(command);
    const settings = await client.settings.get();
    const updated = await client.settings.update({
      agents: { custom: { ...settings.agents.custom, [id]: { command, ...(args.length > 0 ? { args } : {}) } } },
    });
    if (!updated.ok) return updated;
    const again = await client.agents.profiles({ repoId });
    if (!again.ok) return again;
    profile = again.value.find((candidate) => candidate.id === id);
    if (!profile) return fail({ kind: 'AGENT_NOT_FOUND', agentId: agent });
  }
  if (!profile.installed) {
    return fail({ kind: 'AGENT_NOT_INSTALLED', agentId: profile.id, command: profile.command, installHint: profile.installHint });
  }
  return { ok: true, value: profile.id };
}

/** `./tools/my agent.sh` → `run-my-agent.sh`: a valid settings key derived from the command. */
export function customAgentId(command: string): string {
  const base = path.basename(command).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return `run-${base || 'agent'}`.slice(0, 40);
}

/** Start one agent per target; stops at the first failure and reports what did start. */
export async function startAgents(client: EngineClient, plan: RunPlan): Promise<{ started: AgentSession[]; error: AppError | null }> {
  const started: AgentSession[] = [];
  for (const target of plan.targets) {
    const launched = await client.agents.launch({
      agentId: plan.agentId,
      cwd: target.path,
      repoId: target.repoId,
      ...(plan.prompt !== undefined ? { prompt: plan.prompt } : {}),
      cols: plan.cols,
      rows: plan.rows,
    });
    if (!launched.ok) return { started, error: launched.error };
    started.push(launched.value);
    if (plan.autoHandleCi) {
      const ci = await client.ci.setAutoTriage({ worktree: target.path, enabled: true });
      if (!ci.ok) return { started, error: ci.error };
    }
  }
  return { started, error: null };
}

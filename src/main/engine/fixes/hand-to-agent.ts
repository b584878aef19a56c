/**
 * "Hand to agent": send a land conflict, with what the agent needs to resolve it, to the agent in
 * the fix worktree — typed into its running session, or as the task of a new one.
 */
import type { HandToAgentInput } from '../../../shared/protocol/fixes.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { typedPromptBytes } from '../agents/index.ts';
import { readBranchLineage } from '../git/branch-lineage.ts';
import type { FixDeps } from './fix-deps.ts';
import { buildConflictPrompt } from './fix-prompt.ts';
import { locate } from './locate.ts';

export async function handToAgent(deps: FixDeps, input: HandToAgentInput): Promise<Result<{ sessionId: string; launched: boolean }>> {
  const located = await locate(deps.repos, input.repoId, input.fix);
  if (!located.ok) return located;
  const record = located.value.record;
  if (!record || record.branch === null) return err({ kind: 'WORKTREE_NOT_FOUND', path: input.fix });
  const lineage = await readBranchLineage(located.value.repo.path, record.branch);
  if (!lineage.ok) return lineage;
  const prompt = buildConflictPrompt({
    fixBranch: record.branch,
    conflictWith: input.target,
    files: input.files,
    base: lineage.value.base ?? input.target,
  });
  const here = deps.agents.list().filter((agent) => agent.cwd === record.path);
  const live = here.find((agent) => agent.status !== 'exited');
  if (live) {
    const typed = deps.terminals.input(live.sessionId, typedPromptBytes(prompt));
    return typed.ok ? ok({ sessionId: live.sessionId, launched: false }) : typed;
  }
  const agentId = input.agentId ?? here.at(-1)?.agentId ?? (await firstInstalled(deps, located.value.repo.id));
  if (!agentId) return err({ kind: 'AGENT_NOT_FOUND', agentId: '(none installed)' });
  const launched = await deps.agents.launch({ agentId, cwd: record.path, repoId: located.value.repo.id, prompt, cols: input.cols, rows: input.rows });
  return launched.ok ? ok({ sessionId: launched.value.sessionId, launched: true }) : launched;
}

async function firstInstalled(deps: FixDeps, repoId: string): Promise<string | null> {
  const profiles = await deps.agents.profiles(repoId);
  return profiles.ok ? (profiles.value.find((profile) => profile.installed)?.id ?? null) : null;
}

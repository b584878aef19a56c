/**
 * The git facts of a handoff: branch, target, diff stat against the target, recent commits.
 *
 * The target comes from `resolveTargets()` (the branch's recorded target, else the repository's
 * default branch), like everywhere else in the engine. Every git failure just leaves its fact out:
 * a handoff must work in a repository with no target, no commits yet, or a detached HEAD.
 */
import type { HandoffFacts } from '../../../../shared/protocol/agents.ts';
import type { Result } from '../../../../shared/result.ts';
import { currentBranch } from '../../git/branch.ts';
import { diffStat } from '../../git/diff-stat.ts';
import { logCommits } from '../../git/log.ts';
import { resolveTargets, targetOf } from '../../targets/index.ts';
import { MAX_COMMITS, trimCiFailure, trimDiffStat } from './handoff-prompt.ts';

export interface HandoffFactsInput {
  /** The worktree. */
  readonly cwd: string;
  /** The repository's main checkout (for the default branch), when known. */
  readonly mainPath: string | null;
  readonly task: string | null;
  readonly notes: string | null;
  readonly ciFailure: string | null;
}

export async function collectHandoffFacts(input: HandoffFactsInput): Promise<HandoffFacts> {
  const { cwd } = input;
  const branch = valueOrNull(await currentBranch(cwd).catch(() => null));
  const resolved = await resolveTargets(input.mainPath ?? cwd).catch(() => null);
  const target = resolved?.ok ? targetOf(resolved.value, branch) : null;
  const [changes, uncommitted, commits] = await Promise.all([
    target ? diffStat(cwd, [`${target}...HEAD`]).catch(() => null) : Promise.resolve(null),
    diffStat(cwd, ['HEAD']).catch(() => null),
    logCommits(cwd, { revisions: target ? [`${target}..HEAD`] : ['HEAD'], maxCount: MAX_COMMITS }).catch(() => null),
  ]);
  const diff = valueOrNull(changes);
  const dirty = valueOrNull(uncommitted);
  const log = valueOrNull(commits);
  return {
    task: input.task,
    branch,
    target,
    diffStat: diff === null ? null : trimDiffStat(diff),
    uncommitted: dirty === null ? null : trimDiffStat(dirty),
    commits: log === null ? [] : log.map((commit) => `${commit.shortSha} ${commit.subject}`),
    ciFailure: trimCiFailure(input.ciFailure),
    notes: input.notes?.trim() ? input.notes.trim() : null,
  };
}

function valueOrNull<T>(result: Result<T> | null): T | null {
  return result?.ok ? result.value : null;
}

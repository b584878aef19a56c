/**
 * The git facts of a handoff: branch, target, diff stat against the target, recent commits.
 *
 * The target is the branch's recorded target (`branch.<name>.agentOrchestratorTarget`, set when
 * the worktree was created), else the repository's default branch. Every git failure just leaves
 * its fact out: a handoff must work in a repository with no target, no commits yet, or a
 * detached HEAD.
 */
import type { HandoffFacts } from '../../../../shared/protocol/agents.ts';
import { defaultBranch } from '../../git/branch.ts';
import { TARGET_KEY } from '../../git/branch-target.ts';
import { runGit } from '../../git/core.ts';
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
  const branch = await currentBranch(cwd);
  const target = (branch ? await recordedTarget(cwd, branch) : null) ?? (await defaultTarget(input.mainPath ?? cwd, branch));
  const range = target ? `${target}...HEAD` : null;
  const [diffStat, uncommitted, commits] = await Promise.all([
    range ? gitText(cwd, ['diff', '--stat=100', range, '--']) : Promise.resolve(null),
    gitText(cwd, ['diff', '--stat=100', 'HEAD', '--']),
    gitText(cwd, ['log', '--no-decorate', '--format=%h %s', `-n${MAX_COMMITS}`, ...(target ? [`${target}..HEAD`] : ['HEAD']), '--']),
  ]);
  return {
    task: input.task,
    branch,
    target,
    diffStat: diffStat === null ? null : trimDiffStat(diffStat),
    uncommitted: uncommitted === null ? null : trimDiffStat(uncommitted),
    commits: commits === null ? [] : commits.split('\n').filter((line) => line.trim() !== ''),
    ciFailure: trimCiFailure(input.ciFailure),
    notes: input.notes?.trim() ? input.notes.trim() : null,
  };
}

async function currentBranch(cwd: string): Promise<string | null> {
  const name = await gitText(cwd, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return name?.trim() || null;
}

async function recordedTarget(cwd: string, branch: string): Promise<string | null> {
  const value = await gitText(cwd, ['config', '--get', `branch.${branch}.${TARGET_KEY}`]);
  return value?.trim() || null;
}

/** The default branch, unless that is the branch itself (then there is nothing to compare with). */
async function defaultTarget(mainPath: string, branch: string | null): Promise<string | null> {
  const found = await defaultBranch(mainPath).catch(() => null);
  const name = found?.ok ? found.value : null;
  return name && name !== branch ? name : null;
}

/** stdout of a successful git call, or null. */
async function gitText(cwd: string, args: readonly string[]): Promise<string | null> {
  const result = await runGit(args, { cwd, label: 'handoff' }).catch(() => null);
  return result?.ok ? result.value.stdout.replace(/\n+$/, '') : null;
}

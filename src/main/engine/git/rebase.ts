/**
 * `git rebase --onto <onto> <upstream> [<branch>]`, with `--update-refs`, in one worktree, and its
 * abort: used to restack a child branch after its parent moved.
 *
 * A conflict never stays behind: the rebase is aborted at once and the conflicted paths are
 * returned, so the worktree and every ref are as before.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';
import { conflictedFiles } from './operation-state.ts';

export interface RebaseOntoInput {
  readonly onto: string;
  /** Commits after this one are replayed. */
  readonly upstream: string;
  /** Check this branch out first (must not be checked out elsewhere); default: the current one. */
  readonly branch?: string;
  /** Move branches that point into the rebased range along (git ≥ 2.38). */
  readonly updateRefs?: boolean;
}

export type RebaseOutcome = { readonly done: true } | { readonly done: false; readonly files: string[] };

export async function rebaseOnto(cwd: string, input: RebaseOntoInput): Promise<Result<RebaseOutcome>> {
  const args = ['rebase', '--no-autostash', '--no-autosquash', ...(input.updateRefs ? ['--update-refs'] : []), '--onto', input.onto, input.upstream];
  if (input.branch !== undefined) args.push(input.branch);
  // Never an editor: an agent or the engine cannot answer one.
  const env = { GIT_EDITOR: 'true', GIT_SEQUENCE_EDITOR: 'true' };
  const result = await runGit(args, { cwd, label: 'rebase', env, successExitCodes: [0, 1] });
  if (!result.ok) return result;
  if (result.value.exitCode === 0) return ok({ done: true });
  const files = await conflictedFiles(cwd);
  const aborted = await abortRebase(cwd);
  if (!aborted.ok) return aborted;
  return ok({ done: false, files: files.ok ? files.value : [] });
}

/** `git rebase --abort`: back to the state before the rebase started. */
export async function abortRebase(cwd: string): Promise<Result<null>> {
  const result = await runGit(['rebase', '--abort'], { cwd, label: 'rebase' });
  return result.ok ? ok(null) : result;
}

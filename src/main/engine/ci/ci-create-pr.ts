/**
 * "Create PR": push the worktree's branch (`git push -u origin`, each progress line in the
 * worktree's `push` state) and open its pull request against the worktree's target, or reuse the
 * open one. Refuses a detached HEAD, a repository without a GitHub origin, a worktree with no target.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { CreatePrInput, PullRequest } from '../../../shared/protocol/ci.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { logCommits } from '../git/log.ts';
import { pushBranch } from '../git/push.ts';
import type { CiContext } from './ci-context.ts';
import type { CiCycle } from './ci-cycle.ts';

/** Push the branch (`git push -u origin`, progress in the status) and open its PR against the target. */
export async function createPullRequest(ctx: CiContext, cycle: CiCycle, input: CreatePrInput): Promise<Result<PullRequest>> {
  await cycle.refresh({ github: false });
  const found = await cycle.entryFor(input.worktree);
  if (!found.ok) return found;
  const entry = found.value;
  const { branch, github, target } = entry.scan;
  if (!branch) return err({ kind: 'DETACHED_HEAD', path: entry.scan.path });
  if (!github) return err({ kind: 'NO_GITHUB_REMOTE', path: entry.scan.repoPath, remote: entry.scan.remote });
  if (!target) return err({ kind: 'INVALID_INPUT', message: `${branch} has no target branch to open a pull request against` });
  if (entry.push && (entry.push.phase === 'pushing' || entry.push.phase === 'creating-pr')) {
    return err({ kind: 'INVALID_INPUT', message: `${branch} is already being pushed` });
  }
  const fail = (error: AppError): Result<PullRequest> => {
    entry.push = { phase: 'failed', progress: entry.push?.progress ?? null, error };
    ctx.emitIfChanged();
    return err(error);
  };
  entry.push = { phase: 'pushing', progress: null, error: null };
  ctx.emitIfChanged();
  let lastEmit = 0;
  const pushed = await pushBranch(entry.scan.path, branch, {
    onProgress: (line) => {
      if (!entry.push) return;
      entry.push = { ...entry.push, progress: line };
      // Progress lines come many per second: a tenth of a second is smooth enough.
      if (ctx.now() - lastEmit >= 100) {
        lastEmit = ctx.now();
        ctx.emitIfChanged();
      }
    },
  });
  if (!pushed.ok) return fail(pushed.error);
  entry.push = { phase: 'creating-pr', progress: entry.push.progress, error: null };
  ctx.emitIfChanged();
  const existing = await ctx.client.findPullRequest(github, branch);
  if (!existing.ok) return fail(existing.error);
  let pr = existing.value.value;
  if (!pr || pr.state === 'closed' || pr.state === 'merged') {
    const title = input.title ?? (await lastCommitSubject(entry.scan.path)) ?? branch;
    const created = await ctx.client.createPullRequest(github, { branch, base: target, title, body: input.body ?? '', draft: input.draft ?? false });
    if (!created.ok) return fail(created.error);
    pr = created.value;
  }
  entry.pr = pr;
  entry.push = { phase: 'done', progress: entry.push.progress, error: null };
  await cycle.refresh({ github: false });
  ctx.poller.wake();
  ctx.emitIfChanged();
  return ok(pr);
}

/** The subject of HEAD's commit: the default title of a PR. */
async function lastCommitSubject(cwd: string): Promise<string | null> {
  const commits = await logCommits(cwd, { revisions: ['HEAD'], maxCount: 1 }).catch(() => null);
  return commits?.ok ? (commits.value[0]?.subject || null) : null;
}

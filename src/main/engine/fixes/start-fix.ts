/**
 * Start a fix: a worktree on `fix/<slug>` forked from the source worktree's HEAD (or its target),
 * its lineage recorded in git config, bootstrapped like any worktree, and the chosen agent started
 * with the description and context, its pane next to the source's pane.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { FixPreview, StartedFix, StartFixInput } from '../../../shared/protocol/fixes.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { resolveCommit } from '../git/branch.ts';
import { setBranchLineage } from '../git/branch-lineage.ts';
import { refsContaining } from '../git/for-each-ref.ts';
import { countCommits, logCommits } from '../git/log.ts';
import { findBranch, resolveTargets, targetOf } from '../targets/index.ts';
import type { FixDeps } from './fix-deps.ts';
import { buildFixPrompt } from './fix-prompt.ts';
import { isValidSlug, slugOf } from './fix-slug.ts';
import { locate, type Located } from './locate.ts';

/** How many "-2", "-3" … a derived slug tries before giving up. */
const MAX_SLUG_TRIES = 20;

interface Source {
  located: Located;
  path: string;
  branch: string;
  head: string;
  /** The source's target; the source itself when it has none (a fix of the default branch). */
  target: string;
  targetSha: string;
}

async function findSource(deps: FixDeps, repoId: string | undefined, from: string): Promise<Result<Source>> {
  const located = await locate(deps.repos, repoId, from);
  if (!located.ok) return located;
  const record = located.value.record;
  if (!record) return err({ kind: 'WORKTREE_NOT_FOUND', path: from });
  if (record.branch === null || record.head === null) return err({ kind: 'DETACHED_HEAD', path: record.path });
  const resolved = await resolveTargets(located.value.repo.path);
  if (!resolved.ok) return resolved;
  const target = targetOf(resolved.value, record.branch) ?? record.branch;
  const found = findBranch(resolved.value.tips, target);
  if (!found) return err({ kind: 'TARGET_NOT_FOUND', branch: target });
  return ok({ located: located.value, path: record.path, branch: record.branch, head: record.head, target, targetSha: found.sha });
}

async function recentCommits(cwd: string, head: string): Promise<string[]> {
  const commits = await logCommits(cwd, { revisions: [head], maxCount: 5 });
  return commits.ok ? commits.value.map((commit) => `${commit.shortSha} ${commit.subject}`) : [];
}

/** What the dialog shows: the source, its target, and whether to fork from the target. */
export async function previewFix(deps: FixDeps, input: { repoId?: string | undefined; from: string; commit?: string | undefined }): Promise<Result<FixPreview>> {
  const source = await findSource(deps, input.repoId, input.from);
  if (!source.ok) return source;
  const { located, branch, head, target, targetSha } = source.value;
  const cwd = located.repo.path;
  let bugOnTarget: boolean | null = null;
  let reason: string;
  if (target === branch) {
    bugOnTarget = true;
    reason = `${branch} has no other target; the fix starts from it.`;
  } else if (input.commit !== undefined) {
    const commit = await resolveCommit(cwd, input.commit);
    if (!commit.ok) return commit;
    if (commit.value === null) return err({ kind: 'COMMIT_NOT_FOUND', ref: input.commit });
    const containing = await refsContaining(cwd, commit.value, [`refs/heads/${target}`]);
    if (!containing.ok) return containing;
    bugOnTarget = containing.value.has(`refs/heads/${target}`);
    reason = bugOnTarget
      ? `${target} contains ${commit.value.slice(0, 8)}, so it has the bug too: fork the fix from ${target} to land it without the feature.`
      : `${commit.value.slice(0, 8)} is only on ${branch}: fork the fix from it.`;
  } else {
    const ahead = await countCommits(cwd, [`${targetSha}..${head}`]);
    if (!ahead.ok) return ahead;
    if (ahead.value === 0) {
      bugOnTarget = true;
      reason = `${branch} has no commits beyond ${target}, so the bug is on ${target} too.`;
    } else {
      reason = `The fix starts from ${branch}'s current commit (it sees the bug as you do); only its own commits will land on ${target}. Fork from ${target} if the bug is there too.`;
    }
  }
  return ok({
    repoId: located.repo.id,
    source: { path: source.value.path, branch, head },
    target: target === branch ? null : target,
    recentCommits: await recentCommits(cwd, head),
    bugOnTarget,
    reason,
    recommendedBase: bugOnTarget ? 'target' : 'source',
  });
}

export async function startFix(deps: FixDeps, input: StartFixInput): Promise<Result<StartedFix>> {
  const source = await findSource(deps, input.repoId, input.from);
  if (!source.ok) return source;
  const { located, branch: sourceBranch, target } = source.value;
  const repo = located.repo;
  const base = input.base ?? 'source';

  let baseSha = base === 'target' ? source.value.targetSha : source.value.head;
  if (base === 'source' && input.commit !== undefined) {
    const commit = await resolveCommit(repo.path, input.commit);
    if (!commit.ok) return commit;
    if (commit.value === null) return err({ kind: 'COMMIT_NOT_FOUND', ref: input.commit });
    baseSha = commit.value;
  }

  if (input.name !== undefined && !isValidSlug(input.name)) {
    return err({ kind: 'INVALID_WORKTREE_NAME', name: input.name, problem: 'use letters, digits, ".", "_" and "-" only' });
  }
  const wanted = input.name ?? slugOf(input.description);
  let created: Awaited<ReturnType<FixDeps['worktrees']['create']>> | null = null;
  let slug = wanted;
  for (let attempt = 1; attempt <= (input.name ? 1 : MAX_SLUG_TRIES); attempt++) {
    slug = attempt === 1 ? wanted : `${wanted}-${attempt}`;
    created = await deps.worktrees.create({
      repoId: repo.id,
      name: `fix-${slug}`,
      branch: `fix/${slug}`,
      base: { kind: 'ref', ref: baseSha },
      target,
    });
    if (created.ok || !isNameTaken(created.error)) break;
  }
  if (!created) return err({ kind: 'INTERNAL', message: 'no worktree was created' });
  if (!created.ok) return created;
  const fixBranch = `fix/${slug}`;
  const worktreePath = created.value.worktree.path;

  const recorded = await setBranchLineage(repo.path, fixBranch, sourceBranch, baseSha);
  if (!recorded.ok) {
    await deps.worktrees.remove({ repoId: repo.id, path: worktreePath, force: true, deleteBranch: true });
    return recorded;
  }
  await deps.notify(repo.id);

  let sessionId: string | null = null;
  let agentError: AppError | null = null;
  if (input.agentId) {
    const prompt = buildFixPrompt({
      description: input.description,
      fixBranch,
      sourceBranch,
      target,
      base,
      recentCommits: await recentCommits(repo.path, source.value.head),
      command: input.context?.command,
      output: input.context?.output,
    });
    const launched = await deps.agents.launch(
      { agentId: input.agentId, cwd: worktreePath, repoId: repo.id, prompt, cols: input.cols, rows: input.rows },
      { placeAfter: paneOf(deps, source.value.path) },
    );
    if (launched.ok) sessionId = launched.value.sessionId;
    else agentError = launched.error;
  }
  return ok({
    repoId: repo.id,
    worktree: worktreePath,
    branch: fixBranch,
    parent: sourceBranch,
    target,
    base: baseSha,
    bootstrap: created.value.bootstrap,
    sessionId,
    agentError,
  });
}

function isNameTaken(error: AppError): boolean {
  return error.kind === 'BRANCH_EXISTS' || error.kind === 'WORKTREE_EXISTS' || error.kind === 'BRANCH_CHECKED_OUT';
}

/** The source worktree's pane: the focused one if it is there, else its first. */
export function paneOf(deps: FixDeps, worktreePath: string): string | null {
  const layout = deps.layout.get();
  const inWorktree = new Set(deps.terminals.list().filter((session) => session.cwd === worktreePath).map((session) => session.id));
  if (layout.focused && inWorktree.has(layout.focused)) return layout.focused;
  return layout.panes.find((id) => inWorktree.has(id)) ?? null;
}

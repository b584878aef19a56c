/**
 * The repository's scripts around a worktree: its setup (bootstrap) after a create or restore,
 * again on request, and its teardown before removal or archiving.
 *
 * Both run only for config content the user trusts; an untrusted teardown is reported as skipped
 * command by command, so the user sees what did not run.
 */
import type { Repo } from '../../../shared/protocol/repos.ts';
import type { BootstrapState, CommandsOutcome, CreatedWorktree, RepoConfig } from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { WorktreeRecord } from '../git/worktree-list.ts';
import { locate, type LifecycleContext } from './lifecycle-context.ts';

type PaneSize = { cols: number; rows: number };

/** A worktree that exists now, in its repository, with the config whose setup applies to it. */
export interface SetupTarget {
  repo: Repo;
  config: RepoConfig;
  /** The user trusts this config content (its commands may run). */
  trusted: boolean;
  worktreePath: string;
  branch: string | null;
}

/** (Re)run a worktree's bootstrap. */
export async function rerunBootstrap(
  ctx: LifecycleContext,
  input: { repoId: string; path: string; openPane?: PaneSize },
): Promise<Result<{ bootstrap: BootstrapState; sessionId: string | null }>> {
  const located = await locate(ctx, input.repoId, input.path);
  if (!located.ok) return located;
  const { repo, config, trusted, record, missing } = located.value;
  if (missing) return err({ kind: 'WORKTREE_MISSING', path: record.path });
  const started = await startBootstrap(ctx, { repo, config, trusted, worktreePath: record.path, branch: record.branch }, input.openPane);
  if (!started.ok) return started;
  return ok({ bootstrap: started.value.state, sessionId: started.value.sessionId });
}

/** After a worktree exists: start the bootstrap (unless asked not to) and describe the result. */
export async function finishCreated(
  ctx: LifecycleContext,
  target: SetupTarget,
  input: { bootstrap?: boolean; openPane?: PaneSize },
): Promise<Result<CreatedWorktree>> {
  let bootstrap: BootstrapState | null = null;
  let sessionId: string | null = null;
  if (input.bootstrap !== false) {
    const started = await startBootstrap(ctx, target, input.openPane);
    if (started.ok) {
      bootstrap = started.value.state;
      sessionId = started.value.sessionId;
    }
  }
  const worktree = await ctx.describe(target.repo.id, target.worktreePath);
  if (!worktree) return err({ kind: 'INTERNAL', message: `git does not list the new worktree ${target.worktreePath}` });
  return ok({ worktree, bootstrap, sessionId });
}

async function startBootstrap(
  ctx: LifecycleContext,
  { repo, config, trusted, worktreePath, branch }: SetupTarget,
  openPane: PaneSize | undefined,
): Promise<Result<{ state: BootstrapState; sessionId: string | null }>> {
  const started = await ctx.bootstrap.start({ repoId: repo.id, mainPath: repo.path, worktreePath, branch, config, trusted });
  if (!started.ok) return started;
  let sessionId: string | null = null;
  if (openPane) {
    const session = await ctx.bootstrap.openLogSession(worktreePath, { repoId: repo.id, ...openPane, closeOnSuccess: true });
    if (session.ok) sessionId = session.value.id;
  }
  return ok({ state: started.value, sessionId });
}

/** Run the config's teardown in the worktree (null when it has none). */
export async function teardown(ctx: LifecycleContext, repo: Repo, config: RepoConfig, trusted: boolean, record: WorktreeRecord): Promise<CommandsOutcome | null> {
  if (config.teardown.length === 0) return null;
  if (!trusted) {
    const skipped = config.teardown.map((command) => `not run: ${command}\n`).join('');
    return { ok: true, failed: null, exitCode: null, output: `Teardown skipped: the repository is not trusted.\n${skipped}` };
  }
  const env = await ctx.bootstrap.worktreeEnv(repo.path, record.path, record.branch);
  return ctx.bootstrap.runCommands(config.teardown, record.path, env);
}

/**
 * What every worktree lifecycle verb shares: the services it calls, the operation journal, and
 * finding a worktree (with its repository's config and trust) by path.
 *
 * The verbs are functions over this context, one file each (`lifecycle-create.ts`,
 * `lifecycle-remove.ts`, `lifecycle-archive.ts`, `lifecycle-restore.ts`, `lifecycle-prune.ts`,
 * `lifecycle-setup.ts`); `WorktreeLifecycle` runs them one repository at a time.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { Repo } from '../../../shared/protocol/repos.ts';
import type { RepoConfig, Worktree } from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { BootstrapService } from '../bootstrap/index.ts';
import { isDirectory } from '../fs/index.ts';
import { listWorktrees, type WorktreeRecord } from '../git/worktree-list.ts';
import type { PortService } from '../ports/index.ts';
import { loadRepoConfig, type LoadedRepoConfig } from '../repo-config/index.ts';
import type { RepoService } from '../repos/index.ts';
import type { TrustService } from '../trust/index.ts';
import type { OperationJournal } from './operation-journal.ts';
import type { WorktreeSessions } from './worktree-sessions.ts';

export interface WorktreeLifecycleOptions {
  repos: RepoService;
  /** Sessions running in a worktree: stopped (or refused) before its folder goes. */
  sessions: WorktreeSessions;
  bootstrap: BootstrapService;
  ports: PortService;
  /** Repository trust: setup, teardown and install scripts run only for trusted content. */
  trust: TrustService;
  home: string;
  userHomeDir?: string;
  /** The enriched `list` entry of one worktree (for results). */
  describe: (repoId: string, worktreePath: string) => Promise<Worktree | null>;
  /** Tell listeners a repository's worktrees changed (the watcher would notice too, later). */
  notify: (repoId: string) => Promise<void>;
}

/** The options with their defaults filled in, and the journal. */
export interface LifecycleContext extends WorktreeLifecycleOptions {
  readonly userHomeDir: string;
  /** Create, remove, archive and restore write their intent here first (see `recovery.ts`). */
  readonly journal: OperationJournal;
}

/** A registered repository with its loaded config, and whether the user trusts that config. */
export interface OpenedRepo {
  repo: Repo;
  loaded: LoadedRepoConfig;
  config: RepoConfig;
  /** The user trusts this config content (its commands may run). */
  trusted: boolean;
}

/** Where the lifecycle found a worktree, and the repository around it. */
export interface Located {
  repo: Repo;
  config: RepoConfig;
  /** The user trusts this config content (its commands may run). */
  trusted: boolean;
  records: WorktreeRecord[];
  record: WorktreeRecord;
  missing: boolean;
}

/** A registered repository and its config (REPO_NOT_FOUND, INVALID_CONFIG). */
export async function openRepo(ctx: LifecycleContext, repoId: string): Promise<Result<OpenedRepo>> {
  const repo = ctx.repos.get(repoId);
  if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
  const loaded = await loadRepoConfig(repo.path, ctx.home, ctx.userHomeDir);
  if (!loaded.ok) return loaded;
  return ok({ repo, loaded: loaded.value, config: loaded.value.config, trusted: await trusted(ctx, repo, loaded.value) });
}

/** Find a worktree of a registered repository by path, with the repository's config. */
export async function locate(ctx: LifecycleContext, repoId: string, worktreePath: string): Promise<Result<Located>> {
  const repo = ctx.repos.get(repoId);
  if (!repo) return err({ kind: 'REPO_NOT_FOUND', repoId });
  const loaded = await loadRepoConfig(repo.path, ctx.home, ctx.userHomeDir);
  if (!loaded.ok) return loaded;
  const listed = await listWorktrees(repo.path);
  if (!listed.ok) return listed;
  const wanted = await realpath(worktreePath).catch(() => path.resolve(worktreePath));
  const index = listed.value.findIndex((record) => samePath(record.path, worktreePath) || samePath(record.path, wanted));
  const record = listed.value[index];
  if (!record) return err({ kind: 'WORKTREE_NOT_FOUND', path: worktreePath });
  if (index === 0) return err({ kind: 'IS_MAIN_WORKTREE', path: record.path });
  const missing = record.prunable || !(await isDirectory(record.path));
  const isTrusted = await trusted(ctx, repo, loaded.value);
  return ok({ repo, config: loaded.value.config, trusted: isTrusted, records: listed.value, record, missing });
}

/** Whether the user trusts the config content that was just loaded (not a re-read of it). */
function trusted(ctx: LifecycleContext, repo: Repo, loaded: LoadedRepoConfig): Promise<boolean> {
  return ctx.trust.isTrustedContent(repo.path, loaded.configHash);
}

export function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

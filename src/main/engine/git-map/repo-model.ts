/**
 * The per-repository model the status map and fix presence start from: worktrees, targets,
 * branch tips and recorded targets, read in one burst of parallel git calls.
 *
 * The git-map service keeps one per repository while it watches that repository (refs and
 * worktree metadata), and reads it fresh on every question otherwise (one-shot CLI), so a cached
 * model is never older than the last change the watcher saw.
 */
import { realpath, stat } from 'node:fs/promises';
import type { RepoRef } from '../../../shared/protocol/git-map.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { revParseCommonDir } from '../git/rev-parse.ts';
import { listWorktrees, type WorktreeRecord } from '../git/worktree-list.ts';
import { loadRepoConfig } from '../repo-config/repo-config.ts';
import type { RepoService } from '../repos/repo-service.ts';
import { resolveTargets, type RepoTargets } from '../targets/resolve-targets.ts';

export interface RepoModel {
  /** Registered id, null for a repository the app does not know. */
  readonly repoId: string | null;
  /** The main worktree (where config, targets and the default branch are read). */
  readonly mainPath: string;
  /** The common git dir (refs, objects, worktree admin folders). */
  readonly commonDir: string;
  /** Every worktree, main first (bare entries excluded). */
  readonly worktrees: readonly WorktreeRecord[];
  readonly targets: RepoTargets;
}

export interface RepoModelDeps {
  readonly repos: RepoService;
  readonly home: string;
  readonly userHomeDir?: string;
}

/** Where a {@link RepoRef} points: the main worktree's path and the registered id. */
export async function locateRepo(ref: RepoRef, deps: RepoModelDeps): Promise<Result<{ repoId: string | null; mainPath: string }>> {
  if (ref.repoId !== undefined) {
    const repo = deps.repos.get(ref.repoId);
    return repo ? ok({ repoId: repo.id, mainPath: repo.path }) : err({ kind: 'REPO_NOT_FOUND', repoId: ref.repoId });
  }
  const given = ref.path ?? '';
  const info = await stat(given).catch(() => null);
  if (!info) return err({ kind: 'PATH_NOT_FOUND', path: given });
  if (!info.isDirectory()) return err({ kind: 'NOT_A_DIRECTORY', path: given });
  const listed = await listWorktrees(given);
  if (!listed.ok) return listed;
  const main = listed.value[0];
  if (!main || main.bare) return err({ kind: 'BARE_REPO', path: given });
  const mainReal = await realpath(main.path).catch(() => main.path);
  const registered = deps.repos.list().find((repo) => repo.path === mainReal || repo.path === main.path);
  return ok({ repoId: registered?.id ?? null, mainPath: registered?.path ?? main.path });
}

/** Read the model of the repository at `mainPath`. */
export async function loadRepoModel(
  location: { repoId: string | null; mainPath: string },
  deps: RepoModelDeps,
  signal?: AbortSignal,
): Promise<Result<RepoModel>> {
  const config = await loadRepoConfig(location.mainPath, deps.home, deps.userHomeDir);
  if (!config.ok) return config;
  const [worktrees, commonDir, targets] = await Promise.all([
    listWorktrees(location.mainPath),
    revParseCommonDir(location.mainPath),
    resolveTargets(location.mainPath, { configTargets: config.value.config.targets, ...(signal ? { signal } : {}) }),
  ]);
  if (!worktrees.ok) return worktrees;
  if (!commonDir.ok) return commonDir;
  if (!targets.ok) return targets;
  return ok({
    repoId: location.repoId,
    mainPath: location.mainPath,
    commonDir: commonDir.value,
    worktrees: worktrees.value.filter((record) => !record.bare),
    targets: targets.value,
  });
}

/** A branch or detached worktree the map and fix presence report on. */
export interface Subject {
  readonly branch: string | null;
  /** Full ref for a branch, null for a detached worktree. */
  readonly ref: string | null;
  readonly worktree: string | null;
  readonly head: string;
  readonly isTarget: boolean;
  /** The worktree record, when checked out somewhere. */
  readonly record: WorktreeRecord | null;
}

/**
 * The worktree branches and detached worktrees (in `worktree list` order), then the branches
 * with a recorded target that no worktree has checked out; targets excluded unless `withTargets`
 * (then they come first). A worktree whose branch was deleted is skipped (nothing to compare).
 */
export function subjectsOf(model: RepoModel, options: { withTargets: boolean; withRecorded: boolean }): Subject[] {
  const targets = model.targets;
  const { tips } = targets;
  const targetRefs = new Set(targets.targets.map((target) => target.ref));
  const subjects: Subject[] = [];
  const seen = new Set<string>();
  if (options.withTargets) {
    for (const target of targets.targets) {
      const record = model.worktrees.find((candidate) => candidate.branch !== null && `refs/heads/${candidate.branch}` === target.ref) ?? null;
      subjects.push({ branch: target.name, ref: target.ref, worktree: record?.path ?? null, head: target.sha, isTarget: true, record });
      seen.add(target.ref);
    }
  }
  for (const record of model.worktrees) {
    if (record.head === null) continue;
    if (record.branch === null) {
      subjects.push({ branch: null, ref: null, worktree: record.path, head: record.head, isTarget: false, record });
      continue;
    }
    const ref = `refs/heads/${record.branch}`;
    if (seen.has(ref) || targetRefs.has(ref)) continue;
    const tip = tips.get(ref);
    if (tip === undefined) continue;
    seen.add(ref);
    subjects.push({ branch: record.branch, ref, worktree: record.path, head: tip, isTarget: false, record });
  }
  if (options.withRecorded) {
    for (const branch of [...targets.recorded.keys()].sort()) {
      const ref = `refs/heads/${branch}`;
      const tip = tips.get(ref);
      if (tip === undefined || seen.has(ref) || targetRefs.has(ref)) continue;
      seen.add(ref);
      subjects.push({ branch, ref, worktree: null, head: tip, isTarget: false, record: null });
    }
  }
  return subjects;
}

/**
 * Bringing a dependency folder (node_modules, .venv, target) from the main checkout into a new
 * worktree, started at the beginning of a bootstrap and running while the steps that do not need
 * it (ports, ignored files) go on.
 *
 * Which path, in order:
 * 1. the worktree already has the folder, or the main checkout has none → nothing to bring;
 * 2. the file system clones copy-on-write → clone (instant, no extra disk);
 * 3. mode `clone` (the default) and the folder fits the size and free-space budgets, or mode
 *    `copy` and it fits the free-space budget → a parallel full copy (`parallel-copy.ts`);
 * 4. otherwise nothing: the bootstrap installs.
 * Every path says in the log which one was taken and why. Nothing here runs code the repository
 * brings: files are only copied; installs (and the trust gate in front of them) stay in the
 * bootstrap's dependency step.
 */
import { randomBytes } from 'node:crypto';
import { realpath, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DependencyMode } from '../../../shared/protocol/worktrees.ts';
import { isDirectory, pathExists as exists } from '../fs/index.ts';
import { freeSpace, judgeCopy, mayStartBeforeMeasured, type CopyBudget } from './copy-budget.ts';
import { cloneTree, relocateVenv, supportsCopyOnWrite, type Ecosystem } from './dependencies.ts';
import { parallelCopy, removeStaleStaging, type ParallelCopyResult } from './parallel-copy.ts';

/**
 * Bytes that full copies under way in this engine are still going to write: two worktrees
 * created at once must not both count the same free space.
 */
let pendingCopyBytes = 0;
/** Judgements one at a time, each counting the bytes the ones before it promised. */
let judging: Promise<unknown> = Promise.resolve();

/** How the folder got there, or that it did not. */
export type FolderOutcome = 'cloned' | 'copied' | 'none';

export interface DependencyFolderTask {
  /** The folder, relative to the checkouts (e.g. `node_modules`). */
  readonly depDir: string;
  /**
   * Resolves (quickly: after the copy-on-write probe and the budget checks) with whether the
   * folder is being cloned or copied, so other steps keep out of it meanwhile.
   */
  readonly bringing: Promise<boolean>;
  /** Resolves when done with the outcome and the log lines saying which path and why. Never rejects. */
  readonly done: Promise<{ outcome: FolderOutcome; lines: string[] }>;
}

export interface DependencyFolderRequest {
  mainPath: string;
  worktreePath: string;
  ecosystem: Ecosystem;
  mode: DependencyMode;
  budget: CopyBudget;
  /** Environment of the copier processes. */
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

/** Start bringing the folder; returns at once. Null when the mode or ecosystem has no folder to bring. */
export function startDependencyFolder(request: DependencyFolderRequest): DependencyFolderTask | null {
  const { ecosystem, mode } = request;
  if (ecosystem.depDir === null || (mode !== 'clone' && mode !== 'copy')) return null;
  const depDir = ecosystem.depDir;
  let announce: (bringing: boolean) => void = () => undefined;
  const bringing = new Promise<boolean>((resolve) => (announce = resolve));
  const lines: string[] = [];
  const done = bring(request, depDir, lines, announce)
    .catch((error: unknown) => {
      lines.push(`Could not bring ${depDir} from the main checkout: ${(error as Error).message}\n`);
      return 'none' as const;
    })
    .then((outcome) => {
      announce(false); // no-op when already announced
      return { outcome, lines };
    });
  return { depDir, bringing, done };
}

async function bring(
  request: DependencyFolderRequest,
  depDir: string,
  lines: string[],
  announce: (bringing: boolean) => void,
): Promise<FolderOutcome> {
  const { mainPath, worktreePath, ecosystem, mode, budget, env, signal } = request;
  const source = path.join(mainPath, depDir);
  const target = path.join(worktreePath, depDir);
  if (await exists(target)) {
    lines.push(`${depDir} already exists in the worktree; not copying it.\n`);
    return 'none';
  }
  if (!(await isDirectory(source))) {
    lines.push(`The main checkout has no ${depDir} to copy.\n`);
    return 'none';
  }
  // A symlinked folder in the main checkout: copy what it points to (a copy of the link would
  // share one folder between checkouts, the thing copying is meant to avoid).
  const realSource = await realpath(source);
  if (realSource !== source) lines.push(`${depDir} in the main checkout is a link to ${realSource}; copying that folder.\n`);

  const started = performance.now();
  const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1);
  if (await supportsCopyOnWrite(path.join(mainPath, ecosystem.lockfile), worktreePath)) {
    announce(true);
    lines.push(`Cloning ${depDir} copy-on-write (this file system shares the blocks until a file changes).\n`);
    await removeStaleStaging(target);
    const staging = path.join(worktreePath, `.${depDir}.ao-partial-${randomBytes(4).toString('hex')}`);
    if (!(await cloneTree(realSource, staging, true, signal)) || !(await placeStaging(staging, target))) {
      lines.push('The clone failed; installing instead.\n');
      return 'none';
    }
    lines.push(`Cloned in ${seconds()} s.\n`);
    await afterPlaced(depDir, source, realSource, target);
    return 'cloned';
  }

  // Mode `clone` on a volume with room for any folder within the budget: start copying (into
  // the staging folder) while `du` measures; a folder over the budget stops the copy and leaves
  // nothing. Saves the measurement's time, which `du` spends walking the same inodes the copy
  // then reads from the cache anyway.
  const early = new AbortController();
  const stopEarly = (): void => early.abort();
  signal.addEventListener('abort', stopEarly, { once: true });
  let copying: Promise<ParallelCopyResult> | null = null;
  let result: ParallelCopyResult;
  try {
    if (mode === 'clone' && mayStartBeforeMeasured(await freeSpace(worktreePath), budget, pendingCopyBytes)) {
      copying = parallelCopy(realSource, target, { env, signal: early.signal });
    }
    const turn = judging.then(async () => {
      const judged = await judgeCopy(realSource, worktreePath, budget, { enforceSize: mode === 'clone', pendingBytes: pendingCopyBytes });
      if (judged.copy) pendingCopyBytes += judged.bytes;
      return judged;
    });
    judging = turn.catch(() => undefined);
    const verdict = await turn;
    if (!verdict.copy) {
      lines.push(`Not copying ${depDir}: ${verdict.reason}. This file system has no copy-on-write clones; installing instead.\n`);
      return 'none';
    }
    announce(true);
    lines.push(`Copying ${depDir} from the main checkout: ${verdict.reason}. This file system has no copy-on-write clones, so it is a full copy (files, never hard links).\n`);
    try {
      result = await (copying ?? parallelCopy(realSource, target, { env, signal: early.signal }));
      copying = null;
    } finally {
      pendingCopyBytes -= verdict.bytes;
    }
  } finally {
    signal.removeEventListener('abort', stopEarly);
    // A copy started early and not used (over the budget, or an error): stop it and wait until
    // its staging folder is gone.
    if (copying !== null) {
      early.abort();
      await copying;
    }
  }
  if (!result.ok) {
    lines.push(
      result.error === 'cancelled'
        ? 'The copy was cancelled; the partial copy was removed.\n'
        : `The copy failed (${result.error}); the partial copy was removed. Installing instead.\n`,
    );
    return 'none';
  }
  lines.push(`Copied in ${seconds()} s (${result.workers} copier${result.workers === 1 ? '' : 's'} in parallel, ${result.units} entries).\n`);
  await afterPlaced(depDir, source, realSource, target);
  return 'copied';
}

async function placeStaging(staging: string, target: string): Promise<boolean> {
  try {
    await rename(staging, target);
    return true;
  } catch {
    await rm(staging, { recursive: true, force: true });
    return false;
  }
}

/** A cloned or copied virtualenv's scripts name the folder they were made in: re-point them. */
async function afterPlaced(depDir: string, source: string, realSource: string, target: string): Promise<void> {
  if (depDir !== '.venv') return;
  await relocateVenv(source, target);
  if (realSource !== source) await relocateVenv(realSource, target);
}

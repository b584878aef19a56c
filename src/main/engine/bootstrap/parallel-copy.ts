/**
 * A full, independent copy of a dependency folder (node_modules, .venv, target) on a file system
 * without copy-on-write: several copier processes at once, into a staging folder that becomes the
 * real folder only when every copier succeeded.
 *
 * Why several processes: a folder of dependencies is tens of thousands of small files, and copying
 * one costs about ten system calls (create, write, mode, times, close…) whatever its size, so the
 * time is kernel CPU, not disk bandwidth; one `cp` uses one core. The folder's top-level entries
 * (and the contents of scope folders such as `@types` and `.pnpm`, which hold most of the tree) are
 * split into batches that a few `cp` processes take from one queue, so a large package never
 * leaves the other copiers idle for long.
 *
 * Never hard links: an agent editing a dependency in one worktree must not change it in another
 * (package managers and people patch files in place). Symlinks are copied as symlinks (`.bin`
 * entries, pnpm's layout), never followed.
 *
 * Never half a folder: the copy goes to `.<name>.ao-partial-<random>` beside the target and is
 * renamed into place at the end (atomic on one file system); a failure or a cancel kills the
 * copiers and deletes the staging folder, so a worktree never shows an incomplete folder as its
 * dependencies.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, utimes, chmod, cp as fsCp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './run-command.ts';

/** Prefix of staging folders (after `.<name>`); stale ones from a crashed run are removed. */
const STAGING_MARK = '.ao-partial-';

/**
 * Folders whose children are split into separate work units: npm scopes (`@babel`, `@types`…)
 * and pnpm's virtual store hold most of a tree in one top-level entry.
 */
const SPLIT_NAMES = (name: string): boolean => name.startsWith('@') || name === '.pnpm';

/** Below this many units, every folder unit is split one level further (e.g. a .venv's lib/). */
const MIN_UNITS_PER_WORKER = 4;

/** Deepest level a unit may come from (a .venv reaches site-packages at depth 3). */
const MAX_SPLIT_DEPTH = 4;

/** Most source paths on one `cp` command line (well under any ARG_MAX). */
const MAX_BATCH = 256;

/**
 * Copier slots shared by every copy in this process: five worktrees created at once share the
 * same few copiers instead of starting fifteen `cp` processes on a two-core machine.
 */
const slots = { free: defaultCopyWorkers(), waiting: [] as Array<() => void> };

async function acquireSlot(): Promise<void> {
  if (slots.free > 0) {
    slots.free--;
    return;
  }
  await new Promise<void>((resolve) => slots.waiting.push(resolve));
}

function releaseSlot(): void {
  const next = slots.waiting.shift();
  if (next) next();
  else slots.free++;
}

export interface ParallelCopyOptions {
  /** Environment of the copier processes (its PATH finds `cp`). */
  env: NodeJS.ProcessEnv;
  /** Abort to stop: copiers are killed and the staging folder removed. */
  signal?: AbortSignal;
  /** Copier processes at once (default: {@link defaultCopyWorkers}). */
  workers?: number;
}

export type ParallelCopyResult = { ok: true; workers: number; units: number } | { ok: false; error: string };

/**
 * Copiers at once: at least two (one waits on the disk while the other runs), at most four (more
 * only contend for the same file system journal), never more than the machine's cores plus one.
 */
export function defaultCopyWorkers(): number {
  return Math.max(2, Math.min(4, os.availableParallelism() + 1));
}

/** One thing `cp` copies: `name` inside the folder `parent` (relative to the copy's root). */
interface Unit {
  parent: string;
  name: string;
  isDirectory: boolean;
  depth: number;
}

/**
 * Copy the folder `source` to `target` (which must not exist). Resolves with the result; never
 * rejects, and on failure leaves nothing at `target` and no staging folder.
 */
export async function parallelCopy(source: string, target: string, options: ParallelCopyOptions): Promise<ParallelCopyResult> {
  const staging = path.join(path.dirname(target), `.${path.basename(target)}${STAGING_MARK}${randomBytes(4).toString('hex')}`);
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await removeStaleStaging(target);
    const plan = await planUnits(source, (options.workers ?? defaultCopyWorkers()) * MIN_UNITS_PER_WORKER);
    // The folders the plan split are created here; `cp` creates everything below them.
    await mkdir(staging);
    for (const dir of plan.splitDirs) await mkdir(path.join(staging, dir));
    const workers = Math.max(1, Math.min(options.workers ?? defaultCopyWorkers(), plan.units.length));
    const batches = makeBatches(plan.units, workers);
    let failure: string | null = null;
    const worker = async (): Promise<void> => {
      for (let batch = batches.shift(); batch && failure === null; batch = batches.shift()) {
        if (stop.signal.aborted) {
          failure ??= 'cancelled';
          return;
        }
        await acquireSlot();
        let problem: string | null;
        try {
          problem = stop.signal.aborted ? 'cancelled' : await copyBatch(source, staging, batch, options.env, stop.signal);
        } finally {
          releaseSlot();
        }
        if (problem !== null && failure === null) {
          failure = problem;
          stop.abort(); // the others stop at once; their half-written files go with the staging folder
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
    if (failure === null && options.signal?.aborted) failure = 'cancelled';
    if (failure !== null) {
      await rm(staging, { recursive: true, force: true });
      return { ok: false, error: failure };
    }
    // Writing children changed the split folders' times: give them (and the root) the source's,
    // deepest first so setting a child's times does not disturb its parent's again.
    for (const dir of [...plan.splitDirs].reverse()) await copyModeAndTimes(path.join(source, dir), path.join(staging, dir));
    await copyModeAndTimes(source, staging);
    // Atomic on one file system; fails (and cleans up) if something appeared at `target` meanwhile.
    await rename(staging, target);
    return { ok: true, workers, units: plan.units.length };
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    return { ok: false, error: (error as Error).message };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** Remove staging folders a crashed or killed earlier run left beside `target`. */
export async function removeStaleStaging(target: string): Promise<void> {
  const prefix = `.${path.basename(target)}${STAGING_MARK}`;
  const entries = await readdir(path.dirname(target)).catch(() => [] as string[]);
  for (const name of entries) {
    if (name.startsWith(prefix)) await rm(path.join(path.dirname(target), name), { recursive: true, force: true });
  }
}

/**
 * The units of work: the entries of `source`, with scope folders split into their children, then
 * every folder split further while there are too few units to keep the copiers busy.
 */
async function planUnits(source: string, wanted: number): Promise<{ units: Unit[]; splitDirs: string[] }> {
  const splitDirs: string[] = [];
  let units = await children(source, '', 0);
  const split = async (shouldSplit: (unit: Unit) => boolean): Promise<boolean> => {
    let changed = false;
    const next: Unit[] = [];
    for (const unit of units) {
      if (unit.isDirectory && unit.depth < MAX_SPLIT_DEPTH && shouldSplit(unit)) {
        const relative = path.join(unit.parent, unit.name);
        splitDirs.push(relative);
        next.push(...(await children(path.join(source, relative), relative, unit.depth + 1)));
        changed = true;
      } else {
        next.push(unit);
      }
    }
    units = next;
    return changed;
  };
  await split((unit) => unit.depth === 0 && SPLIT_NAMES(unit.name));
  while (units.length < wanted && (await split(() => true)));
  return { units, splitDirs };
}

async function children(dir: string, parent: string, depth: number): Promise<Unit[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.map((entry) => ({ parent, name: entry.name, isDirectory: entry.isDirectory(), depth }));
}

/**
 * Batches of units sharing a parent folder (one `cp` writes into one folder), sized so each copier
 * gets several: an uneven package then delays one batch, not the whole copy.
 */
function makeBatches(units: readonly Unit[], workers: number): Unit[][] {
  const size = Math.max(1, Math.min(MAX_BATCH, Math.ceil(units.length / (workers * MIN_UNITS_PER_WORKER))));
  const byParent = new Map<string, Unit[]>();
  for (const unit of units) {
    const list = byParent.get(unit.parent) ?? [];
    list.push(unit);
    byParent.set(unit.parent, list);
  }
  const batches: Unit[][] = [];
  for (const list of byParent.values()) {
    for (let start = 0; start < list.length; start += size) batches.push(list.slice(start, start + size));
  }
  return batches;
}

/** Copy one batch into the staging folder; null on success, else what went wrong. */
async function copyBatch(
  source: string,
  staging: string,
  batch: readonly Unit[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<string | null> {
  const parent = batch[0]!.parent;
  const destination = path.join(staging, parent);
  const sources = batch.map((unit) => path.join(source, unit.parent, unit.name));
  const argv = copierCommand(sources, destination);
  if (argv === null) {
    // No system cp (Windows): Node's copy, one unit after the other in this copier.
    try {
      for (const [index, from] of sources.entries()) {
        if (signal.aborted) return 'cancelled';
        await fsCp(from, path.join(destination, batch[index]!.name), {
          recursive: true,
          verbatimSymlinks: true,
          errorOnExist: true,
          force: false,
          preserveTimestamps: true,
        });
      }
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
  let output = '';
  const exit = await runCommand({ argv }, {
    cwd: staging,
    env,
    signal,
    onOutput: (chunk) => {
      if (output.length < 4096) output += chunk.toString('utf8');
    },
  });
  if (signal.aborted) return 'cancelled';
  if (exit.spawnError) return exit.spawnError;
  if (exit.exitCode !== 0) return `cp exited with ${exit.exitCode ?? 'a signal'}${output.trim() ? `: ${output.trim().split('\n').slice(0, 3).join('; ')}` : ''}`;
  return null;
}

/**
 * The system copier for `sources` into the folder `destination`: recursive, symlinks as symlinks,
 * mode and times kept, no ownership or extended attributes (the user's own files; each would cost
 * a system call per file), never a hard link. Null where there is none (Windows).
 */
function copierCommand(sources: readonly string[], destination: string): string[] | null {
  if (process.platform === 'linux') {
    // GNU cp: -P keeps symlinks as symlinks; not -d/-a, which would also re-create hard links
    // among the copied files (we want none at all); --reflink=never skips the clone attempt this
    // file system just refused.
    return ['cp', '-PR', '--preserve=mode,timestamps', '--reflink=never', '--', ...sources, destination];
  }
  if (process.platform === 'win32') return null;
  // BSD cp (macOS, *BSD): -P never follows symlinks, -p keeps mode and times.
  return ['cp', '-pPR', '--', ...sources, destination];
}

async function copyModeAndTimes(from: string, to: string): Promise<void> {
  const info = await lstat(from);
  await chmod(to, info.mode & 0o7777);
  await utimes(to, info.atime, info.mtime);
}

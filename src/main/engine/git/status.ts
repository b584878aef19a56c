/**
 * `git status --porcelain=v1 -z`: uncommitted and untracked changes in one worktree.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/** One changed path from porcelain v1. */
export interface StatusEntry {
  /** Two status letters: index then worktree (`M `, ` M`, `??`, `R `, `UU` …). */
  readonly xy: string;
  readonly path: string;
  /** The source path of a rename or copy. */
  readonly origPath: string | null;
}

/**
 * Whether the worktree at `cwd` has uncommitted or untracked (not ignored) changes.
 *
 * `--no-optional-locks` keeps status from refreshing and locking the index: the engine reads
 * status while agents run git in the same worktree, and a held `index.lock` would make *their*
 * commands fail.
 */
export async function isDirty(cwd: string): Promise<Result<boolean>> {
  const result = await readStatus(cwd);
  return result.ok ? ok(result.value.length > 0) : result;
}

/** The changed paths of the worktree at `cwd`. */
export async function readStatus(cwd: string): Promise<Result<StatusEntry[]>> {
  const args = ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=normal'];
  const result = await runGit(args, { cwd, label: 'status' });
  return result.ok ? ok(parseStatus(result.value.stdout)) : result;
}

/**
 * Parse `git status --porcelain=v1 -z` output.
 *
 * Each entry is `XY <path>` ended by NUL; a rename or copy (X or Y is R/C) is followed by one
 * more NUL-terminated field holding the source path. Paths are verbatim (no quoting with -z).
 */
export function parseStatus(stdout: string): StatusEntry[] {
  const fields = stdout.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? '';
    if (field.length < 4) continue;
    const xy = field.slice(0, 2);
    const path = field.slice(3);
    const hasOrig = /[RC]/.test(xy);
    const origPath = hasOrig ? (fields[++i] ?? null) : null;
    entries.push({ xy, path, origPath });
  }
  return entries;
}

/**
 * Whether each worktree in `worktrees` is dirty, from one git process for all of them:
 * `git for-each-repo` runs `status --porcelain=v2 --branch -z` in each (git's own child
 * processes: far cheaper than the engine spawning fifty), and the `# branch.oid` header that
 * starts every worktree's output splits the answers. The worktree list goes in as repeated
 * `-c` values (an argument array, never a shell). `for-each-repo` stops at the first worktree
 * it cannot read, so the answers it printed are a prefix of the list; the rest are read one
 * process each (null when unreadable). Optional locks are off in every child, as in {@link readStatus}.
 */
export async function dirtyFlagsOf(cwd: string, worktrees: readonly string[]): Promise<Array<boolean | null>> {
  const batchable = worktrees.length > 1 && worktrees.every((worktree) => !/[\n\0]/.test(worktree));
  let answered: boolean[] = [];
  if (batchable) {
    const args = [...worktrees.flatMap((worktree) => ['-c', `${BATCH_KEY}=${worktree}`]), 'for-each-repo', `--config=${BATCH_KEY}`, '--', ...STATUS_V2_ARGS];
    const result = await runGit(args, { cwd, label: 'status', successExitCodes: [0, 1, 128], env: { GIT_OPTIONAL_LOCKS: '0' } });
    if (result.ok) answered = parseStatusBatch(result.value.stdout).slice(0, worktrees.length);
  }
  const rest = await Promise.all(
    worktrees.slice(answered.length).map(async (worktree) => {
      const dirty = await isDirty(worktree);
      return dirty.ok ? dirty.value : null;
    }),
  );
  return [...answered, ...rest];
}

const BATCH_KEY = 'agentorchestrator.statusbatch';
const STATUS_V2_ARGS = ['status', '--porcelain=v2', '--branch', '-z', '--untracked-files=normal'];

/**
 * Split `for-each-repo … status --porcelain=v2 --branch -z` output into one dirty flag per
 * worktree: each worktree starts with `# branch.oid`; any entry that is not a header (`1`, `2`,
 * `u`, `?` lines) makes it dirty. A rename entry (`2`) carries one more field, its source path.
 */
export function parseStatusBatch(stdout: string): boolean[] {
  const flags: boolean[] = [];
  const fields = stdout.split('\0');
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    if (field === '') continue;
    if (field.startsWith('# branch.oid ')) {
      flags.push(false);
      continue;
    }
    if (field.startsWith('# ')) continue;
    if (flags.length > 0) flags[flags.length - 1] = true;
    if (field.startsWith('2 ')) index += 1;
  }
  return flags;
}

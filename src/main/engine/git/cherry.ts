/**
 * `git cherry`: which of a branch's commits already have a patch-equivalent upstream.
 *
 * `git cherry <upstream> <head> [<limit>]` compares each commit of `limit..head` with the commits
 * of `upstream` since the merge base by patch-id: `-` means an equivalent is already upstream
 * (a cherry-pick, with or without `-x`, or a rebase), `+` means it is missing.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/** One commit of `head` and whether `upstream` has an equivalent. */
export interface CherryEntry {
  readonly sha: string;
  /** True for `-`: a commit with the same patch-id is in `upstream`. */
  readonly equivalent: boolean;
}

/**
 * Run `git cherry upstream head [limit]`; entries in git's order (oldest first).
 *
 * To ask "is fix F (or an equivalent) in branch B": `cherry(cwd, B, F, F^)` gives one entry for F.
 */
export async function cherry(
  cwd: string,
  upstream: string,
  head: string,
  limit?: string,
  signal?: AbortSignal,
): Promise<Result<CherryEntry[]>> {
  const args = ['cherry', '--end-of-options', upstream, head, ...(limit !== undefined ? [limit] : [])];
  const result = await runGit(args, { cwd, label: 'cherry', ...(signal ? { signal } : {}) });
  if (!result.ok) return result;
  return ok(parseCherry(result.value.stdout));
}

/** Parse `+ <sha>` / `- <sha>` lines. */
export function parseCherry(stdout: string): CherryEntry[] {
  const entries: CherryEntry[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^([+-]) ([0-9a-f]{40,64})/.exec(line);
    if (match) entries.push({ sha: match[2]!, equivalent: match[1] === '-' });
  }
  return entries;
}

/**
 * Bring back the tracked files missing from a worktree, from its own index.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

/**
 * Check out every file the index has and the folder does not (`ls-files --deleted`), as staged.
 * `checkout-index` without `-f` never overwrites a file that is there, so nothing the user has
 * is touched. Returns how many files came back.
 */
export async function checkoutDeletedFiles(worktreePath: string): Promise<Result<number>> {
  const deleted = await runGit(['ls-files', '-z', '--deleted'], { cwd: worktreePath, label: 'checkout-deleted' });
  if (!deleted.ok) return deleted;
  const paths = deleted.value.stdout;
  if (paths === '') return ok(0);
  const restored = await runGit(['checkout-index', '-z', '--stdin'], { cwd: worktreePath, stdin: paths, label: 'checkout-deleted' });
  if (!restored.ok) return restored;
  return ok(paths.split('\0').filter(Boolean).length);
}

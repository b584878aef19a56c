/**
 * Local branches with their upstreams, in one `for-each-ref`: which branches are pushed.
 */
import { ok, type Result } from '../../../shared/result.ts';
import { runGit } from './core.ts';

export interface BranchUpstream {
  /** `feature/x`. */
  readonly branch: string;
  /** `origin/feature/x`, null when the branch tracks nothing. */
  readonly upstream: string | null;
  /** The remote-tracking branch's commit (what was last pushed or fetched), when it exists. */
  readonly upstreamSha: string | null;
}

/**
 * Every local branch with its upstream. A branch without a configured upstream that has a
 * same-named branch on `origin` (pushed without `-u`) counts as tracking it.
 */
export async function branchUpstreams(cwd: string): Promise<Result<Map<string, BranchUpstream>>> {
  const format = '%(refname)%00%(upstream)%00%(upstream:short)%00%(objectname)';
  const result = await runGit(['for-each-ref', `--format=${format}`, 'refs/heads', 'refs/remotes/origin'], { cwd, label: 'branch-upstreams' });
  if (!result.ok) return result;
  const remoteShas = new Map<string, string>();
  const locals: { branch: string; upstreamRef: string; upstreamShort: string }[] = [];
  for (const line of result.value.stdout.split('\n')) {
    const [ref, upstreamRef, upstreamShort, sha] = line.split('\0');
    if (!ref || sha === undefined) continue;
    if (ref.startsWith('refs/remotes/')) remoteShas.set(ref, sha);
    else if (ref.startsWith('refs/heads/')) locals.push({ branch: ref.slice('refs/heads/'.length), upstreamRef: upstreamRef ?? '', upstreamShort: upstreamShort ?? '' });
  }
  const out = new Map<string, BranchUpstream>();
  for (const { branch, upstreamRef, upstreamShort } of locals) {
    if (upstreamRef) {
      out.set(branch, { branch, upstream: upstreamShort || upstreamRef, upstreamSha: remoteShas.get(upstreamRef) ?? null });
      continue;
    }
    const sameName = `refs/remotes/origin/${branch}`;
    const sha = remoteShas.get(sameName) ?? null;
    out.set(branch, { branch, upstream: sha ? `origin/${branch}` : null, upstreamSha: sha });
  }
  return ok(out);
}

/**
 * Repositories: the git repositories the user registered with the app.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { resultSchema } from '../result.ts';

export const RepoSchema = z.object({
  id: z.string(),
  /** Absolute, real path of the main working tree. */
  path: z.string(),
  /** Display name (the folder name). */
  name: z.string(),
  addedAt: z.string(),
});
export type Repo = z.infer<typeof RepoSchema>;

export const reposContract = {
  list: oc.output(z.array(RepoSchema)),
  /** Add by path; a path inside a worktree or subfolder resolves to its main repository. */
  add: oc.input(z.object({ path: z.string() })).output(resultSchema(RepoSchema)),
  /**
   * The registered repository containing `path` (any folder inside it or one of its worktrees);
   * with `register`, registers it when it is not yet (the CLI's `--repo`).
   */
  resolve: oc
    .input(z.object({ path: z.string().min(1).max(4096), register: z.boolean().optional() }))
    .output(resultSchema(RepoSchema)),
  remove: oc.input(z.object({ repoId: z.string() })).output(resultSchema(z.object({ repoId: z.string() }))),
};

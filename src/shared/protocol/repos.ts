/**
 * Repositories: the git repositories the user registered with the app.
 */
import { oc } from '@orpc/contract';
import { z } from 'zod';
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
  remove: oc.input(z.object({ repoId: z.string() })).output(resultSchema(z.object({ repoId: z.string() }))),
};

/**
 * Worktrees: read from `git worktree list --porcelain -z`, git being the source of truth.
 */
import { oc } from '@orpc/contract';
import { z } from 'zod';
import { resultSchema } from '../result.ts';

export const WorktreeSchema = z.object({
  repoId: z.string(),
  path: z.string(),
  /** Commit the worktree's HEAD points at (null for an unborn branch). */
  head: z.string().nullable(),
  /** Short branch name (`feature/x`), null when detached. */
  branch: z.string().nullable(),
  detached: z.boolean(),
  isMain: z.boolean(),
  locked: z.boolean(),
  lockReason: z.string().nullable(),
  prunable: z.boolean(),
  prunableReason: z.string().nullable(),
  /** Uncommitted or untracked changes; null when it could not be read (e.g. folder missing). */
  dirty: z.boolean().nullable(),
});
export type Worktree = z.infer<typeof WorktreeSchema>;

export const worktreesContract = {
  list: oc.input(z.object({ repoId: z.string() })).output(resultSchema(z.array(WorktreeSchema))),
};

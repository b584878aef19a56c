/**
 * Git intelligence: the merged-status map across targets, fix presence, applying a fix to
 * worktrees, and each branch's target.
 *
 * A repository is named by its registered id or by any path inside it (the CLI's `--repo`), so
 * the map also works for a repository the app has not registered.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { AppErrorSchema } from '../errors.ts';
import { resultSchema } from '../result.ts';

/** Longest path or ref a client may send. */
const MAX_PATH = 4_096;
const MAX_REF = 256;
/** Most worktrees one apply may touch. */
export const MAX_APPLY_WORKTREES = 100;

/** Which repository: its registered id, or a path inside it. Exactly one. */
export const RepoRefSchema = z
  .object({ repoId: z.string().min(1).max(200).optional(), path: z.string().min(1).max(MAX_PATH).optional() })
  .refine((value) => (value.repoId === undefined) !== (value.path === undefined), 'give either repoId or path');
export type RepoRef = z.infer<typeof RepoRefSchema>;

/**
 * How a branch stands against one target.
 * - `merged`: its tip is an ancestor of the target;
 * - `equivalent`: not an ancestor, but the target already has all of its changes (squash merge,
 *   rebase merge, cherry-picks);
 * - `unmerged`: anything else.
 */
export const MergeStateSchema = z.enum(['merged', 'equivalent', 'unmerged']);
export type MergeState = z.infer<typeof MergeStateSchema>;

export const PairStatusSchema = z.object({
  state: MergeStateSchema,
  /** `git rev-list --count TARGET..BRANCH`. */
  ahead: z.number().int().nonnegative(),
  /** `git rev-list --count BRANCH..TARGET`. */
  behind: z.number().int().nonnegative(),
  /** Would merging the branch into the target conflict; null when merged or equivalent. */
  conflicts: z.boolean().nullable(),
});
export type PairStatus = z.infer<typeof PairStatusSchema>;

export const MapBranchSchema = z.object({
  /** Short branch name; null for a detached worktree. */
  branch: z.string().nullable(),
  /** The worktree that has it checked out, or null. */
  worktree: z.string().nullable(),
  head: z.string(),
  /** The branch's own target (recorded, else the default branch). */
  target: z.string().nullable(),
  /** Uncommitted or untracked changes in its worktree; null without a worktree. */
  dirty: z.boolean().nullable(),
  /** Commits not on its upstream (`@{upstream}..branch`); null without an upstream. */
  unpushed: z.number().int().nonnegative().nullable(),
  /** One entry per target name, plus one for its own `target` when that is none of the repository's. */
  status: z.record(z.string(), PairStatusSchema),
});
export type MapBranch = z.infer<typeof MapBranchSchema>;

export const GitMapSchema = z.object({
  /** The main worktree's absolute path. */
  repo: z.string(),
  /** Registered id, null for an unregistered repository. */
  repoId: z.string().nullable(),
  /** Existing targets: default branch first, then the configured ones. */
  targets: z.array(z.string()),
  /** Configured targets that name no branch. */
  missingTargets: z.array(z.string()),
  /** Every worktree branch (and detached worktree) and every branch with a recorded target; never a target itself. */
  branches: z.array(MapBranchSchema),
});
export type GitMap = z.infer<typeof GitMapSchema>;

/** Is a commit (or a patch-equivalent one) in a branch. */
export const PresenceSchema = z.enum(['contains', 'equivalent', 'missing']);
export type Presence = z.infer<typeof PresenceSchema>;

export const PresenceEntrySchema = z.object({
  branch: z.string().nullable(),
  worktree: z.string().nullable(),
  /** The branch is one of the repository's targets. */
  isTarget: z.boolean(),
  head: z.string(),
  presence: PresenceSchema,
});
export type PresenceEntry = z.infer<typeof PresenceEntrySchema>;

export const FixPresenceSchema = z.object({
  commit: z.string(),
  subject: z.string(),
  /** Every target, then every worktree branch (and detached worktree). */
  branches: z.array(PresenceEntrySchema),
});
export type FixPresence = z.infer<typeof FixPresenceSchema>;

export const ApplyOutcomeSchema = z.object({
  worktree: z.string(),
  /**
   * - `applied`: a new commit (`cherry-pick -x`) is on the worktree's branch;
   * - `already-present`: the branch contains the commit or an equivalent; nothing done;
   * - `conflict`: the cherry-pick stopped with conflicts, left in progress for someone to resolve
   *   or abort (`gitMap.abortApply`);
   * - `refused`: not attempted (`error` says why: dirty worktree, operation in progress …).
   */
  outcome: z.enum(['applied', 'already-present', 'conflict', 'refused']),
  /** The new commit for `applied`. */
  commit: z.string().nullable(),
  conflictedPaths: z.array(z.string()),
  error: AppErrorSchema.nullable(),
});
export type ApplyOutcome = z.infer<typeof ApplyOutcomeSchema>;

const RepoInput = { repo: RepoRefSchema };

export const gitMapContract = {
  /**
   * The status map of every worktree branch against every target. Dirty flags may be from the
   * previous map (re-read in the background, `gitMap.changed` when one differs) unless
   * `freshDirty` asks to read them first (the CLI does).
   */
  map: oc.input(z.object({ ...RepoInput, freshDirty: z.boolean().optional() })).output(resultSchema(GitMapSchema)),
  /** Which targets and worktree branches contain a commit, an equivalent, or neither. */
  contains: oc
    .input(z.object({ ...RepoInput, commit: z.string().min(1).max(MAX_REF) }))
    .output(resultSchema(FixPresenceSchema)),
  /** Change (or with null, forget) a branch's target; recorded in git config. */
  setTarget: oc
    .input(z.object({ ...RepoInput, branch: z.string().min(1).max(MAX_REF), target: z.string().min(1).max(MAX_REF).nullable() }))
    .output(resultSchema(z.null())),
  /** `cherry-pick -x` a commit into each chosen worktree; dirty ones are refused unless `allowDirty`. */
  apply: oc
    .input(
      z.object({
        ...RepoInput,
        commit: z.string().min(1).max(MAX_REF),
        worktrees: z.array(z.string().min(1).max(MAX_PATH)).min(1).max(MAX_APPLY_WORKTREES),
        allowDirty: z.boolean().optional(),
      }),
    )
    .output(resultSchema(z.array(ApplyOutcomeSchema))),
  /** Abort the cherry-pick a conflicting apply left in a worktree. */
  abortApply: oc.input(z.object({ ...RepoInput, worktree: z.string().min(1).max(MAX_PATH) })).output(resultSchema(z.null())),
  /**
   * Give a conflicted apply to the worktree's agent: the prompt is typed into the agent running
   * there, or a new agent (`agentId`) is started with it.
   */
  handToAgent: oc
    .input(
      z.object({
        ...RepoInput,
        worktree: z.string().min(1).max(MAX_PATH),
        commit: z.string().min(1).max(MAX_REF),
        agentId: z.string().min(1).max(200).optional(),
      }),
    )
    .output(resultSchema(z.object({ sessionId: z.string(), started: z.boolean() }))),
};

/** Sent when a repository's refs or worktrees moved: clients re-read `gitMap.map` for it. */
export const GitMapChangedEventSchema = z.object({ type: z.literal('gitMap.changed'), repoId: z.string() });

/**
 * Branch a fix from a worktree and land it without a hop.
 *
 * A fix is a worktree on `fix/<slug>` forked from a source worktree's HEAD (or from its target);
 * git config records its parent branch, its fork point and its target. Landing transplants only
 * the fix's own commits onto each chosen target (in the object store, never in a checked-out
 * worktree) and brings the fix into the source. Restack rebases children after their parent
 * moved; an integrator worktree merges chosen children in dependency order.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { AppErrorSchema } from '../errors.ts';
import { resultSchema } from '../result.ts';
import { BootstrapStateSchema } from './worktrees.ts';

/** Longest description or context accepted (the prompt keeps well below the agents' limit). */
export const MAX_FIX_TEXT = 20_000;
/** Most targets one land may name. */
export const MAX_LAND_TARGETS = 10;

const size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) };
const sha = z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/);
/** A worktree as the user names it: an absolute path, its folder name, or its branch. */
const worktreeRef = z.string().min(1).max(4096);
const branchName = z.string().min(1).max(255);

/** Where the fix starts: the source worktree's HEAD (default) or the source's target. */
export const FixBaseSchema = z.enum(['source', 'target']);
export type FixBase = z.infer<typeof FixBaseSchema>;

/** How the fix reaches the source worktree. */
export const SourceModeSchema = z.enum(['cherry-pick', 'merge', 'rebase', 'skip']);
export type SourceMode = z.infer<typeof SourceModeSchema>;

export const FixPreviewInputSchema = z.object({
  repoId: z.string().optional(),
  from: worktreeRef,
  /** A commit the bug was seen at (from the branch graph); default: the source's HEAD. */
  commit: z.string().min(1).max(255).optional(),
});

/** What the "Fix a bug here" dialog shows before anything is created. */
export const FixPreviewSchema = z.object({
  repoId: z.string(),
  source: z.object({ path: z.string(), branch: z.string(), head: sha }),
  /** The source's target (where the fix lands), null when the source is the default branch. */
  target: z.string().nullable(),
  /** The source's newest commits, `short subject`, newest first. */
  recentCommits: z.array(z.string()),
  /** Whether the bug's code is on the target too: true, false, or null when unknown. */
  bugOnTarget: z.boolean().nullable(),
  /** One sentence saying why `recommendedBase` is recommended. */
  reason: z.string(),
  recommendedBase: FixBaseSchema,
});
export type FixPreview = z.infer<typeof FixPreviewSchema>;

export const StartFixInputSchema = z.object({
  repoId: z.string().optional(),
  from: worktreeRef,
  description: z.string().trim().min(1).max(MAX_FIX_TEXT),
  base: FixBaseSchema.optional(),
  /** Fork at this commit of the source instead of its HEAD (a commit picked in the branch graph). */
  commit: z.string().min(1).max(255).optional(),
  /** The agent to start in the fix worktree; null or omitted: none. */
  agentId: z.string().min(1).nullable().optional(),
  /** The slug (`fix/<slug>`); default: derived from the description. */
  name: z.string().min(1).max(60).optional(),
  /** The failing command and its output, when the user has them; they go into the prompt. */
  context: z.object({ command: z.string().max(MAX_FIX_TEXT).optional(), output: z.string().max(MAX_FIX_TEXT).optional() }).optional(),
  ...size,
});
export type StartFixInput = z.infer<typeof StartFixInputSchema>;

export const StartedFixSchema = z.object({
  repoId: z.string(),
  worktree: z.string(),
  branch: z.string(),
  parent: z.string(),
  target: z.string().nullable(),
  base: sha,
  bootstrap: BootstrapStateSchema.nullable(),
  /** The agent's session (its pane sits next to the source's pane), null when none was asked for or it failed. */
  sessionId: z.string().nullable(),
  /** Why the agent did not start (the worktree exists anyway). */
  agentError: AppErrorSchema.nullable(),
});
export type StartedFix = z.infer<typeof StartedFixSchema>;

export const LandInputSchema = z.object({
  repoId: z.string().optional(),
  /** The fix worktree (path or folder name) or the fix branch. */
  fix: worktreeRef,
  /** Targets to land on; default: the fix's recorded target. */
  targets: z.array(branchName).max(MAX_LAND_TARGETS).optional(),
  source: SourceModeSchema.optional(),
});
export type LandInput = z.infer<typeof LandInputSchema>;

export const LandedTargetSchema = z.object({
  /** The target's tip after landing. */
  head: sha,
  /** Its tip before. */
  previous: sha,
  /** The commits now on the target for the fix, oldest first (empty when it had them already). */
  commits: z.array(sha),
  /** How the target moved: its ref (not checked out), its clean worktree, or not at all. */
  via: z.enum(['ref', 'worktree', 'unchanged']),
});
export type LandedTarget = z.infer<typeof LandedTargetSchema>;

export const LandResultSchema = z.discriminatedUnion('landed', [
  z.object({
    landed: z.literal(true),
    fixBranch: z.string(),
    /** The fix worktree, to offer archiving it (the branch is kept). */
    fixWorktree: z.string().nullable(),
    targets: z.record(z.string(), LandedTargetSchema),
    source: z.object({
      branch: z.string(),
      update: z.enum(['cherry-pick', 'merge', 'rebase', 'skipped']),
      head: sha,
      /** Why it was skipped (null otherwise). */
      reason: z.string().nullable(),
    }),
  }),
  z.object({
    landed: z.literal(false),
    fixBranch: z.string(),
    conflict: z.object({
      /** The branch where the fix conflicts: a target, or the source. */
      target: z.string(),
      where: z.enum(['target', 'source']),
      files: z.array(z.string()),
    }),
  }),
]);
export type LandResult = z.infer<typeof LandResultSchema>;

export const HandToAgentInputSchema = z.object({
  repoId: z.string().optional(),
  fix: worktreeRef,
  /** The branch the fix conflicted with, and the files. */
  target: branchName,
  files: z.array(z.string().max(4096)).max(500),
  /** Start this agent when none runs in the fix worktree; default: the first installed built-in. */
  agentId: z.string().min(1).optional(),
  ...size,
});
export type HandToAgentInput = z.infer<typeof HandToAgentInputSchema>;

export const ChildStateSchema = z.enum(['current', 'behind', 'diverged']);
export const RestackChildSchema = z.object({
  branch: z.string(),
  /** The recorded fork point. */
  base: z.string().nullable(),
  /** current: forked at the parent's tip · behind: the parent gained commits · diverged: the parent was rewritten. */
  state: ChildStateSchema,
  worktree: z.string().nullable(),
});
export type RestackChild = z.infer<typeof RestackChildSchema>;

export const RestackInputSchema = z.object({
  repoId: z.string().optional(),
  /** The parent: a worktree (path or name) or a branch. */
  parent: worktreeRef,
  /** Only these children (default: every child that is not current). */
  children: z.array(branchName).max(100).optional(),
});
export type RestackInput = z.infer<typeof RestackInputSchema>;

export const ChildResultSchema = z.object({
  branch: z.string(),
  result: z.enum(['restacked', 'merged', 'current', 'conflict', 'skipped']),
  files: z.array(z.string()),
  reason: z.string().nullable(),
  head: z.string().nullable(),
});
export type ChildResult = z.infer<typeof ChildResultSchema>;

export const IntegrateInputSchema = z.object({
  repoId: z.string().optional(),
  /** The integrator worktree (path or name). */
  integrator: worktreeRef,
  /** Child branches to merge; merged parents first whatever the order given. */
  children: z.array(branchName).min(1).max(100),
});
export type IntegrateInput = z.infer<typeof IntegrateInputSchema>;

export const fixesContract = {
  /** What the fix dialog shows: the source, its target, and which base is recommended. */
  preview: oc.input(FixPreviewInputSchema).output(resultSchema(FixPreviewSchema)),
  /** Create the fix worktree (recorded lineage, bootstrap) and start the agent beside the source pane. */
  start: oc.input(StartFixInputSchema).output(resultSchema(StartedFixSchema)),
  /** Transplant the fix onto its targets and bring it into the source; all or nothing. */
  land: oc.input(LandInputSchema).output(resultSchema(LandResultSchema)),
  /** Send a land conflict with context to the fix worktree's agent (started if none runs). */
  handToAgent: oc.input(HandToAgentInputSchema).output(resultSchema(z.object({ sessionId: z.string(), launched: z.boolean() }))),
  /** The children of a branch and whether each is behind or diverged from it. */
  children: oc.input(z.object({ repoId: z.string().optional(), parent: worktreeRef })).output(resultSchema(z.array(RestackChildSchema))),
  /** Rebase the children of a moved parent onto it (`--update-refs`). */
  restack: oc.input(RestackInputSchema).output(resultSchema(z.array(ChildResultSchema))),
  /** Mark (or unmark) a worktree's branch as an integrator. */
  setIntegrator: oc
    .input(z.object({ repoId: z.string().optional(), worktree: worktreeRef, integrator: z.boolean() }))
    .output(resultSchema(z.null())),
  /** Merge chosen children into an integrator worktree in dependency order; one result per child. */
  integrate: oc
    .input(IntegrateInputSchema)
    .output(resultSchema(z.object({ head: z.string(), results: z.array(ChildResultSchema) }))),
};

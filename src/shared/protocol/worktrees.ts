/**
 * Worktrees: read from `git worktree list --porcelain -z`, git being the source of truth, plus
 * their lifecycle (create, remove, archive, restore, prune) and dependency bootstrap.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { resultSchema } from '../result.ts';
import { SessionInfoSchema } from './terminals.ts';

/** Where a worktree's bootstrap is: queued, running, done, or failed (its log is kept either way). */
export const BootstrapStatusSchema = z.enum(['pending', 'running', 'ready', 'failed']);
export type BootstrapStatus = z.infer<typeof BootstrapStatusSchema>;

/** The bootstrap of one worktree, as persisted under the data directory. */
export const BootstrapStateSchema = z.object({
  repoId: z.string(),
  /** The worktree's path (the key). */
  path: z.string(),
  status: BootstrapStatusSchema,
  /** The step running now (or the one that failed); null before the first and after success. */
  step: z.object({ index: z.number().int(), total: z.number().int(), title: z.string() }).nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Why it failed, in one line (the log has the rest). */
  error: z.string().nullable(),
  /** Absolute path of the log file, kept after success and failure. */
  logFile: z.string(),
});
export type BootstrapState = z.infer<typeof BootstrapStateSchema>;

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
  /** The folder is gone (deleted behind git's back, or on an unplugged drive): prune or restore it. */
  missing: z.boolean().optional(),
  /** The branch this worktree merges into, from `git config branch.<name>.agentOrchestratorTarget`. */
  target: z.string().nullable().optional(),
  /** Bootstrap state, null when the app never bootstrapped this worktree. */
  bootstrap: BootstrapStateSchema.nullable().optional(),
  /** The worktree's reserved ports (PORT is the first), empty when none are reserved. */
  ports: z.array(z.number().int()).optional(),
  /** The branch this one was forked from as a fix (`branch.<name>.agentOrchestratorParent`), if any. */
  parent: z.string().nullable().optional(),
  /** The worktree merges its children (`branch.<name>.agentOrchestratorIntegrator`). */
  integrator: z.boolean().optional(),
});
export type Worktree = z.infer<typeof WorktreeSchema>;

/** What a new worktree starts from. */
export const WorktreeBaseSchema = z.discriminatedUnion('kind', [
  /** The repository's default branch (origin/HEAD, else the main checkout's branch). */
  z.object({ kind: z.literal('default') }),
  /** Any branch, tag or commit. */
  z.object({ kind: z.literal('ref'), ref: z.string().min(1) }),
  /** Another worktree's current HEAD (by path). */
  z.object({ kind: z.literal('worktree'), path: z.string().min(1) }),
]);
export type WorktreeBase = z.infer<typeof WorktreeBaseSchema>;

/** Size of a terminal pane to stream a bootstrap into. */
const PaneSizeSchema = z.object({
  cols: z.number().int().min(2).max(1000),
  rows: z.number().int().min(1).max(500),
});

export const CreateWorktreeInputSchema = z.object({
  repoId: z.string(),
  /** Folder name under the worktree directory; the branch is derived from it unless `branch` is given. */
  name: z.string(),
  branch: z.string().optional(),
  base: WorktreeBaseSchema.optional(),
  /** What it merges into; default: the repository config's first target or the base branch. */
  target: z.string().optional(),
  /** Run the bootstrap right after creating (default true). */
  bootstrap: z.boolean().optional(),
  /** Also start a terminal session that streams the bootstrap log (for a pane). */
  openPane: PaneSizeSchema.optional(),
});
export type CreateWorktreeInput = z.infer<typeof CreateWorktreeInputSchema>;

/** A worktree that now exists, its bootstrap, and the session streaming it (if one was asked for). */
export const CreatedWorktreeSchema = z.object({
  worktree: WorktreeSchema,
  bootstrap: BootstrapStateSchema.nullable(),
  sessionId: z.string().nullable(),
});
export type CreatedWorktree = z.infer<typeof CreatedWorktreeSchema>;

/** How a teardown (or any command list) ended. */
export const CommandsOutcomeSchema = z.object({
  ok: z.boolean(),
  /** The command that failed, when one did. */
  failed: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  output: z.string(),
});
export type CommandsOutcome = z.infer<typeof CommandsOutcomeSchema>;

export const RemoveWorktreeInputSchema = z.object({
  repoId: z.string(),
  path: z.string(),
  /** Remove despite uncommitted changes, unmerged commits or a lock. */
  force: z.boolean().optional(),
  /** Also delete the branch (default: keep it). */
  deleteBranch: z.boolean().optional(),
  /**
   * Stop the shells and agents running in the worktree first (agents get their normal exit, then a
   * kill after a grace period). Without it, running sessions refuse with `WORKTREE_HAS_SESSIONS`.
   */
  stopSessions: z.boolean().optional(),
});
export type RemoveWorktreeInput = z.infer<typeof RemoveWorktreeInputSchema>;

export const ArchiveWorktreeInputSchema = z.object({
  repoId: z.string(),
  path: z.string(),
  /** Archive despite a lock or a running setup. */
  force: z.boolean().optional(),
  /** As for remove: stop the worktree's sessions first instead of refusing. */
  stopSessions: z.boolean().optional(),
});
export type ArchiveWorktreeInput = z.infer<typeof ArchiveWorktreeInputSchema>;

export const RemovedWorktreeSchema = z.object({
  path: z.string(),
  branch: z.string().nullable(),
  branchDeleted: z.boolean(),
  teardown: CommandsOutcomeSchema.nullable(),
});
export type RemovedWorktree = z.infer<typeof RemovedWorktreeSchema>;

/** One archived worktree: a commit on `refs/agent-orchestrator/archive/<name>`. */
export const WorktreeArchiveSchema = z.object({
  name: z.string(),
  ref: z.string(),
  /** The snapshot commit (its tree = the worktree's files; its parent = HEAD at archive time). */
  commit: z.string(),
  /** HEAD at archive time (null if it was unborn). */
  head: z.string().nullable(),
  branch: z.string().nullable(),
  path: z.string(),
  target: z.string().nullable(),
  createdAt: z.string(),
  /** Whether the snapshot holds changes beyond HEAD. */
  hasChanges: z.boolean(),
});
export type WorktreeArchive = z.infer<typeof WorktreeArchiveSchema>;

export const ArchivedWorktreeSchema = z.object({
  archive: WorktreeArchiveSchema,
  teardown: CommandsOutcomeSchema.nullable(),
  /** Ignored files and folders saved in the archive too (`.env`, edited build output). */
  ignoredKept: z.array(z.string()).optional(),
});

/** What archiving a worktree would save and what it would leave out, shown before confirming. */
export const ArchivePreviewSchema = z.object({
  path: z.string(),
  /** Uncommitted and untracked (not ignored) changes: always saved. */
  changes: z.number(),
  /** Ignored files and folders that will be saved too, with their sizes. */
  ignoredKept: z.array(z.object({ path: z.string(), bytes: z.number() })),
  ignoredBytes: z.number(),
  /** Most ignored bytes an archive saves; over it, archive refuses. */
  limitBytes: z.number(),
  /** Ignored folders not saved (dependencies, caches: setup recreates them). */
  ignoredSkipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  /** Repositories inside the worktree: archive refuses until they are moved out. */
  nestedRepos: z.array(z.string()),
});
export type ArchivePreview = z.infer<typeof ArchivePreviewSchema>;
export type ArchivedWorktree = z.infer<typeof ArchivedWorktreeSchema>;

export const RestoreWorktreeInputSchema = z.object({
  repoId: z.string(),
  /** Restore an archive by name … */
  archive: z.string().optional(),
  /** … or recreate a worktree whose folder is missing, at this path. */
  path: z.string().optional(),
  bootstrap: z.boolean().optional(),
  openPane: PaneSizeSchema.optional(),
});
export type RestoreWorktreeInput = z.infer<typeof RestoreWorktreeInputSchema>;

export const BootstrapLogSchema = z.object({
  text: z.string(),
  /** Pass back as `offset` to read only what was appended since. */
  nextOffset: z.number().int(),
  state: BootstrapStateSchema.nullable(),
});
export type BootstrapLog = z.infer<typeof BootstrapLogSchema>;

/** Commands in the config: one string or a list, each run by the platform shell in the worktree. */
const CommandListSchema = z.union([z.string().min(1), z.array(z.string().min(1))]);

/**
 * `agent-orchestrator.json` at the repository root, and the per-user override file.
 *
 * Strict: an unknown key is an error (a typo must not silently do nothing).
 */
export const RepoConfigFileSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Commands run after files are copied (instead of the automatic install, unless `dependencies` says otherwise). */
  setup: CommandListSchema.optional(),
  /** Commands run before a worktree is archived or removed. */
  teardown: CommandListSchema.optional(),
  /**
   * Local checks (tests, lint…) run in a worktree when its agent finishes a turn after new
   * commits, or on demand; a failure goes back to the agent like a failing CI check.
   */
  check: CommandListSchema.optional(),
  /** Extra gitignore-style patterns of ignored files to copy from the main checkout (beside `.worktreeinclude`). */
  copy: z.array(z.string().min(1)).optional(),
  /** Ports per worktree, or the block size and the range blocks are taken from. */
  ports: z
    .union([
      z.number().int().min(0).max(100),
      z.strictObject({
        count: z.number().int().min(0).max(100),
        rangeStart: z.number().int().min(1024).max(65535).optional(),
        rangeEnd: z.number().int().min(1024).max(65535).optional(),
      }),
    ])
    .optional(),
  /** Branches worktrees merge into (first = default target), e.g. ["main", "consumer"]. */
  targets: z.array(z.string().min(1)).optional(),
  /** Where new worktrees go; relative to the repository root. Default `../<repo>.worktrees`. */
  worktreeDir: z.string().min(1).optional(),
  /** Prepended to the worktree name to make its branch, e.g. "agent/". */
  branchPrefix: z.string().optional(),
  /** Agent launch presets by name (used by the agents feature). */
  agents: z
    .record(
      z.string(),
      z.strictObject({
        command: z.string().min(1),
        args: z.array(z.string()).optional(),
        env: z.record(z.string(), z.string()).optional(),
      }),
    )
    .optional(),
  /**
   * Dependency folders: `clone` them from the main checkout copy-on-write, or where the file
   * system cannot, copy them in full when they fit the size and free-space budgets (install
   * otherwise); `copy` (the same without the size budget), `install`, or `none`.
   * `auto` (default) = `clone` without `setup` commands, `none` with them.
   */
  dependencies: z.enum(['auto', 'clone', 'copy', 'install', 'none']).optional(),
});
export type RepoConfigFile = z.infer<typeof RepoConfigFileSchema>;

export const DependencyModeSchema = z.enum(['clone', 'copy', 'install', 'none']);
export type DependencyMode = z.infer<typeof DependencyModeSchema>;

/** The effective configuration: the repository file, overridden field by field by the user's file. */
export const RepoConfigSchema = z.object({
  setup: z.array(z.string()),
  teardown: z.array(z.string()),
  check: z.array(z.string()),
  copy: z.array(z.string()),
  ports: z.object({ count: z.number().int(), rangeStart: z.number().int(), rangeEnd: z.number().int() }),
  targets: z.array(z.string()),
  /** Absolute. */
  worktreeDir: z.string(),
  branchPrefix: z.string(),
  agents: z.record(
    z.string(),
    z.object({
      command: z.string(),
      args: z.array(z.string()).optional(),
      env: z.record(z.string(), z.string()).optional(),
    }),
  ),
  dependencies: DependencyModeSchema,
});
export type RepoConfig = z.infer<typeof RepoConfigSchema>;

export const RepoConfigViewSchema = z.object({
  config: RepoConfigSchema,
  /** The shared file at the repository root and the per-user override, and whether each exists. */
  files: z.object({
    repo: z.object({ path: z.string(), exists: z.boolean() }),
    user: z.object({ path: z.string(), exists: z.boolean() }),
  }),
  defaultBranch: z.string().nullable(),
});
export type RepoConfigView = z.infer<typeof RepoConfigViewSchema>;

const repoAndPath = z.object({ repoId: z.string(), path: z.string() });

export const worktreesContract = {
  list: oc.input(z.object({ repoId: z.string() })).output(resultSchema(z.array(WorktreeSchema))),
  /** Create a worktree on a new branch, record its target, and start its bootstrap. */
  create: oc.input(CreateWorktreeInputSchema).output(resultSchema(CreatedWorktreeSchema)),
  /** Remove a worktree (the branch stays unless `deleteBranch`); refuses to lose work unless forced. */
  remove: oc.input(RemoveWorktreeInputSchema).output(resultSchema(RemovedWorktreeSchema)),
  /** Save uncommitted + untracked changes on an archive ref, run teardown, remove; the branch stays. */
  archive: oc
    .input(ArchiveWorktreeInputSchema)
    .output(resultSchema(ArchivedWorktreeSchema)),
  /** What `archive` would save and leave out (nothing changes). */
  archivePreview: oc.input(repoAndPath).output(resultSchema(ArchivePreviewSchema)),
  /** Recreate an archived worktree with its changes, or a worktree whose folder went missing. */
  restore: oc.input(RestoreWorktreeInputSchema).output(resultSchema(CreatedWorktreeSchema)),
  /** Forget a worktree whose folder is missing (git's admin entry only; the branch stays). */
  prune: oc.input(repoAndPath).output(resultSchema(z.object({ path: z.string() }))),
  archives: oc.input(z.object({ repoId: z.string() })).output(resultSchema(z.array(WorktreeArchiveSchema))),
  /** (Re)run the bootstrap of an existing worktree. */
  bootstrap: oc
    .input(repoAndPath.extend({ openPane: PaneSizeSchema.optional() }))
    .output(resultSchema(z.object({ bootstrap: BootstrapStateSchema, sessionId: z.string().nullable() }))),
  bootstrapLog: oc
    .input(z.object({ path: z.string(), offset: z.number().int().min(0).optional() }))
    .output(resultSchema(BootstrapLogSchema)),
  /** Start a terminal session that shows a worktree's bootstrap log (following it while it runs). */
  openBootstrapLog: oc
    .input(repoAndPath.extend(PaneSizeSchema.shape))
    .output(resultSchema(SessionInfoSchema)),
  /** The repository's effective configuration, or INVALID_CONFIG naming the field. */
  config: oc.input(z.object({ repoId: z.string() })).output(resultSchema(RepoConfigViewSchema)),
};

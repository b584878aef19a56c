/**
 * The one union of errors that cross the protocol.
 *
 * Thrown errors lose everything but `message` when serialized, so the engine returns failures as
 * values: a `kind` plus the details a client needs to explain it. Clients turn a kind into text in
 * exactly one place each (`src/renderer/errors/messages.ts`, `src/main/cli/error-text.ts`).
 */
import * as z from 'zod';

/**
 * Every kind, as one discriminated union. Built on first use (`AppErrorSchema` below): its ~70
 * object schemas cost a one-shot CLI command 10-20 ms to construct (zod 4 equips every schema
 * object with its methods), and a successful result never parses its error branch.
 */
const buildAppErrorUnion = () => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('PATH_NOT_FOUND'), path: z.string() }),
  /** A relative path where the engine needs a full one (it has no meaningful working directory). */
  z.object({ kind: z.literal('PATH_NOT_ABSOLUTE'), path: z.string().max(4096) }),
  z.object({ kind: z.literal('NOT_A_DIRECTORY'), path: z.string() }),
  z.object({ kind: z.literal('NOT_A_GIT_REPO'), path: z.string() }),
  z.object({ kind: z.literal('BARE_REPO'), path: z.string() }),
  z.object({ kind: z.literal('REPO_HAS_NO_COMMITS'), path: z.string() }),
  z.object({ kind: z.literal('REPO_ALREADY_ADDED'), path: z.string(), repoId: z.string() }),
  z.object({ kind: z.literal('REPO_NOT_FOUND'), repoId: z.string() }),
  /** The folder is a repository, but not one registered with the app. */
  z.object({ kind: z.literal('REPO_NOT_REGISTERED'), path: z.string() }),
  z.object({ kind: z.literal('WORKTREE_MISSING'), path: z.string() }),
  z.object({ kind: z.literal('SESSION_NOT_FOUND'), sessionId: z.string() }),
  z.object({ kind: z.literal('SESSION_EXITED'), sessionId: z.string() }),
  /** The program has not read this much of its input: more is refused until it does. */
  z.object({ kind: z.literal('INPUT_BACKLOG'), sessionId: z.string(), maxBytes: z.number() }),
  z.object({ kind: z.literal('COMMAND_NOT_FOUND'), command: z.string() }),
  z.object({ kind: z.literal('SPAWN_FAILED'), command: z.string(), message: z.string() }),
  z.object({ kind: z.literal('TOO_MANY_PANES'), max: z.number() }),
  z.object({
    kind: z.literal('GIT_FAILED'),
    args: z.array(z.string()),
    exitCode: z.number().nullable(),
    stderr: z.string(),
  }),
  z.object({ kind: z.literal('INVALID_INPUT'), message: z.string() }),
  // Worktree lifecycle (worktrees.create / remove / archive / restore / prune).
  z.object({ kind: z.literal('INVALID_WORKTREE_NAME'), name: z.string(), problem: z.string() }),
  z.object({ kind: z.literal('INVALID_BRANCH_NAME'), branch: z.string() }),
  z.object({ kind: z.literal('BRANCH_EXISTS'), branch: z.string() }),
  z.object({ kind: z.literal('BRANCH_CHECKED_OUT'), branch: z.string(), path: z.string() }),
  z.object({ kind: z.literal('BASE_NOT_FOUND'), ref: z.string() }),
  z.object({ kind: z.literal('TARGET_NOT_FOUND'), branch: z.string() }),
  z.object({ kind: z.literal('WORKTREE_EXISTS'), path: z.string() }),
  /**
   * An earlier create of this branch or folder was interrupted (a killed engine or CLI) and is
   * in the way: its process (`pid`) still runs, or (`pid` null) what it left holds the user's
   * work and was kept; `problem` says what is there and how to clear it. Nothing was changed.
   */
  z.object({ kind: z.literal('CREATE_INTERRUPTED'), branch: z.string(), path: z.string(), pid: z.number().nullable(), problem: z.string() }),
  z.object({ kind: z.literal('WORKTREE_NOT_FOUND'), path: z.string() }),
  z.object({ kind: z.literal('WORKTREE_NOT_MISSING'), path: z.string() }),
  z.object({ kind: z.literal('IS_MAIN_WORKTREE'), path: z.string() }),
  z.object({ kind: z.literal('WORKTREE_DIRTY'), path: z.string(), changes: z.number() }),
  z.object({
    kind: z.literal('WORKTREE_UNMERGED'),
    path: z.string(),
    branch: z.string().nullable(),
    commits: z.number(),
  }),
  z.object({ kind: z.literal('WORKTREE_LOCKED'), path: z.string(), reason: z.string().nullable() }),
  z.object({ kind: z.literal('ARCHIVE_NOT_FOUND'), name: z.string() }),
  z.object({ kind: z.literal('ARCHIVE_EXISTS'), name: z.string() }),
  /**
   * Archiving would lose what it cannot keep: nested repositories (listed), or more ignored
   * files than an archive holds. Nothing was changed.
   */
  z.object({
    kind: z.literal('ARCHIVE_WOULD_LOSE'),
    path: z.string(),
    nestedRepos: z.array(z.string()),
    ignoredBytes: z.number(),
    limitBytes: z.number(),
  }),
  z.object({ kind: z.literal('RESTORE_CONFLICT'), name: z.string(), stderr: z.string() }),
  z.object({ kind: z.literal('BOOTSTRAP_RUNNING'), path: z.string() }),
  /** Processes still run in the worktree; the caller lists them, asks, and retries with `stopSessions`. */
  z.object({
    kind: z.literal('WORKTREE_HAS_SESSIONS'),
    path: z.string(),
    sessions: z.array(z.object({ id: z.string(), title: z.string(), agent: z.string().nullable() })),
  }),
  /** `agent-orchestrator.json` (or the per-user override) is not valid; `field` is a dotted path, '' for the whole file. */
  z.object({ kind: z.literal('INVALID_CONFIG'), file: z.string(), field: z.string(), problem: z.string() }),
  // Agents (agents.launch / fanOut / handoff).
  /** No built-in, settings or repository agent has this id. */
  z.object({ kind: z.literal('AGENT_NOT_FOUND'), agentId: z.string() }),
  /** The agent's command is not on this machine; `installHint` says how to get it. */
  z.object({
    kind: z.literal('AGENT_NOT_INSTALLED'),
    agentId: z.string(),
    command: z.string(),
    installHint: z.string().nullable(),
  }),
  /** The session is not an agent session (a plain shell). */
  z.object({ kind: z.literal('NOT_AN_AGENT_SESSION'), sessionId: z.string() }),
  // Engine instances (one serving engine per data folder).
  /** Another engine already serves this data folder; `baseUrl` is null while it is still starting. */
  z.object({ kind: z.literal('ENGINE_RUNNING'), home: z.string(), pid: z.number().nullable(), baseUrl: z.string().nullable() }),
  /** The command needs a running engine (live sessions) and none serves this data folder. */
  z.object({ kind: z.literal('ENGINE_NOT_RUNNING'), home: z.string() }),
  /** `engine.json` names a live engine, but its socket does not answer. */
  z.object({ kind: z.literal('ENGINE_UNREACHABLE'), home: z.string(), pid: z.number(), baseUrl: z.string(), message: z.string() }),
  // Git calls (core.ts) and the installed git.
  /** A git call ran longer than its time limit and was stopped. */
  z.object({ kind: z.literal('GIT_TIMEOUT'), args: z.array(z.string()), timeoutMs: z.number() }),
  /** The operation was cancelled by its caller (a client went away, a newer request replaced it). */
  z.object({ kind: z.literal('CANCELLED'), operation: z.string() }),
  /** The installed git is older than what a feature needs; `version` is null when git was not found. */
  z.object({ kind: z.literal('GIT_TOO_OLD'), version: z.string().nullable(), minimum: z.string(), feature: z.string() }),
  // Git intelligence (gitMap.*).
  /** A commit-ish that names no commit in this repository. */
  z.object({ kind: z.literal('COMMIT_NOT_FOUND'), ref: z.string() }),
  /** A branch that does not exist (any more). */
  z.object({ kind: z.literal('BRANCH_NOT_FOUND'), branch: z.string() }),
  /** A worktree is in the middle of a merge, rebase, cherry-pick or revert; finish or abort it first. */
  z.object({ kind: z.literal('OPERATION_IN_PROGRESS'), path: z.string(), operation: z.string() }),
  /** No cherry-pick is in progress in this worktree, so there is nothing to abort. */
  z.object({ kind: z.literal('NO_OPERATION_IN_PROGRESS'), path: z.string() }),
  // CI (ci.status / createPr / runChecks).
  /** No GitHub token: GITHUB_TOKEN / GH_TOKEN unset and `gh auth token` gave none. */
  z.object({ kind: z.literal('GITHUB_NO_TOKEN'), apiBase: z.string() }),
  /** GitHub refused the token (401): expired, revoked, or for another host. */
  z.object({ kind: z.literal('GITHUB_UNAUTHORIZED'), apiBase: z.string(), message: z.string() }),
  /** GitHub asked to slow down (403/429 rate limit); nothing is called before `resetAt`. */
  z.object({ kind: z.literal('GITHUB_RATE_LIMITED'), resetAt: z.string().nullable() }),
  /** Any other GitHub failure; `status` null when it could not be reached. */
  z.object({ kind: z.literal('GITHUB_FAILED'), status: z.number().nullable(), message: z.string() }),
  /** The repository's `origin` is missing or not a GitHub repository. */
  z.object({ kind: z.literal('NO_GITHUB_REMOTE'), path: z.string(), remote: z.string().nullable() }),
  /** The worktree is on no branch (detached HEAD), so it cannot be pushed or have a PR. */
  z.object({ kind: z.literal('DETACHED_HEAD'), path: z.string() }),
  /** The repository config has no `check` command to run. */
  z.object({ kind: z.literal('NO_CHECK_COMMAND'), path: z.string() }),
  // Fixes (fixes.start / land / restack / integrate).
  /** The branch has no recorded parent and fork point (it was not started as a fix). */
  z.object({ kind: z.literal('NOT_A_FIX_BRANCH'), branch: z.string() }),
  /** The fix has no commits of its own yet. */
  z.object({ kind: z.literal('NOTHING_TO_LAND'), branch: z.string() }),
  /** Commits to transplant include a merge, which cannot be replayed commit by commit. */
  z.object({ kind: z.literal('HAS_MERGE_COMMITS'), commit: z.string() }),
  /** The target is checked out in a worktree with uncommitted changes; nothing was changed. */
  z.object({ kind: z.literal('TARGET_DIRTY'), branch: z.string(), path: z.string() }),
  /** The target is only a remote-tracking branch; landing there needs a pull request. */
  z.object({ kind: z.literal('TARGET_NOT_LOCAL'), branch: z.string() }),
  /** A branch moved while the operation ran; nothing (more) was changed. */
  z.object({ kind: z.literal('REF_MOVED'), ref: z.string() }),
  /**
   * The repository's own code (setup/teardown, agent entries, install scripts) was not run: the
   * user has not trusted this content of its `agent-orchestrator.json` (`configHash`).
   */
  z.object({ kind: z.literal('REPO_NOT_TRUSTED'), repoId: z.string(), path: z.string(), configHash: z.string() }),
  z.object({ kind: z.literal('INTERNAL'), message: z.string() }),
]);

/** The union of every error kind, constructed when first parsed or inspected (`.unwrap()`). */
export const AppErrorSchema = z.lazy(buildAppErrorUnion);

export type AppError = z.infer<typeof AppErrorSchema>;
export type AppErrorKind = AppError['kind'];

/** Narrow an unknown value to an AppError (for values that crossed a boundary). */
export function isAppError(value: unknown): value is AppError {
  return AppErrorSchema.safeParse(value).success;
}


/**
 * The CLI's one place that turns an error kind into a line of text.
 *
 * The switch is exhaustive (assertNever): adding a kind to `src/shared/errors.ts` fails the type
 * check here until the CLI can explain it. Wording follows the renderer's `errors/messages.ts`,
 * adjusted for a terminal (flags instead of buttons).
 */
import { assertNever } from '../../shared/assert-never.ts';
import type { AppError } from '../../shared/errors.ts';
import { plural } from '../../shared/plural.ts';

/** Longest stretch of git's stderr printed; the rest is rarely what a person needs. */
const MAX_STDERR_CHARS = 2_000;

/** Human text for an engine error, naming the path, branch or field involved. */
export function errorText(error: AppError): string {
  switch (error.kind) {
    case 'PATH_NOT_FOUND':
      return `nothing exists at ${error.path}`;
    case 'PATH_NOT_ABSOLUTE':
      return `${error.path} is a relative path; give the full path (or ~/…)`;
    case 'NOT_A_DIRECTORY':
      return `${error.path} is a file, not a folder`;
    case 'NOT_A_GIT_REPO':
      return `${error.path} is not inside a git repository`;
    case 'BARE_REPO':
      return `${error.path} is a bare repository; use a repository with a working tree`;
    case 'REPO_HAS_NO_COMMITS':
      return `${error.path} has no commits yet; make a first commit, then try again`;
    case 'REPO_ALREADY_ADDED':
      return `${error.path} is already registered`;
    case 'REPO_NOT_REGISTERED':
      return `${error.path} is not registered with the app (add it, or pass --repo to a command that registers it)`;
    case 'REPO_NOT_FOUND':
      return `repository ${error.repoId} is not registered`;
    case 'WORKTREE_MISSING':
      return `the worktree folder ${error.path} is missing; restore it or prune it`;
    case 'SESSION_NOT_FOUND':
      return `no terminal session ${error.sessionId}`;
    case 'SESSION_EXITED':
      return `terminal session ${error.sessionId} has exited`;
    case 'INPUT_BACKLOG':
      return `the program in terminal session ${error.sessionId} is not reading its input (${Math.round(error.maxBytes / 1_048_576)} MB waiting); nothing more was sent`;
    case 'COMMAND_NOT_FOUND':
      return `command not found: ${error.command}`;
    case 'SPAWN_FAILED':
      return `could not start ${error.command}: ${error.message}`;
    case 'TOO_MANY_PANES':
      return `the grid holds at most ${error.max} terminals`;
    case 'GIT_FAILED': {
      const code = error.exitCode === null ? '' : ` (exit ${error.exitCode})`;
      const stderr = error.stderr.length > MAX_STDERR_CHARS ? `${error.stderr.slice(0, MAX_STDERR_CHARS)}…` : error.stderr;
      return `git ${error.args.join(' ')} failed${code}${stderr ? `: ${stderr}` : ''}`;
    }
    case 'INVALID_INPUT':
      return `invalid input: ${error.message}`;
    case 'INTERNAL':
      return `internal error: ${error.message}`;
    case 'ENGINE_NOT_RUNNING':
      return `no engine is running for ${error.home}; start the app, 'agent-orchestrator serve' or 'agent-orchestrator run'`;
    case 'ENGINE_RUNNING':
      return error.baseUrl
        ? `an engine already serves ${error.home} (pid ${error.pid ?? '?'}, ${error.baseUrl}); use it, or stop it first`
        : `an engine is starting on ${error.home}${error.pid ? ` (pid ${error.pid})` : ''}; try again in a moment`;
    case 'ENGINE_UNREACHABLE':
      return `the engine serving ${error.home} (pid ${error.pid}, ${error.baseUrl}) does not answer: ${error.message}`;
    case 'GIT_TIMEOUT':
      return `git ${error.args.join(' ')} took longer than ${Math.round(error.timeoutMs / 1000)} s and was stopped`;
    case 'CANCELLED':
      return `${error.operation} was cancelled`;
    case 'GIT_TOO_OLD':
      return error.version === null
        ? `git was not found; ${error.feature} needs git ${error.minimum} or newer`
        : `git ${error.version} is too old: ${error.feature} needs git ${error.minimum} or newer`;
    case 'COMMIT_NOT_FOUND':
      return `'${error.ref}' does not name a commit in this repository`;
    case 'BRANCH_NOT_FOUND':
      return `branch ${error.branch} does not exist`;
    case 'OPERATION_IN_PROGRESS':
      return `a ${error.operation} is in progress in ${error.path}; finish or abort it first`;
    case 'NO_OPERATION_IN_PROGRESS':
      return `no cherry-pick is in progress in ${error.path}`;
    case 'NOT_A_FIX_BRANCH':
      return `${error.branch} was not started as a fix (no recorded parent and fork point)`;
    case 'NOTHING_TO_LAND':
      return `${error.branch} has no commits of its own yet; commit the fix first`;
    case 'HAS_MERGE_COMMITS':
      return `the fix contains a merge commit (${error.commit.slice(0, 8)}); rebase it into plain commits first`;
    case 'TARGET_DIRTY':
      return `${error.branch} is checked out in ${error.path} with uncommitted changes; nothing was changed`;
    case 'TARGET_NOT_LOCAL':
      return `${error.branch} is only a remote branch; landing there needs a pull request`;
    case 'REF_MOVED':
      return `${error.ref} moved while landing; nothing was changed, try again`;
    case 'INVALID_WORKTREE_NAME':
      return `'${error.name}' cannot be a worktree name: ${error.problem}`;
    case 'INVALID_BRANCH_NAME':
      return `'${error.branch}' is not a valid git branch name (see git check-ref-format)`;
    case 'BRANCH_EXISTS':
      return `branch ${error.branch} already exists; pick another name or --branch`;
    case 'BRANCH_CHECKED_OUT':
      return `branch ${error.branch} is already checked out in ${error.path}`;
    case 'BASE_NOT_FOUND':
      return `no branch, commit or worktree called '${error.ref}' to start from`;
    case 'TARGET_NOT_FOUND':
      return `target branch ${error.branch} does not exist`;
    case 'WORKTREE_EXISTS':
      return `${error.path} already exists; pick another name`;
    case 'CREATE_INTERRUPTED':
      return error.pid !== null
        ? `another create of ${error.path} (branch ${error.branch}, process ${error.pid}) is still running; wait for it, or stop that process and try again`
        : `an earlier create of ${error.path} was interrupted and left work of yours there, so nothing was deleted: ${error.problem}`;
    case 'WORKTREE_NOT_FOUND':
      return `${error.path} is not a worktree of this repository`;
    case 'WORKTREE_NOT_MISSING':
      return `${error.path} still exists; nothing to prune or recreate`;
    case 'IS_MAIN_WORKTREE':
      return `${error.path} is the main checkout; it cannot be removed or archived`;
    case 'WORKTREE_DIRTY':
      return `${error.path} has ${plural(error.changes, 'uncommitted change')}; commit them, archive, or pass --force`;
    case 'WORKTREE_UNMERGED':
      return `${error.branch ?? error.path} has ${plural(error.commits, 'commit')} that no target branch, remote branch or archive contains; merge or push them, archive, or pass --force`;
    case 'WORKTREE_LOCKED':
      return `${error.path} is locked${error.reason ? ` (${error.reason})` : ''}; run git worktree unlock or pass --force`;
    case 'ARCHIVE_NOT_FOUND':
      return `no archived worktree called ${error.name}`;
    case 'ARCHIVE_EXISTS':
      return `an archive called ${error.name} already exists; restore it first`;
    case 'RESTORE_CONFLICT':
      return `the archived changes of ${error.name} no longer apply: ${error.stderr}`;
    case 'BOOTSTRAP_RUNNING':
      return `setup is already running for ${error.path}`;
    case 'WORKTREE_HAS_SESSIONS':
      return `${plural(error.sessions.length, 'session')} still running in ${error.path}:\n${error.sessions
        .map((session) => `  ${session.id}  ${session.agent ?? 'shell'}  ${session.title}`)
        .join('\n')}\npass --stop-sessions (or --force) to stop them first`;
    case 'INVALID_CONFIG':
      return `${error.file}: ${error.field ? `"${error.field}" ` : ''}${error.problem}`;
    case 'AGENT_NOT_FOUND':
      return `no agent called '${error.agentId}' (see 'agent-orchestrator agents')`;
    case 'AGENT_NOT_INSTALLED':
      return `${error.command} is not installed${error.installHint ? `; install it with: ${error.installHint}` : ''}`;
    case 'NOT_AN_AGENT_SESSION':
      return `terminal session ${error.sessionId} is not running an agent`;
    case 'GITHUB_NO_TOKEN':
      return `no GitHub token for ${error.apiBase}: set GITHUB_TOKEN (or GH_TOKEN), or run 'gh auth login'`;
    case 'GITHUB_UNAUTHORIZED':
      return `GitHub (${error.apiBase}) refused the token (401: ${error.message}); set a valid GITHUB_TOKEN or run 'gh auth login'`;
    case 'GITHUB_RATE_LIMITED':
      return `GitHub's rate limit is used up${error.resetAt ? `; it resets at ${error.resetAt}` : ''}`;
    case 'GITHUB_FAILED':
      return error.status === null ? `GitHub could not be reached: ${error.message}` : `GitHub answered ${error.status}: ${error.message}`;
    case 'NO_GITHUB_REMOTE':
      return error.remote ? `origin (${error.remote}) is not a GitHub repository` : `${error.path} has no origin remote`;
    case 'DETACHED_HEAD':
      return `${error.path} is not on a branch (detached HEAD); check out a branch first`;
    case 'NO_CHECK_COMMAND':
      return `no "check" command in the agent-orchestrator.json of ${error.path}`;
    case 'ARCHIVE_WOULD_LOSE':
      return error.nestedRepos.length > 0
        ? `${error.path} contains repositories an archive cannot keep (${error.nestedRepos.join(', ')}); move them out first`
        : `${error.path} has ${mb(error.ignoredBytes)} of ignored files, more than an archive keeps (${mb(error.limitBytes)}); remove or move the big ones first`;
    case 'REPO_NOT_TRUSTED':
      return `${error.path} is not trusted, so its setup, teardown, agent entries and install scripts do not run; review them with 'agent-orchestrator trust --repo ${error.path}', then trust it with '--yes' (or pass --trust)`;
    default:
      return assertNever(error);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

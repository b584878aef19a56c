/**
 * The one place that turns an error kind into text a person can act on.
 *
 * Every component, toast and inline form error goes through {@link errorMessage}; the switch is
 * exhaustive (assertNever), so adding a kind to `src/shared/errors.ts` fails the type check here
 * until it has a message.
 */
import { assertNever } from '../../shared/assert-never.ts';
import type { UiError } from './ui-error.ts';
import { plural } from '../../shared/plural.ts';

/** Longest stretch of git's stderr worth showing in a toast; the rest is noise for a person. */
const MAX_STDERR_CHARS = 300;

/** Human text for an error, including the details (path, command, limit) needed to fix it. */
export function errorMessage(error: UiError): string {
  switch (error.kind) {
    case 'PATH_NOT_FOUND':
      return `Nothing exists at ${error.path}. Check the path and try again.`;
    case 'PATH_NOT_ABSOLUTE':
      return `“${error.path}” is a relative path. Give the repository’s full path, e.g. /home/you/project or ~/project.`;
    case 'NOT_A_DIRECTORY':
      return `${error.path} is a file, not a folder.`;
    case 'NOT_A_GIT_REPO':
      return `${error.path} is not inside a git repository. Give the folder of a git repository (or run \`git init\` there and make a first commit).`;
    case 'BARE_REPO':
      return `${error.path} is a bare repository. Add a repository that has a working tree.`;
    case 'REPO_HAS_NO_COMMITS':
      return `${error.path} has no commits yet. Make a first commit, then add it.`;
    case 'REPO_ALREADY_ADDED':
      return `${error.path} is already in the list.`;
    case 'REPO_NOT_REGISTERED':
      return `${error.path} is not added to the app yet.`;
    case 'REPO_NOT_FOUND':
      return 'That repository is no longer registered (it may have been removed elsewhere).';
    case 'WORKTREE_MISSING':
      return `The worktree folder ${error.path} is missing. Restore it or prune the worktree.`;
    case 'SESSION_NOT_FOUND':
      return 'That terminal session no longer exists.';
    case 'SESSION_EXITED':
      return "That terminal's process has already exited.";
    case 'INPUT_BACKLOG':
      return `The program in this terminal is not reading its input: ${Math.round(error.maxBytes / 1_048_576)} MB are waiting, so the rest was not sent.`;
    case 'COMMAND_NOT_FOUND':
      return `Command not found: ${error.command}. Is it installed and on PATH?`;
    case 'SPAWN_FAILED':
      return `Could not start ${error.command}: ${error.message}`;
    case 'TOO_MANY_PANES':
      return `The grid holds at most ${error.max} terminals. Close one to open another.`;
    case 'GIT_FAILED':
      return gitFailedText(error.args, error.exitCode, error.stderr);
    case 'INVALID_INPUT':
      return `Invalid input: ${error.message}`;
    case 'INTERNAL':
      return `Something went wrong in the engine: ${error.message}`;
    case 'ENGINE_NOT_RUNNING':
      return 'No engine is running.';
    case 'ENGINE_RUNNING':
      return error.baseUrl ? `Another engine already serves this data folder (${error.baseUrl}).` : 'Another engine is starting on this data folder.';
    case 'ENGINE_UNREACHABLE':
      return `The engine at ${error.baseUrl} does not answer: ${error.message}`;
    case 'GIT_TIMEOUT':
      return `git ${error.args.join(' ')} took longer than ${Math.round(error.timeoutMs / 1000)} s and was stopped.`;
    case 'CANCELLED':
      return `${error.operation} was cancelled.`;
    case 'GIT_TOO_OLD':
      return error.version === null
        ? `git was not found. ${error.feature} needs git ${error.minimum} or newer.`
        : `git ${error.version} is too old: ${error.feature} needs git ${error.minimum} or newer.`;
    case 'COMMIT_NOT_FOUND':
      return `"${error.ref}" does not name a commit in this repository.`;
    case 'BRANCH_NOT_FOUND':
      return `The branch ${error.branch} does not exist.`;
    case 'OPERATION_IN_PROGRESS':
      return `A ${error.operation} is in progress in ${error.path}. Finish or abort it first.`;
    case 'NO_OPERATION_IN_PROGRESS':
      return `No cherry-pick is in progress in ${error.path}.`;
    case 'NOT_A_FIX_BRANCH':
      return `${error.branch} was not started as a fix (no recorded parent branch and fork point).`;
    case 'NOTHING_TO_LAND':
      return `${error.branch} has no commits of its own yet: commit the fix first.`;
    case 'HAS_MERGE_COMMITS':
      return `The fix contains a merge commit (${error.commit.slice(0, 8)}), which cannot be transplanted; rebase it into plain commits first.`;
    case 'TARGET_DIRTY':
      return `${error.branch} is checked out in ${error.path} with uncommitted changes; commit or stash them there, then land again. Nothing was changed.`;
    case 'TARGET_NOT_LOCAL':
      return `${error.branch} is only a remote branch; landing there needs a pull request.`;
    case 'REF_MOVED':
      return `${error.ref} moved while landing; nothing was changed. Try again.`;
    case 'INVALID_WORKTREE_NAME':
      return `"${error.name}" cannot be a worktree name: ${error.problem}`;
    case 'INVALID_BRANCH_NAME':
      return `"${error.branch}" is not a valid git branch name. Use letters, digits, "-", "_", "/" and no spaces.`;
    case 'BRANCH_EXISTS':
      return `A branch named ${error.branch} already exists. Pick another name.`;
    case 'BRANCH_CHECKED_OUT':
      return `Branch ${error.branch} is already checked out in ${error.path}.`;
    case 'BASE_NOT_FOUND':
      return `There is no branch, commit or worktree called ${error.ref} to start from.`;
    case 'TARGET_NOT_FOUND':
      return `The target branch ${error.branch} does not exist.`;
    case 'WORKTREE_EXISTS':
      return `Something already exists at ${error.path}. Pick another name or folder.`;
    case 'CREATE_INTERRUPTED':
      return error.pid !== null
        ? `Another create of ${error.path} (branch ${error.branch}) is still running in process ${error.pid}. Wait for it, or stop that process and try again.`
        : `An earlier create of ${error.path} was interrupted and left work of yours there, so nothing was deleted: ${error.problem}.`;
    case 'WORKTREE_NOT_FOUND':
      return `${error.path} is not a worktree of this repository (any more).`;
    case 'WORKTREE_NOT_MISSING':
      return `The folder ${error.path} still exists, so there is nothing to prune or recreate.`;
    case 'IS_MAIN_WORKTREE':
      return `${error.path} is the repository's main checkout; it cannot be removed or archived.`;
    case 'WORKTREE_DIRTY':
      return `${error.path} has ${error.changes} uncommitted change${error.changes === 1 ? '' : 's'}. Commit them, archive the worktree, or force the removal.`;
    case 'WORKTREE_UNMERGED':
      return `${error.branch ?? error.path} has ${error.commits} commit${error.commits === 1 ? '' : 's'} that no target branch, remote branch or archive contains. Merge or push them, archive the worktree, or force the removal.`;
    case 'WORKTREE_LOCKED':
      return `${error.path} is locked${error.reason ? ` (${error.reason})` : ''}. Unlock it with git worktree unlock, or force.`;
    case 'ARCHIVE_NOT_FOUND':
      return `There is no archived worktree called ${error.name}.`;
    case 'ARCHIVE_EXISTS':
      return `An archive called ${error.name} already exists. Restore or delete it first.`;
    case 'RESTORE_CONFLICT':
      return `The archived changes of ${error.name} no longer apply to its branch: ${error.stderr.slice(0, MAX_STDERR_CHARS)}`;
    case 'BOOTSTRAP_RUNNING':
      return `Setup is already running for ${error.path}.`;
    case 'WORKTREE_HAS_SESSIONS':
      return `${countText(error.sessions.length, 'session is', 'sessions are')} still running in this worktree: ${error.sessions
        .map((session) => session.agent ?? session.title)
        .join(', ')}.`;
    case 'INVALID_CONFIG':
      return `${error.file}${error.field ? `: "${error.field}"` : ''} ${error.problem}`;
    case 'AGENT_NOT_FOUND':
      return `There is no agent called "${error.agentId}". Check the name in settings or agent-orchestrator.json.`;
    case 'AGENT_NOT_INSTALLED':
      return `${error.command} is not installed on this machine.${error.installHint ? ` Install it with: ${error.installHint}` : ' Install it, or fix the command in the agent settings.'}`;
    case 'NOT_AN_AGENT_SESSION':
      return 'This pane is not running an agent.';
    case 'GITHUB_NO_TOKEN':
      return `No GitHub token for ${error.apiBase}. Set GITHUB_TOKEN (or GH_TOKEN) for the engine, or sign in with "gh auth login".`;
    case 'GITHUB_UNAUTHORIZED':
      return `GitHub refused the token (${error.message}). Set a valid GITHUB_TOKEN or sign in again with "gh auth login".`;
    case 'GITHUB_RATE_LIMITED':
      return `GitHub's rate limit is used up${error.resetAt ? `; checks resume at ${new Date(error.resetAt).toLocaleTimeString()}` : ''}.`;
    case 'GITHUB_FAILED':
      return error.status === null ? `GitHub could not be reached: ${error.message}` : `GitHub answered ${error.status}: ${error.message}`;
    case 'NO_GITHUB_REMOTE':
      return error.remote ? `The origin remote (${error.remote}) is not a GitHub repository.` : `${error.path} has no origin remote to push to.`;
    case 'DETACHED_HEAD':
      return `${error.path} is not on a branch. Check out a branch first.`;
    case 'NO_CHECK_COMMAND':
      return `There is no "check" command in this repository's agent-orchestrator.json. Add one at the repository root, e.g. { "check": "npm test" }.`;
    case 'ARCHIVE_WOULD_LOSE':
      return error.nestedRepos.length > 0
        ? `${error.path} contains other repositories (${error.nestedRepos.join(', ')}) that an archive cannot keep. Move them out of the worktree first; nothing was changed.`
        : `${error.path} has ${(error.ignoredBytes / 1048576).toFixed(1)} MB of ignored files, more than an archive keeps (${(error.limitBytes / 1048576).toFixed(0)} MB). Nothing was changed.`;
    case 'REPO_NOT_TRUSTED':
      return `${error.path} is not trusted (or its agent-orchestrator.json changed), so its setup, teardown, agent entries and install scripts do not run. Review and trust it from the repository's menu.`;
    case 'ENGINE_DISCONNECTED':
      return 'Not connected to the engine.';
    case 'ENGINE_CALL_FAILED':
      return `The engine did not complete the request: ${error.detail}`;
    default:
      return assertNever(error);
  }
}

function gitFailedText(args: readonly string[], exitCode: number | null, stderr: string): string {
  const code = exitCode === null ? '' : ` (exit ${exitCode})`;
  const detail = stderr.trim();
  const shown = detail.length > MAX_STDERR_CHARS ? `${detail.slice(0, MAX_STDERR_CHARS)}…` : detail;
  return `git ${args.join(' ')} failed${code}${shown ? `: ${shown}` : '.'}`;
}

/** "1 session is", "2 sessions are": a count with its noun in the right number. */
export function countText(count: number, singular: string, pluralForm: string): string {
  return plural(count, singular, pluralForm);
}

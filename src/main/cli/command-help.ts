/**
 * Each command's `--help` text, in one module without imports: `agent-orchestrator <command>
 * --help` prints it from here (src/main/cli/index.ts) without loading the command's code (issue
 * 14, CLI start). The commands import their own text from here too, for `--help` in other places.
 */

export const ATTACH_HELP = `Usage: agent-orchestrator attach WORKTREE

Attach this terminal to the agent running in WORKTREE (its folder name or path): you see its
screen and type into it. Press Ctrl-] to detach; the agent keeps running.
`;

export const CI_HELP = `agent-orchestrator ci [--repo PATH] [--json]
  Pull requests and checks of every worktree branch (GitHub: GITHUB_TOKEN, GH_TOKEN or
  'gh auth token'; GITHUB_API_URL for GitHub Enterprise).
agent-orchestrator ci check [PATH]
  Run the repository's "check" commands (agent-orchestrator.json) in the worktree at PATH.
agent-orchestrator ci auto-triage on|off [PATH]
  Send failing checks of the worktree at PATH back to its agent (at most 2 tries, then notify).
`;

export const FIX_HELP = `Usage: agent-orchestrator fix --from WORKTREE [options] "DESCRIPTION"

Branch a fix from a worktree: a new worktree on fix/<slug> forked from WORKTREE's HEAD, set up
like any worktree, with its parent branch, fork point and target recorded in git config.

  --from WORKTREE      the worktree the bug was found in (a path, its folder name or its branch)
  --base source|target fork from WORKTREE's HEAD (default) or from its target
  --agent NAME|none    start this agent in the fix worktree with the description (needs the
                       app or 'serve' running; default: none)
  --name SLUG          the branch is fix/SLUG (default: from the description)
  --command CMD        the failing command, for the agent's prompt
  --output TEXT        its output, for the agent's prompt
  --json               print { worktree, branch, parent, target, base }
`;

export const LAND_HELP = `Usage: agent-orchestrator land FIX [--to TARGET]... [--source MODE] [--json]

Transplant only the fix's own commits (fork point..tip) onto each target, without touching
checked-out files, then bring the fix into the worktree it was branched from. A conflict
anywhere changes nothing and exits 3.

  FIX                  the fix worktree (path or folder name) or its branch
  --to TARGET          a target (repeat for several; default: the fix's recorded target)
  --source MODE        cherry-pick (default), merge, rebase or skip
  --json               print the result as JSON
`;

export const RESTACK_HELP = `Usage:
  agent-orchestrator restack PARENT [--child BRANCH]... [--json]
      Rebase the children of PARENT (branches started from it) onto its tip after it moved
      (new commits, a rebase, an amend), with --update-refs. Default: every child not current.
  agent-orchestrator integrate INTEGRATOR CHILD... [--json]
      Merge the children into the integrator worktree, parents first; one result per child
      (merged, conflict, skipped). A conflicting child is left out; nothing stays in progress.
`;

export const RUN_HELP = `Usage: agent-orchestrator run --worktrees PATH... [options]

Start one coding agent in each worktree (made by the app or by hand with 'git worktree add'),
in the running app if there is one, else in the desktop app, else right here (headless).

Options:
  --worktrees PATH...    the worktrees (folders) to start agents in; several repositories are fine
  --agent NAME|CMD       codex (default), claude, gemini, aider, opencode, a custom agent's name,
                         or any command line (added to your settings as a custom agent)
  --prompt TEXT          the task every agent starts with
  --prompt-file FILE     the task, read from a file
  --auto-handle-ci       feed failing CI checks back to each worktree's agent (see 'ci --help')
  --headless             run the engine in this terminal even where the desktop app could start
  --port N               the web UI's port when headless (default: the last one, else a free one)

Headless, it prints the web UI's URL and a live table of the agents (worktree, branch, status,
quota, CI); Ctrl-C stops the agents it started. With the app or another engine running, the
agents start there and this command returns at once.

Examples:
  git worktree add ../feature-auth -b feature/auth-system
  git worktree add ../fix-bug -b fix/memory-leak
  agent-orchestrator run --worktrees ../feature-auth ../fix-bug --auto-handle-ci
  agent-orchestrator run --worktrees ../a --agent claude --prompt "Add input validation"
`;

export const SEND_HELP = `Usage: agent-orchestrator send WORKTREE TEXT

Type TEXT and Enter into the agent running in WORKTREE (its folder name or path).
Example: agent-orchestrator send fix-bug "Run the tests again and fix what fails"
`;

export const STATUS_HELP = `Usage: agent-orchestrator status [--json]

The agents of the running engine (the app, serve or run): worktree, branch, agent, status and
since when, the quota windows and CI per worktree. Exit 1 when no engine runs.
`;

export const TRUST_HELP = `Usage: agent-orchestrator trust [--repo PATH] [--yes | --revoke] [--json]

Shows what the repository's agent-orchestrator.json and package manifests ask to run: setup and
teardown commands, agent entries (command and environment; some replace a built-in agent), and
install scripts. None of it runs until you trust the repository. Trust is pinned to the file's
content: when it changes, you are asked again.

  --repo PATH   the repository (any folder inside it; default: the current folder)
  --yes         trust exactly what is shown
  --revoke      withdraw trust
  --json        machine-readable output
`;

export const WORKTREE_HELP = `Usage: agent-orchestrator worktree <subcommand> [options]

Subcommands:
  list                       worktrees of the repository, with target, state and ports
  create <name>              new worktree <worktreeDir>/<name> on a new branch, then its setup
      --from BRANCH|WORKTREE   start from a branch/commit or another worktree's HEAD
                               (default: the default branch)
      --target BRANCH          the branch it merges into (default: config targets[0] or the base)
      --branch NAME            branch name (default: config branchPrefix + name)
      --no-bootstrap           skip copying files, installing and setup
  remove <name|path>         remove it (the branch stays); refuses to lose work unless --force
      --force                  remove despite changes, unmerged commits, a lock or running
                               sessions (implies --stop-sessions)
      --stop-sessions          stop the shells and agents running in it first (agents get their
                               normal exit, then a kill); without it, running sessions refuse
      --delete-branch          also delete the branch
  archive <name|path>        save changes on refs/agent-orchestrator/archive/<name>, run teardown,
                             remove it (the branch stays); --stop-sessions and --force as above
  restore <archive|path>     recreate an archived worktree with its changes, or a missing one
  prune <name|path>          forget a worktree whose folder was deleted
  archives                   list archived worktrees
  bootstrap <name|path>      run the setup again
  config                     show the effective agent-orchestrator.json

Options:
  --repo PATH    the repository (any folder inside it; default: the current folder)
  --trust        trust the repository's agent-orchestrator.json as it is now (printed first), so
                 its setup, teardown and install scripts run (see 'agent-orchestrator trust')
  --json         machine-readable output
`;

/** `<command> --help` as the first argument: answered by the dispatcher from this table. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  attach: ATTACH_HELP,
  ci: CI_HELP,
  fix: FIX_HELP,
  integrate: RESTACK_HELP,
  land: LAND_HELP,
  restack: RESTACK_HELP,
  run: RUN_HELP,
  send: SEND_HELP,
  status: STATUS_HELP,
  trust: TRUST_HELP,
  worktree: WORKTREE_HELP,
};

/**
 * Every command's and subcommand's `--help` text, in one module without imports:
 * `agent-orchestrator <command> [<subcommand>] … --help` prints it from here (src/main/cli/index.ts)
 * without loading the command's code, an engine, zod or oRPC (issue 14, CLI start). The commands
 * import their own text from here too, for callers that run them in-process.
 *
 * Each text says how to call it (a `Usage:` line naming the command), its arguments and options,
 * and an example; test/integration/cli/cli-start-imports.test.ts walks COMMAND_HELP and
 * SUBCOMMAND_HELP and checks that every one of them answers `--help` that way.
 */

export const ATTACH_HELP = `Usage: agent-orchestrator attach WORKTREE

Attach this terminal to the agent running in WORKTREE (its folder name or path): you see its
screen and type into it. Press Ctrl-] to detach; the agent keeps running. Needs the app or
'serve' running (exit 1 otherwise).

Example:
  agent-orchestrator attach feature-auth
`;

export const CI_HELP = `Usage:
  agent-orchestrator ci [--repo PATH] [--json]
      Pull requests and checks of every worktree branch (GitHub: GITHUB_TOKEN, GH_TOKEN or
      'gh auth token'; GITHUB_API_URL for GitHub Enterprise).
  agent-orchestrator ci check [PATH]
      Run the repository's "check" commands (agent-orchestrator.json) in the worktree at PATH.
  agent-orchestrator ci auto-triage on|off [PATH]
      Send failing checks of the worktree at PATH back to its agent (at most 2 tries, then notify).

Options:
  --repo PATH   the repository (any folder inside it; default: every registered repository)
  --json        print [{ branch, worktree, pr, checks }]

Examples:
  agent-orchestrator ci --repo .
  agent-orchestrator ci check ../feature-auth
  agent-orchestrator ci auto-triage on ../feature-auth
`;

export const CI_CHECK_HELP = `Usage: agent-orchestrator ci check [PATH]

Run the repository's "check" commands (agent-orchestrator.json) in the worktree at PATH (default:
the current folder) and print each one's result; the output of a failing one follows. The
repository must be trusted first ('agent-orchestrator trust'). Exit 1 when a check fails.

Example:
  agent-orchestrator ci check ../feature-auth
`;

export const CI_AUTO_TRIAGE_HELP = `Usage: agent-orchestrator ci auto-triage on|off [PATH]

Send failing CI checks of the worktree at PATH (default: the current folder) back to the agent
running in it, with the failure's log: at most 2 tries per failure, then a notification.

Example:
  agent-orchestrator ci auto-triage on ../feature-auth
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

Example:
  agent-orchestrator fix --from feature-auth --agent claude "Login fails with an empty password"
`;

export const LAND_HELP = `Usage: agent-orchestrator land FIX [--to TARGET]... [--source MODE] [--json]

Transplant only the fix's own commits (fork point..tip) onto each target, without touching
checked-out files, then bring the fix into the worktree it was branched from. A conflict
anywhere changes nothing and exits 3.

  FIX                  the fix worktree (path or folder name) or its branch
  --to TARGET          a target (repeat for several; default: the fix's recorded target)
  --source MODE        cherry-pick (default), merge, rebase or skip
  --json               print the result as JSON

Example:
  agent-orchestrator land fix/empty-password --to main --to release/1.2
`;

export const RESTACK_HELP = `Usage:
  agent-orchestrator restack PARENT [--child BRANCH]... [--json]
      Rebase the children of PARENT (branches started from it) onto its tip after it moved
      (new commits, a rebase, an amend), with --update-refs. Default: every child not current.
  agent-orchestrator integrate INTEGRATOR CHILD... [--json]
      Merge the children into the integrator worktree, parents first; one result per child
      (merged, conflict, skipped). A conflicting child is left out; nothing stays in progress.

Options:
  --child BRANCH   restack only this child (repeat for several)
  --json           print the result as JSON

Examples:
  agent-orchestrator restack feature/auth
  agent-orchestrator integrate integration feature/auth feature/billing
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

Type TEXT and Enter into the agent running in WORKTREE (its folder name or path). Needs the
app or 'serve' running (exit 1 otherwise).

Example:
  agent-orchestrator send fix-bug "Run the tests again and fix what fails"
`;

export const STATUS_HELP = `Usage: agent-orchestrator status [--json]

The agents of the running engine (the app, serve or run): worktree, branch, agent, status and
since when, the quota windows and CI per worktree. Exit 1 when no engine runs.

  --json   print the same as JSON

Example:
  agent-orchestrator status --json
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

Example:
  agent-orchestrator trust --repo ../my-project --yes
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

Run 'agent-orchestrator worktree <subcommand> --help' for one subcommand.

Examples:
  agent-orchestrator worktree list
  agent-orchestrator worktree create feature-auth --from main
  agent-orchestrator worktree remove feature-auth --delete-branch
`;

export const AGENTS_HELP = `Usage: agent-orchestrator agents [--json] [--repo PATH]

The coding agents the app can launch (Codex, Claude Code, Gemini CLI, Aider, OpenCode, custom
agents from the settings and, once the repository is trusted, from its agent-orchestrator.json),
their commands, and whether each is installed here (with how to install it if not).

  --repo PATH   also the agents of this repository's agent-orchestrator.json
  --json        print the list as JSON

Example:
  agent-orchestrator agents --repo .
`;

export const USAGE_HELP = `Usage: agent-orchestrator usage [--json] [--since DATE] [--until DATE]

Tokens, API-equivalent cost and rate-limit windows, read from the agents' own logs: CODEX_HOME,
CLAUDE_CONFIG_DIR (a comma list means several accounts) and GEMINI_DIR. Usage in the registered
repositories' worktrees is grouped by worktree, the rest by its working folder.

  --since DATE   from this day on (2026-09-01 or 20260901)
  --until DATE   up to and including this day
  --json         print { summary, quota } as JSON

Example:
  agent-orchestrator usage --since 2026-09-01
`;

export const SERVE_HELP = `Usage: agent-orchestrator serve [--port N] [--host H --allow-remote] [--open] [--new-token]

Start the engine and the web UI in the foreground. Prints one line,
"Listening on http://127.0.0.1:PORT/#token=…": open it in a browser. One engine serves a data
folder: if one already runs (the desktop app, another serve), this says where and exits 1. The
token and port are kept across restarts, so an open tab reconnects after a restart.

  --port N         port to listen on (default: the last one if free, else any free port)
  --new-token      make a new token (old URLs stop working)
  --host H         interface to bind (default: 127.0.0.1; anything else exposes the engine
                   beyond this machine, protected only by the token, and needs --allow-remote)
  --allow-remote   allow a --host other machines can reach
  --open           open the web UI in the default browser (with a one-time link: the token
                   never appears on the browser's command line)

Example:
  agent-orchestrator serve --open
`;

export const MAP_HELP = `Usage: agent-orchestrator map [--repo PATH] [--target NAME] [--json]

Every worktree branch against every target (the default branch and the config's "targets"):
merged / equivalent (squash, rebase, cherry-pick) / unmerged, ahead, behind, would-conflict,
uncommitted changes. Works with or without the app running.

  --repo PATH     the repository (any folder inside it; default: the current folder)
  --target NAME   only this target
  --json          print the map as JSON (the shape in the README)

Example:
  agent-orchestrator map --target main
`;

export const CONTAINS_HELP = `Usage: agent-orchestrator contains COMMIT [--repo PATH] [--json]

Is COMMIT (a sha, branch or tag), or a patch-equivalent commit, in each target and worktree
branch: contains / equivalent / missing. For "is the fix there yet" and "who still has the bug".

  COMMIT          the commit to look for
  --repo PATH     the repository (any folder inside it; default: the current folder)
  --json          print the answer as JSON

Example:
  agent-orchestrator contains 3f2c1ab
`;

export const TARGET_HELP = `Usage: agent-orchestrator target BRANCH TARGET [--repo PATH] [--json]
       agent-orchestrator target BRANCH --unset [--repo PATH] [--json]

Change the branch a worktree branch merges into (git config
branch.<name>.agentOrchestratorTarget); --unset goes back to the default branch.

  BRANCH          the worktree branch
  TARGET          the branch it merges into
  --unset         remove the recorded target
  --repo PATH     the repository (any folder inside it; default: the current folder)
  --json          print { branch, target }

Example:
  agent-orchestrator target feature/auth release/1.2
`;

/** One option of a help text: the flag with its argument, and its text (`\n` continues it). */
type OptionRow = readonly [flag: string, text: string];

/** The options every `worktree` subcommand takes. */
const WORKTREE_COMMON: readonly OptionRow[] = [
  ['--repo PATH', 'the repository (any folder inside it; default: the current folder)'],
  ['--trust', "trust the repository's agent-orchestrator.json as it is now (printed first)"],
  ['--json', 'machine-readable output'],
];

/** Options in one aligned column, continuation lines indented under their text. */
function optionLines(rows: readonly OptionRow[]): string {
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return rows
    .map(([flag, text]) => `  ${flag.padEnd(width)}${text.split('\n').join(`\n  ${' '.repeat(width)}`)}`)
    .join('\n');
}

const worktreeSub = (usage: string, text: string, options: readonly OptionRow[], example: string): string =>
  `Usage: agent-orchestrator worktree ${usage}

${text}

Options:
${optionLines([...options, ...WORKTREE_COMMON])}

Example:
  agent-orchestrator worktree ${example}
`;

/** `worktree <subcommand> --help`. The keys are the subcommands `worktree` accepts. */
export const WORKTREE_SUBCOMMAND_HELP: Readonly<Record<string, string>> = {
  list: worktreeSub('list [options]', 'The worktrees of the repository: name, branch, target, state and path.', [], 'list --json'),
  create: worktreeSub(
    'create NAME [options]',
    'A new worktree <worktreeDir>/NAME on a new branch, then its setup (files copied, dependencies,\nsetup commands), whose log is streamed here.',
    [
      ['--from BRANCH|WORKTREE', "start from a branch/commit or another worktree's HEAD\n(default: the default branch)"],
      ['--target BRANCH', 'the branch it merges into (default: config targets[0] or the base)'],
      ['--branch NAME', 'branch name (default: config branchPrefix + NAME)'],
      ['--no-bootstrap', 'skip copying files, installing and setup'],
    ],
    'create feature-auth --from main',
  ),
  remove: worktreeSub(
    'remove NAME|PATH [options]',
    'Remove a worktree (its branch stays). Refuses to lose work (changes, unmerged commits, a lock,\nrunning sessions) unless --force.',
    [
      ['--force', 'remove despite changes, unmerged commits, a lock or running sessions\n(implies --stop-sessions)'],
      ['--stop-sessions', 'stop the shells and agents running in it first'],
      ['--delete-branch', 'also delete the branch'],
    ],
    'remove feature-auth --delete-branch',
  ),
  archive: worktreeSub(
    'archive NAME|PATH [options]',
    "Save its changes on refs/agent-orchestrator/archive/NAME, run the teardown and remove it (the\nbranch stays); 'worktree restore' brings it back.",
    [
      ['--force', 'archive despite a lock or running sessions (implies --stop-sessions)'],
      ['--stop-sessions', 'stop the shells and agents running in it first'],
    ],
    'archive feature-auth',
  ),
  restore: worktreeSub(
    'restore ARCHIVE|PATH [options]',
    "Recreate an archived worktree with its changes (see 'worktree archives'), or a worktree whose\nfolder is missing.",
    [],
    'restore feature-auth',
  ),
  prune: worktreeSub('prune NAME|PATH [options]', 'Forget a worktree whose folder was deleted (git worktree prune for that one).', [], 'prune feature-auth'),
  archives: worktreeSub('archives [options]', 'The archived worktrees of the repository.', [], 'archives --json'),
  bootstrap: worktreeSub('bootstrap NAME|PATH [options]', "Run the worktree's setup again (files copied, dependencies, setup commands).", [], 'bootstrap feature-auth'),
  config: worktreeSub('config [options]', 'The effective agent-orchestrator.json of the repository (defaults filled in).', [], 'config --json'),
};

/** `<command> --help`: every command the dispatcher knows has a text here. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  agents: AGENTS_HELP,
  attach: ATTACH_HELP,
  ci: CI_HELP,
  contains: CONTAINS_HELP,
  fix: FIX_HELP,
  integrate: RESTACK_HELP,
  land: LAND_HELP,
  map: MAP_HELP,
  restack: RESTACK_HELP,
  run: RUN_HELP,
  send: SEND_HELP,
  serve: SERVE_HELP,
  status: STATUS_HELP,
  target: TARGET_HELP,
  trust: TRUST_HELP,
  usage: USAGE_HELP,
  worktree: WORKTREE_HELP,
};

/** `<command> <subcommand> --help`, for the commands that have subcommands. */
export const SUBCOMMAND_HELP: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ci: { check: CI_CHECK_HELP, 'auto-triage': CI_AUTO_TRIAGE_HELP },
  worktree: WORKTREE_SUBCOMMAND_HELP,
};

export { asksForHelp } from './asks-for-help.ts';

/**
 * The text for `command args…` when the arguments ask for help: the subcommand's when the first
 * argument names one, else the command's. Null for a command without a text (none, by test).
 */
export function helpFor(command: string, args: readonly string[]): string | null {
  const subcommands = Object.hasOwn(SUBCOMMAND_HELP, command) ? SUBCOMMAND_HELP[command]! : {};
  const sub = args[0];
  if (sub !== undefined && Object.hasOwn(subcommands, sub)) return subcommands[sub]!;
  return Object.hasOwn(COMMAND_HELP, command) ? COMMAND_HELP[command]! : null;
}

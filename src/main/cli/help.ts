/**
 * The text of `agent-orchestrator --help`.
 */
export const HELP_TEXT = `agent-orchestrator — run many AI coding agents at once, each in its own git worktree

Usage:
  agent-orchestrator <command> [options]

Quick start:
  git worktree add ../feature-auth -b feature/auth-system
  git worktree add ../fix-bug -b fix/memory-leak
  agent-orchestrator run --worktrees ../feature-auth ../fix-bug --auto-handle-ci

Commands:
  serve [--port N] [--host H --allow-remote] [--open] [--new-token]
        Start the engine and the web UI. Prints one line:
        "Listening on http://127.0.0.1:PORT/#token=…" — open it in a browser.
        One engine serves a data folder: if one already runs (the desktop app, another
        serve), this says where and exits 1. The token and port are kept across restarts,
        so an open tab reconnects after a restart.
        --port N       port to listen on (default: the last one if free, else any free port)
        --new-token    make a new token (old URLs stop working)
        --host H       interface to bind (default: 127.0.0.1; anything else exposes the
                       engine beyond this machine, protected only by the token, and needs
                       --allow-remote)
        --open         open the web UI in the default browser (with a one-time link: the
                       token never appears on the browser's command line)

  run --worktrees PATH... [--agent NAME|CMD] [--prompt TEXT | --prompt-file FILE]
      [--auto-handle-ci] [--headless] [--port N]
        One coding agent per worktree (Codex by default), in the running app, else the
        desktop app, else right here with a live table (Ctrl-C stops them).
        See 'agent-orchestrator run --help'.

  status [--json]        the running engine's agents, quota windows and CI
  attach WORKTREE        this terminal becomes that worktree's agent (Ctrl-] detaches)
  send WORKTREE TEXT     type a line into that worktree's agent

  agents [--json] [--repo PATH]
        List the coding agents the app can launch (Codex, Claude Code, Gemini CLI, Aider,
        OpenCode, and custom ones from settings or the repository's agent-orchestrator.json),
        their commands, and whether each is installed here (with how to install it if not).

  worktree list|create|remove|archive|restore|prune|archives|bootstrap|config
        Manage a repository's worktrees (works with or without the app running).
        create <name> [--repo PATH] [--from BRANCH|WORKTREE] [--target BRANCH] [--json]
        See 'agent-orchestrator worktree --help'.

  ci [--repo PATH] [--json]
        Pull requests and checks of every worktree branch, from GitHub (GITHUB_TOKEN, GH_TOKEN
        or 'gh auth token'; GITHUB_API_URL for GitHub Enterprise).
        ci check [PATH]                 run the repository's "check" commands in a worktree
        ci auto-triage on|off [PATH]    send failing checks back to the worktree's agent
  map [--repo PATH] [--target NAME] [--json]
        Every worktree branch against every target (default branch + config "targets"):
        merged / equivalent (squash, rebase, cherry-pick) / unmerged, ahead, behind,
        would-conflict, uncommitted changes. Works with or without the app running.

  contains COMMIT [--repo PATH] [--json]
        Is COMMIT (or a patch-equivalent one) in each target and worktree branch:
        contains / equivalent / missing. Use it for "is the fix there" and "who has the bug".

  target BRANCH TARGET | target BRANCH --unset  [--repo PATH]
        Change the branch a worktree branch merges into (git config
        branch.<name>.agentOrchestratorTarget).
  fix --from WORKTREE [--base source|target] [--agent NAME|none] [--name SLUG] [--json] "DESCRIPTION"
        Branch a fix from a worktree: fix/<slug> in its own worktree, forked from WORKTREE's
        HEAD (or its target), set up, with the agent started on the description.
        See 'agent-orchestrator fix --help'.

  land FIX [--to TARGET]... [--source cherry-pick|merge|rebase|skip] [--json]
        Put only the fix's own commits on its target(s) and bring it into its source worktree.
        A conflict changes nothing and exits 3.

  restack PARENT [--child BRANCH]...   rebase a moved parent's children onto it
  integrate INTEGRATOR CHILD...        merge children into an integrator worktree, parents first
  trust [--repo PATH] [--yes | --revoke] [--json]
        Show what a repository asks to run (setup/teardown commands, agent entries and their
        environment, install scripts) and trust it (--yes). Nothing a repository brings runs
        until it is trusted; a changed agent-orchestrator.json asks again.

  usage [--json] [--since DATE] [--until DATE]
        Tokens, API-equivalent cost and rate-limit windows from the agents' own logs:
        CODEX_HOME, CLAUDE_CONFIG_DIR (comma list = several accounts), GEMINI_DIR.

Options:
  -h, --help     show this help
  -v, --version  print the version

Every other command talks to the engine serving the data folder when one runs (the desktop
app, serve), so the app shows what it does at once; otherwise it runs the engine in-process
for the command alone.

Environment:
  AGENT_ORCHESTRATOR_HOME   where the app keeps its data (default: the platform's app-data folder)
`;

/**
 * The built-in agents: Codex CLI, Claude Code, Gemini CLI, Aider and OpenCode.
 *
 * Flags as documented by each CLI (mid-2026): how a task is passed at start, how a session is
 * resumed, whether the app may choose the session id, and the screens each one draws. The
 * screen patterns are covered by recorded screens in `test/fixtures/agents/screens/`.
 */
import { GENERIC_APPROVAL, type AgentProfile } from './agent-profile.ts';

const NO_HOOK_AUTHORITY = { idle: false, working: false } as const;

/**
 * Codex CLI (`openai/codex`).
 *
 * `codex [PROMPT]` starts the TUI on a task; `codex resume <id>` continues a thread, `resume
 * --last` the newest one of the working directory. The thread id cannot be chosen: it is learned
 * from the `notify` payload (`thread-id`) or the rollout file whose `session_meta.cwd` is the
 * worktree. `-c notify=[…]` replaces the user's notify program for this session only.
 */
export const CODEX: AgentProfile = {
  id: 'codex',
  name: 'Codex CLI',
  source: 'builtin',
  command: 'codex',
  baseArgs: [],
  env: {},
  promptMode: 'arg',
  promptFlag: null,
  dashDashBeforePrompt: true,
  pinSessionArgs: null,
  resumeArgs: (id) => ['resume', id],
  continueArgs: ['resume', '--last'],
  hooks: 'codex-notify',
  // notify only fires at the end of a turn; the screen still decides everything else.
  hookAuthority: NO_HOOK_AUTHORITY,
  logs: '$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl (default ~/.codex)',
  installHint: 'npm install -g @openai/codex',
  screen: {
    approval: [
      /Would you like to (?:run the following command|make the following edits|proceed)\?/,
      /\bAllow command\?/,
      /Approve (?:this patch|these changes)\?/,
      /Press enter to confirm or esc to cancel/,
      // First run (0.171): the sign-in screens and the folder trust menu.
      /Trust this folder\?/,
      /Choose how you want to use Codex/,
      /Finish signing in via your browser/,
      /^Sign in another way$/,
      /Paste or type your API key/,
      /\b1\. Yes, proceed \(y\)/,
      /Press enter to (?:continue|save)\b/,
      /\benter continue · esc back\b/,
      // A menu's selection marker on a numbered option ("› 1. Trust and continue").
      /^[›>] ?\d+\. \S/,
      ...GENERIC_APPROVAL,
    ],
    busy: [/esc to interrupt/, /\bWorking \(\d+[smh]/],
    // The composer's "› " — but not a menu's selection marker on a numbered option.
    prompt: [/^\s*[›▌>](?! ?\d+\. )/, /\bcontext left\b/, /\? for shortcuts/, /⏎ send/],
    window: 30,
  },
};

/**
 * Claude Code (`@anthropic-ai/claude-code`).
 *
 * `claude [prompt]`; `--session-id <uuid>` pins the session id at launch; `--resume <id>`
 * resumes it, `--continue` the newest conversation of the working directory. `--settings <file>`
 * adds a settings layer for this run only: that is how the app's hooks get in, without touching
 * the user's own settings files.
 */
export const CLAUDE: AgentProfile = {
  id: 'claude',
  name: 'Claude Code',
  source: 'builtin',
  command: 'claude',
  baseArgs: [],
  env: {},
  promptMode: 'arg',
  promptFlag: null,
  dashDashBeforePrompt: true,
  pinSessionArgs: (id) => ['--session-id', id],
  resumeArgs: (id) => ['--resume', id],
  continueArgs: ['--continue'],
  hooks: 'claude-settings',
  hookAuthority: { idle: true, working: true },
  logs: '$CLAUDE_CONFIG_DIR/projects/<worktree path>/<session id>.jsonl (default ~/.claude)',
  installHint: 'npm install -g @anthropic-ai/claude-code',
  screen: {
    approval: [
      /Do you want to (?:proceed|make this edit|create|allow|run|overwrite|use)\b.*\?/,
      /Would you like to proceed\?/,
      /Do you trust the files in this folder\?/,
      // 2.1: the folder trust dialog of a first start.
      /Is this a project you created or one you trust\?/,
      /Enter to (?:select|confirm) · .*Esc to cancel/,
      /❯ 1\. Yes\b/,
      /^❯ \d+\. \S/,
      ...GENERIC_APPROVAL,
    ],
    busy: [/esc to interrupt/],
    prompt: [/^\s*│?\s*> /, /\? for shortcuts/, /accept edits on/, /^\s*>\s*$/],
    // 2.1.197, recorded: "● API Error: Unable to connect to API (ConnectionRefused)" (offline, or
    // a proxy down), printed once its retries are spent; the same family for TLS failures and a
    // key the API refuses. "Unable to connect to Anthropic services" is its start-up check.
    blocked: [/API Error: Unable to connect to API\b/, /Unable to connect to Anthropic services/, /API Error: 401\b/, /Invalid API key · Please run \/login/],
    submitted: [/^\s*[❯>] +\S/],
    window: 30,
  },
};

/**
 * Gemini CLI (`@google/gemini-cli`).
 *
 * `gemini -i "<prompt>"` runs the prompt and stays interactive. Since 0.61 `--session-id <uuid>`
 * starts a session with an id the app chose (pinned as for Claude), and `--resume <uuid>` finds a
 * session by that id (or by index, or `latest`: the newest session of the project, which is
 * wrong with two Gemini sessions in one worktree, so it is only the fallback). No hooks are
 * passed: status comes from the screen.
 */
export const GEMINI: AgentProfile = {
  id: 'gemini',
  name: 'Gemini CLI',
  source: 'builtin',
  command: 'gemini',
  baseArgs: [],
  env: {},
  promptMode: 'flag',
  promptFlag: '--prompt-interactive',
  dashDashBeforePrompt: false,
  pinSessionArgs: (id) => ['--session-id', id],
  resumeArgs: (id) => ['--resume', id],
  continueArgs: ['--resume', 'latest'],
  hooks: null,
  hookAuthority: NO_HOOK_AUTHORITY,
  logs: '~/.gemini/tmp/<project>/chats/session-*.jsonl',
  installHint: 'npm install -g @google/gemini-cli',
  screen: {
    approval: [
      /Allow execution of\b/,
      /Apply this change\?/,
      /Waiting for user confirmation/,
      /● 1\. Yes, allow once/,
      /Do you want to proceed\?/,
      // First run (0.61): folder trust and the sign-in choice.
      /Do you trust the files in this folder\?/,
      /How would you like to authenticate\b/,
      /\(Use Enter to select\)/,
      /^● \d+\. \S/,
      ...GENERIC_APPROVAL,
    ],
    busy: [/\(esc to cancel, \d+[smh]/, /esc to cancel/],
    prompt: [/Type your message or @path\/to\/file/, /^\s*│?\s*> /],
    window: 30,
  },
};

/**
 * Aider (`aider-chat`).
 *
 * Aider has no "start with this prompt and stay interactive" flag (`--message` exits after one
 * turn), so the task is typed in once its prompt shows. `--restore-chat-history` continues from
 * the worktree's `.aider.chat.history.md`. A line-mode CLI: it asks on its last line, and an
 * answered question ("… [Yes]: y") stays in the scrollback, so only the last two lines (a
 * question wrapped by a narrow pane) are inspected, and questions must end the line.
 */
export const AIDER: AgentProfile = {
  id: 'aider',
  name: 'Aider',
  source: 'builtin',
  command: 'aider',
  baseArgs: [],
  env: {},
  promptMode: 'type',
  promptFlag: null,
  dashDashBeforePrompt: false,
  pinSessionArgs: null,
  resumeArgs: null,
  continueArgs: ['--restore-chat-history'],
  hooks: null,
  hookAuthority: NO_HOOK_AUTHORITY,
  logs: '.aider.chat.history.md in the worktree',
  installHint: 'python -m pip install aider-install && aider-install',
  screen: {
    approval: [/\(Y\)es\/\(N\)o\b.*\[(?:Yes|No|All|Skip all)\]:\s*$/, ...GENERIC_APPROVAL],
    busy: [/Waiting for \S+/, /Updating repo map/, /Scanning repo/],
    prompt: [/^(?:[a-z-]+)?> ?/],
    window: 2,
  },
};

/**
 * OpenCode (`opencode-ai`).
 *
 * `opencode --prompt "<prompt>"` starts the TUI on a task; `--session <id>` resumes a session,
 * `--continue` the newest one of the project.
 */
export const OPENCODE: AgentProfile = {
  id: 'opencode',
  name: 'OpenCode',
  source: 'builtin',
  command: 'opencode',
  baseArgs: [],
  env: {},
  promptMode: 'flag',
  promptFlag: '--prompt',
  dashDashBeforePrompt: false,
  pinSessionArgs: null,
  resumeArgs: (id) => ['--session', id],
  continueArgs: ['--continue'],
  hooks: null,
  hookAuthority: NO_HOOK_AUTHORITY,
  logs: '~/.local/share/opencode/storage/',
  installHint: 'npm install -g opencode-ai',
  screen: {
    approval: [/Permission required/, /Allow once\b.*\bAllow always\b/, /allow for session/i, ...GENERIC_APPROVAL],
    busy: [/esc (?:to )?interrupt/, /\bworking\.\.\./i],
    prompt: [/enter send/, /ctrl\+p commands/, /^\s*┃\s*>?/],
    window: 30,
  },
};

/** Built-in profiles, in the order they are listed. */
export const BUILTIN_PROFILES: readonly AgentProfile[] = [CODEX, CLAUDE, GEMINI, AIDER, OPENCODE];

/** Screen patterns for agents the app knows nothing about: yes/no questions on the last lines. */
export const GENERIC_SCREEN = {
  approval: GENERIC_APPROVAL,
  busy: [/esc to (?:interrupt|cancel)/],
  prompt: [/[>$%#❯›] ?$/],
  window: 2,
} as const;

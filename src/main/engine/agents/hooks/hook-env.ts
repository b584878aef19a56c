/**
 * What the engine and the status-hook helper (`ao-hook.ts`) agree on: the environment variables
 * the helper reads (set only in sessions the app starts) and the line format version.
 */

export const HOOK_FILE_ENV = 'AGENT_ORCHESTRATOR_HOOK_FILE';
export const HOOK_SECRET_ENV = 'AGENT_ORCHESTRATOR_HOOK_SECRET';
/** Where the latest Claude Code status-line payload of the session goes (replaced each time). */
export const STATUSLINE_FILE_ENV = 'AGENT_ORCHESTRATOR_STATUSLINE_FILE';
/** The user's own status-line command, run by the helper so their status line still shows. */
export const USER_STATUSLINE_ENV = 'AGENT_ORCHESTRATOR_USER_STATUSLINE';

/** Version of the line format (`v` in each line). */
export const HOOK_LINE_VERSION = 1;

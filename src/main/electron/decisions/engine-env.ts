/**
 * The environment the engine child process starts with.
 *
 * The engine passes its environment on to every terminal and agent it spawns, so whatever leaks
 * in here ends up in the user's shells. Removed:
 * - `ELECTRON_*`: Electron's own switches. `ELECTRON_RUN_AS_NODE` in particular would make every
 *   Electron app the user starts from an agent terminal (VS Code's `code`, …) run as plain Node.
 *   It is added back for the engine launch only, and the engine strips it again from the
 *   environment of every session it spawns (`src/main/engine/terminals/session-env.ts`).
 * - `NODE_OPTIONS`, `NODE_PATH`: would inject `--require` hooks or redirect module resolution
 *   into the engine itself.
 * - `npm_*`, `INIT_CWD`: present when the app is started through `npm start`; `npm_config_prefix`
 *   breaks nvm in the user's shells.
 * - `CHROME_DESKTOP`, AppImage's `APPDIR`/`APPIMAGE`/`ARGV0`/`OWD`: facts about the launcher.
 * - `ORIGINAL_XDG_CURRENT_DESKTOP`: Electron on Linux overwrites `XDG_CURRENT_DESKTOP` and keeps
 *   the user's value here; it is restored.
 */

/** Env var names (upper-case) removed outright. */
const DROPPED_NAMES: ReadonlySet<string> = new Set([
  'NODE_OPTIONS',
  'NODE_PATH',
  'INIT_CWD',
  'CHROME_DESKTOP',
  'APPDIR',
  'APPIMAGE',
  'ARGV0',
  'OWD',
  'ORIGINAL_XDG_CURRENT_DESKTOP',
]);

/** Env var name prefixes (upper-case) removed outright. */
const DROPPED_PREFIXES: readonly string[] = ['ELECTRON_', 'NPM_'];

function isDropped(name: string): boolean {
  // Windows env names are case-insensitive, so compare upper-case everywhere.
  const upper = name.toUpperCase();
  return DROPPED_NAMES.has(upper) || DROPPED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/**
 * Build the engine's environment from the shell's.
 *
 * `extra` is applied last (e.g. `ELECTRON_RUN_AS_NODE: '1'`); undefined values are dropped.
 */
export function sanitizeEngineEnv(
  parent: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (value !== undefined && !isDropped(name)) env[name] = value;
  }
  const originalDesktop = Object.entries(parent).find(
    ([name]) => name.toUpperCase() === 'ORIGINAL_XDG_CURRENT_DESKTOP',
  )?.[1];
  // Some launchers store the string "undefined" when there was no value to keep.
  if (originalDesktop !== undefined && originalDesktop !== '' && originalDesktop !== 'undefined') {
    env.XDG_CURRENT_DESKTOP = originalDesktop;
  }
  return { ...env, ...extra };
}

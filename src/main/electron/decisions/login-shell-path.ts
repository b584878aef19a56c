/**
 * The user's PATH for an app started from Finder or the dock (pure parts).
 *
 * macOS starts GUI apps with launchd's minimal PATH (`/usr/bin:/bin:/usr/sbin:/sbin`), so
 * agents installed with Homebrew, npm, pipx, cargo… are "not installed" to the engine. Like
 * VS Code, the shell asks the user's login shell once at start: `$SHELL -ilc '<command>'`,
 * where the command prints PATH between two markers, because profile scripts print banners,
 * motd lines and escape sequences around it. The command is a constant: no user input is
 * interpolated, and the marker is our own random hex.
 *
 * Only when launched from Finder/dock: started from a terminal (`npm start`, the CLI) the
 * environment already is the user's, and running their profile again would only cost time.
 */
import path from 'node:path';

/** Longest wait for the login shell (a slow profile script must not hold the app). */
export const LOGIN_SHELL_TIMEOUT_MS = 5_000;
/** Output kept from the shell; a PATH longer than this is not a PATH. */
export const MAX_LOGIN_SHELL_OUTPUT = 256 * 1024;

/** Shells whose `-i -l -c` means interactive login shell running a command. */
const KNOWN_SHELLS = new Set(['sh', 'bash', 'zsh', 'fish', 'ksh', 'dash', 'tcsh', 'csh']);

export function shouldResolveLoginShellPath(input: {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
}): boolean {
  if (input.platform !== 'darwin') return false;
  const env = input.env;
  // Started from a terminal: these come from the terminal emulator or the shell.
  if (env.TERM_PROGRAM !== undefined || env.TERM !== undefined || env.SHLVL !== undefined) return false;
  if (env.AGENT_ORCHESTRATOR_SKIP_LOGIN_SHELL === '1') return false;
  return true;
}

/** The shell to ask: `$SHELL` when it is an absolute path to a known shell, else zsh (macOS default). */
export function loginShell(env: Readonly<Record<string, string | undefined>>): string {
  const shell = env.SHELL;
  if (shell !== undefined && path.posix.isAbsolute(shell) && KNOWN_SHELLS.has(path.posix.basename(shell))) return shell;
  return '/bin/zsh';
}

/**
 * Arguments for the login shell: interactive (`-i`, so `.zshrc`/`.bashrc` run: nvm and friends
 * live there) login (`-l`) shell running one command. `printenv` is a program, so the output is
 * the same whatever the shell's own syntax for variables (fish, csh).
 */
export function loginShellArgs(marker: string): string[] {
  if (!/^[0-9a-f]{16,64}$/.test(marker)) throw new Error('marker must be hex');
  return ['-i', '-l', '-c', `printf '%s' ${marker}; /usr/bin/printenv PATH; printf '%s' ${marker}`];
}

/**
 * PATH from the shell's output: the text between the first two markers, trimmed; null when the
 * markers are missing or the value does not look like a PATH (empty, relative entries only,
 * control characters).
 */
export function parseLoginShellPath(output: string, marker: string): string | null {
  const start = output.indexOf(marker);
  if (start === -1) return null;
  const end = output.indexOf(marker, start + marker.length);
  if (end === -1) return null;
  const value = output.slice(start + marker.length, end).trim();
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point.
  if (value === '' || /[\u0000-\u001f\u007f]/.test(value)) return null;
  const entries = value.split(':').filter((entry) => path.posix.isAbsolute(entry));
  return entries.length > 0 ? entries.join(':') : null;
}

/** The login shell's PATH first, then entries only the current PATH has; no duplicates. */
export function mergePaths(loginPath: string, currentPath: string | undefined): string {
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const entry of [...loginPath.split(':'), ...(currentPath ?? '').split(':')]) {
    if (entry === '' || seen.has(entry)) continue;
    seen.add(entry);
    merged.push(entry);
  }
  return merged.join(':');
}

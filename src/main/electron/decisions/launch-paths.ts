/**
 * Which folders a launch asks the app to open (pure).
 *
 * A folder reaches the app three ways: as a command-line argument of the first launch
 * (`agent-orchestrator-desktop ~/src/app`), as the argv of a second launch that the single-instance
 * lock forwards to the running app (`second-instance`), and on macOS as an `open-file` event
 * (a folder dropped on the dock icon, "Open With" in Finder). The first two are parsed here.
 *
 * A second instance also sends its parsed folders as the lock's `additionalData`: Chromium may
 * append or reorder switches in the argv the first instance receives (notably on Windows), while
 * `additionalData` arrives exactly as sent. It crosses a process boundary, so it is validated.
 */
import path from 'node:path';

/** A launch asking for more than this many folders is cut (a glob expanded by mistake). */
export const MAX_LAUNCH_FOLDERS = 16;
/** Longer arguments are not paths anyone typed (and are refused by every OS anyway). */
export const MAX_PATH_CHARS = 4_096;

export interface LaunchContext {
  /**
   * Electron's `process.defaultApp`: true when run as `electron <app dir> …` (development,
   * the Playwright suite), where the first non-switch argument is the app itself, not a folder.
   */
  readonly defaultApp: boolean;
  /** The launching process's working directory: relative paths are relative to it. */
  readonly cwd: string;
  readonly platform: NodeJS.Platform;
}

/** What a second instance sends to the first one (`requestSingleInstanceLock(data)`). */
export interface SecondInstanceData {
  readonly folders: readonly string[];
}

function pathApi(platform: NodeJS.Platform): typeof path.posix {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** A `file://` URL (Linux file managers pass `%U`) as a path; anything else unchanged. */
function fromFileUrl(arg: string, platform: NodeJS.Platform): string | null {
  if (!/^file:/i.test(arg)) return arg;
  try {
    const url = new URL(arg);
    if (url.host !== '' && url.host !== 'localhost') return null;
    const decoded = decodeURIComponent(url.pathname);
    // file:///C:/x → C:/x on Windows.
    return platform === 'win32' ? decoded.replace(/^\/([A-Za-z]:)/, '$1') : decoded;
  } catch {
    return null;
  }
}

function usable(arg: string): boolean {
  return arg !== '' && arg.length <= MAX_PATH_CHARS && !arg.includes('\0');
}

/**
 * The folders named on a command line, as absolute paths, in order and without duplicates.
 *
 * Skipped: the executable (`argv[0]`), the app directory when run as `electron <dir>`, every
 * switch (`--no-sandbox`, `--inspect=0`, Chromium's own, macOS's `-psn_0_…` process serial
 * number) and any other URL scheme (a protocol handler, not a folder). Everything after a bare
 * `--` is a path even when it starts with `-`. Whether a path exists and is a repository is for
 * the engine to say (`repos.add`), with a proper error.
 */
export function foldersFromArgv(argv: readonly string[], context: LaunchContext): string[] {
  const api = pathApi(context.platform);
  const folders: string[] = [];
  let appDirSkipped = !context.defaultApp;
  let literal = false;
  for (const raw of argv.slice(1)) {
    if (!literal && raw === '--') {
      literal = true;
      continue;
    }
    if (!literal && raw.startsWith('-')) continue;
    if (!appDirSkipped) {
      appDirSkipped = true;
      continue;
    }
    if (!usable(raw)) continue;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) && !/^file:/i.test(raw)) continue;
    const candidate = fromFileUrl(raw, context.platform);
    if (candidate === null || !usable(candidate)) continue;
    const absolute = api.resolve(context.cwd, candidate);
    if (!folders.includes(absolute)) folders.push(absolute);
    if (folders.length === MAX_LAUNCH_FOLDERS) break;
  }
  return folders;
}

/**
 * The folders a second instance asked for: its `additionalData` when well-formed, otherwise
 * its argv parsed against its working directory.
 */
export function foldersFromSecondInstance(
  argv: readonly string[],
  workingDirectory: string,
  additionalData: unknown,
  context: Omit<LaunchContext, 'cwd'>,
): string[] {
  const data = parseSecondInstanceData(additionalData, context.platform);
  if (data !== null) return [...data.folders];
  return foldersFromArgv(argv, { ...context, cwd: workingDirectory });
}

/** `additionalData` if it is what our own second instance sends; null otherwise. */
export function parseSecondInstanceData(value: unknown, platform: NodeJS.Platform): SecondInstanceData | null {
  if (typeof value !== 'object' || value === null) return null;
  const folders = (value as { folders?: unknown }).folders;
  if (!Array.isArray(folders) || folders.length > MAX_LAUNCH_FOLDERS) return null;
  const api = pathApi(platform);
  if (!folders.every((folder): folder is string => typeof folder === 'string' && usable(folder) && api.isAbsolute(folder))) {
    return null;
  }
  return { folders: [...new Set(folders)] };
}

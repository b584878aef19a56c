/**
 * Find the executable a session will run, before spawning it.
 *
 * node-pty forks first and fails to exec in the child, which surfaces as a process that exits
 * at once with a cryptic code. Looking the command up on PATH beforehand turns "no such command"
 * into a clear COMMAND_NOT_FOUND.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';

/** Where and with which environment a command is looked up. */
export interface ResolveOptions {
  /** Relative commands (`./run.sh`, `bin/tool`) are resolved against this directory. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

/**
 * Absolute path of `command`, or null when it is not an executable file.
 *
 * A command with a path separator is taken as a path; a bare name is searched on PATH (with
 * PATHEXT on Windows), like a shell would.
 */
export async function resolveCommand(command: string, options: ResolveOptions): Promise<string | null> {
  const platform = options.platform ?? process.platform;
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  const extensions = platform === 'win32' ? windowsExtensions(command, options.env) : [''];
  const hasSeparator = command.includes('/') || (platform === 'win32' && command.includes('\\'));
  const candidates = hasSeparator
    ? [pathApi.resolve(options.cwd, command)]
    : searchPath(options.env, platform).map((dir) => pathApi.join(dir, command));
  for (const candidate of candidates) {
    for (const extension of extensions) {
      if (await isExecutableFile(candidate + extension, platform)) return candidate + extension;
    }
  }
  return null;
}

/**
 * The user's shell: $SHELL, else bash, else sh; on Windows %COMSPEC%, else PowerShell.
 */
export async function resolveDefaultShell(options: ResolveOptions): Promise<string | null> {
  const platform = options.platform ?? process.platform;
  const preferred =
    platform === 'win32'
      ? [options.env.COMSPEC, 'powershell.exe', 'cmd.exe']
      : [options.env.SHELL, 'bash', 'sh', '/bin/sh'];
  for (const shell of preferred) {
    if (!shell) continue;
    const resolved = await resolveCommand(shell, options);
    if (resolved) return resolved;
  }
  return null;
}

function searchPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  // Windows env names are case-insensitive; process.env hides that, a plain copy does not.
  const key = platform === 'win32' ? Object.keys(env).find((name) => name.toUpperCase() === 'PATH') : 'PATH';
  const value = key ? env[key] : undefined;
  const delimiter = platform === 'win32' ? ';' : ':';
  // An empty PATH entry means "current directory" in POSIX shells; that is how commands get
  // hijacked, so it is skipped.
  return (value ?? '').split(delimiter).filter((dir) => dir !== '');
}

function windowsExtensions(command: string, env: NodeJS.ProcessEnv): string[] {
  if (path.win32.extname(command) !== '') return [''];
  const pathext = env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD';
  return ['', ...pathext.split(';').filter((ext) => ext !== '')];
}

async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    if (platform !== 'win32') await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

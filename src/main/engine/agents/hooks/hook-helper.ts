/**
 * The status-hook helper the agents run, and its launchers, written into the data directory.
 *
 * Hooks run commands on the user's machine, so they are scoped three ways:
 * 1. they are passed only to sessions the app starts, per run (`claude --settings <file>`,
 *    `codex -c notify=[…]`): the user's own agent config files are never touched, so an agent
 *    started anywhere else never runs them;
 * 2. the helper does nothing unless the session's environment names its hook file and secret
 *    (an agent started from inside an app session, without our flags, never runs it either, and
 *    a copied command line does nothing outside a session);
 * 3. the engine drops lines whose secret is not the one it gave that session (rotated at every
 *    start), so stale or forged lines change nothing.
 *
 * The helper (`ao-hook.ts`, a program of its own) only appends one JSON line to the session's own
 * file; it never talks to the network and never gets the engine's token. Its launcher is written
 * into the data directory at every engine start, so hook commands name a stable path while the
 * program it runs moves with the app (a build's bundled copy, or one bundled from the TypeScript
 * source into the same folder).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { programArgs } from '../../programs/index.ts';

export { HOOK_FILE_ENV, HOOK_LINE_VERSION, HOOK_SECRET_ENV, STATUSLINE_FILE_ENV, USER_STATUSLINE_ENV } from './hook-env.ts';

/** The installed helper: the launcher to put in hook commands. */
export interface InstalledHelper {
  /** Executable that runs the helper with the engine's own Node (`ao-hook` / `ao-hook.cmd`). */
  readonly launcher: string;
}

/** Quote for a POSIX shell: everything literal. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A launcher that runs the helper with `node`. Inside the desktop app the engine's Node is the
 * Electron binary, which needs ELECTRON_RUN_AS_NODE (stripped from session environments, so
 * that apps the agent starts are not turned into bare Node): the launcher sets it for the
 * helper alone.
 */
export function launcherSource(nodePath: string, args: readonly string[], platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    const quoted = [nodePath, ...args].map((arg) => `"${arg}"`).join(' ');
    return `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n${quoted} %*\r\n`;
  }
  const quoted = [nodePath, ...args].map(shQuote).join(' ');
  return `#!/bin/sh\n# Agent Orchestrator status hook launcher (runs ao-hook).\nELECTRON_RUN_AS_NODE=1 exec ${quoted} "$@"\n`;
}

/** Write the helper's launcher under `<dir>` (replacing an older one). */
export async function installHookHelper(
  dir: string,
  nodePath: string = process.execPath,
  platform: NodeJS.Platform = process.platform,
): Promise<InstalledHelper> {
  await mkdir(dir, { recursive: true });
  const launcher = path.join(dir, platform === 'win32' ? 'ao-hook.cmd' : 'ao-hook');
  await writeFile(launcher, launcherSource(nodePath, await programArgs('ao-hook', dir), platform), { mode: 0o755 });
  // writeFile's mode applies only when it creates the file.
  await chmod(launcher, 0o755);
  return { launcher };
}

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
 * The helper only appends one JSON line to the session's own file; it never talks to the
 * network and never gets the engine's token. It is written from this module at every engine
 * start (the packaged app has no source tree to point at), always exits 0 and prints nothing,
 * so it can never block or steer the agent (Claude Code reads a hook's stdout and exit code).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Environment variables the helper reads; set only in sessions the app starts. */
export const HOOK_FILE_ENV = 'AGENT_ORCHESTRATOR_HOOK_FILE';
export const HOOK_SECRET_ENV = 'AGENT_ORCHESTRATOR_HOOK_SECRET';
/** Where the latest Claude Code status-line payload of the session goes (replaced each time). */
export const STATUSLINE_FILE_ENV = 'AGENT_ORCHESTRATOR_STATUSLINE_FILE';
/** The user's own status-line command, run by the helper so their status line still shows. */
export const USER_STATUSLINE_ENV = 'AGENT_ORCHESTRATOR_USER_STATUSLINE';

/** Version of the line format (`v` in each line). */
export const HOOK_LINE_VERSION = 1;

/**
 * The helper (an ES module run by Node): `ao-hook <agent> <event> [payload-json]`. The payload
 * is the last argument (Codex notify) or stdin (Claude Code hooks). Only short top-level values
 * are kept (event name, session id, message): tool inputs and outputs never reach the file.
 *
 * `ao-hook claude statusline` is Claude Code's status-line command for the session: the payload
 * (model, context window, rate limits) replaces the session's status-line file for the usage
 * module, and the user's own status-line command, if they have one, runs with the same input and
 * its output is passed through, so their status line looks as before.
 */
export const HELPER_SOURCE = `// Agent Orchestrator status hook. Written by the app; does nothing outside sessions it started.
import { spawn } from 'node:child_process';
import { appendFile, rename, writeFile } from 'node:fs/promises';

const file = process.env.${HOOK_FILE_ENV};
const secret = process.env.${HOOK_SECRET_ENV};
const [agent, event, arg] = process.argv.slice(2);
const MAX_INPUT = 1048576;
const MAX_VALUE = 500;

function readStdin() {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    let data = '';
    const done = () => resolve(data);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => { if (data.length < MAX_INPUT) data += chunk; });
    process.stdin.on('end', done);
    process.stdin.on('error', done);
    setTimeout(done, 2000).unref();
  });
}

function slim(text) {
  let value;
  try { value = JSON.parse(text); } catch { return null; }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const kept = {};
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string') kept[key] = field.slice(0, MAX_VALUE);
    else if (typeof field === 'number' || typeof field === 'boolean') kept[key] = field;
  }
  return kept;
}

function runOwnStatusLine(command, input) {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'inherit', 'ignore'] });
    const timer = setTimeout(() => child.kill(), 5000);
    child.on('error', () => resolve());
    child.on('close', () => { clearTimeout(timer); resolve(); });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

async function statusLine() {
  const raw = await readStdin();
  const target = process.env.${STATUSLINE_FILE_ENV};
  if (target && raw.trim()) {
    const temp = target + '.' + process.pid + '.tmp';
    await writeFile(temp, JSON.stringify({ v: ${HOOK_LINE_VERSION}, secret, at: Date.now(), payload: raw }), { mode: 0o600 });
    await rename(temp, target);
  }
  const own = process.env.${USER_STATUSLINE_ENV};
  if (own) await runOwnStatusLine(own, raw);
}

async function main() {
  if (!file || !secret || !agent || !event) return;
  if (event === 'statusline') return statusLine();
  const raw = arg !== undefined ? arg : await readStdin();
  const line = JSON.stringify({ v: ${HOOK_LINE_VERSION}, secret, agent, event, at: Date.now(), payload: slim(raw) });
  await appendFile(file, line + '\\n', { mode: 0o600 });
}

main().then(() => process.exit(0), () => process.exit(0));
`;

/** The installed helper: the launcher to put in hook commands. */
export interface InstalledHelper {
  /** Executable that runs the helper with the engine's own Node (`ao-hook` / `ao-hook.cmd`). */
  readonly launcher: string;
  readonly script: string;
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
export function launcherSource(nodePath: string, script: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    return `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"${nodePath}" "${script}" %*\r\n`;
  }
  return `#!/bin/sh\n# Agent Orchestrator status hook launcher (see ao-hook.mjs).\nELECTRON_RUN_AS_NODE=1 exec ${shQuote(nodePath)} ${shQuote(script)} "$@"\n`;
}

/** Write the helper and its launcher under `<dir>` (replacing older copies). */
export async function installHookHelper(
  dir: string,
  nodePath: string = process.execPath,
  platform: NodeJS.Platform = process.platform,
): Promise<InstalledHelper> {
  await mkdir(dir, { recursive: true });
  const script = path.join(dir, 'ao-hook.mjs');
  const launcher = path.join(dir, platform === 'win32' ? 'ao-hook.cmd' : 'ao-hook');
  await writeFile(script, HELPER_SOURCE, { mode: 0o644 });
  await writeFile(launcher, launcherSource(nodePath, script, platform), { mode: 0o755 });
  // writeFile's mode applies only when it creates the file.
  await chmod(launcher, 0o755);
  return { launcher, script };
}

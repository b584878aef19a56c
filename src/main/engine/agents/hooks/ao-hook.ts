/**
 * The status-hook helper (a program of its own): `ao-hook <agent> <event> [payload-json]`.
 *
 * Agents run it through the launcher `hook-helper.ts` writes. The payload is the last argument
 * (Codex notify) or stdin (Claude Code hooks). Only short top-level values are kept (event name,
 * session id, message): tool inputs and outputs never reach the file. It does nothing outside
 * sessions the app started (no hook file or secret in the environment), never talks to the
 * network, prints nothing and always exits 0, so it can never block or steer the agent.
 *
 * `ao-hook claude statusline` is Claude Code's status-line command for the session: the payload
 * (model, context window, rate limits) replaces the session's status-line file for the usage
 * module, and the user's own status-line command, if they have one, runs with the same input and
 * its output is passed through, so their status line looks as before.
 */
import { spawn } from 'node:child_process';
import { appendFile, rename, writeFile } from 'node:fs/promises';
import { HOOK_FILE_ENV, HOOK_LINE_VERSION, HOOK_SECRET_ENV, STATUSLINE_FILE_ENV, USER_STATUSLINE_ENV } from './hook-env.ts';

const MAX_INPUT = 1024 * 1024;
const MAX_VALUE = 500;

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve) => {
    let data = '';
    const done = (): void => resolve(data);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      if (data.length < MAX_INPUT) data += chunk;
    });
    process.stdin.on('end', done);
    process.stdin.on('error', done);
    setTimeout(done, 2000).unref();
  });
}

/** Short top-level strings, numbers and booleans of a JSON object; null for anything else. */
export function slim(text: string): Record<string, string | number | boolean> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const kept: Record<string, string | number | boolean> = {};
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string') kept[key] = field.slice(0, MAX_VALUE);
    else if (typeof field === 'number' || typeof field === 'boolean') kept[key] = field;
  }
  return kept;
}

/** The user's status-line command is their own shell code, run the way Claude Code runs it. */
function runOwnStatusLine(command: string, input: string): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], { stdio: ['pipe', 'inherit', 'ignore'] });
    const timer = setTimeout(() => child.kill(), 5000);
    child.on('error', () => resolve());
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

async function statusLine(secret: string): Promise<void> {
  const raw = await readStdin();
  const target = process.env[STATUSLINE_FILE_ENV];
  if (target && raw.trim()) {
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ v: HOOK_LINE_VERSION, secret, at: Date.now(), payload: raw }), { mode: 0o600 });
    await rename(temp, target);
  }
  const own = process.env[USER_STATUSLINE_ENV];
  if (own) await runOwnStatusLine(own, raw);
}

async function main(argv: readonly string[]): Promise<void> {
  const file = process.env[HOOK_FILE_ENV];
  const secret = process.env[HOOK_SECRET_ENV];
  const [agent, event, arg] = argv;
  if (!file || !secret || !agent || !event) return;
  if (event === 'statusline') return statusLine(secret);
  const raw = arg !== undefined ? arg : await readStdin();
  // When the agent ran the hook: this process's start (Node takes it before loading any script),
  // not now — on a loaded machine the helper's own start takes long enough for the user to have
  // answered the question the hook announces, and the engine orders the two by this time.
  const at = Math.min(Date.now(), Math.round(performance.timeOrigin));
  const line = JSON.stringify({ v: HOOK_LINE_VERSION, secret, agent, event, at, payload: slim(raw) });
  await appendFile(file, `${line}\n`, { mode: 0o600 });
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  () => process.exit(0),
);

/**
 * Resolve the user's login-shell PATH once at start (macOS apps opened from Finder or the dock).
 *
 * Runs before the engine starts, so the engine, its terminals and its "is this agent installed"
 * checks see the PATH the user's terminal has. Decisions and parsing are in
 * `decisions/login-shell-path.ts`; this file only runs the shell, with a timeout, and never fails
 * the start: on any problem the PATH stays as it was and the reason is logged.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  LOGIN_SHELL_TIMEOUT_MS,
  MAX_LOGIN_SHELL_OUTPUT,
  loginShell,
  loginShellArgs,
  mergePaths,
  parseLoginShellPath,
  shouldResolveLoginShellPath,
} from './decisions/login-shell-path.ts';

/** Run the login shell and return its PATH, or null (with the reason logged). */
export function readLoginShellPath(
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
  timeoutMs: number = LOGIN_SHELL_TIMEOUT_MS,
): Promise<string | null> {
  const marker = randomBytes(16).toString('hex');
  const shell = loginShell(env);
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    const finish = (value: string | null, why?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (why !== undefined) log(`login shell PATH not read: ${why}`);
      resolve(value);
    };
    const child = spawn(shell, loginShellArgs(marker), {
      // Without a terminal: an interactive shell must not wait for keyboard input.
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...env, AGENT_ORCHESTRATOR_RESOLVING_ENV: '1' },
      detached: true,
    });
    const timer = setTimeout(() => {
      // The whole process group: profile scripts may have started helpers.
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      finish(null, `${shell} took longer than ${timeoutMs} ms`);
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (output.length < MAX_LOGIN_SHELL_OUTPUT) output += chunk;
    });
    child.stdout.on('error', () => undefined);
    child.once('error', (error) => finish(null, `${shell}: ${error.message}`));
    child.once('close', () => {
      const value = parseLoginShellPath(output, marker);
      finish(value, value === null ? `${shell} printed no PATH` : undefined);
    });
  });
}

/** On macOS GUI launches, replace `process.env.PATH` by the login shell's (merged with ours). */
export async function applyLoginShellPath(log: (line: string) => void): Promise<void> {
  if (!shouldResolveLoginShellPath({ platform: process.platform, env: process.env })) return;
  const started = Date.now();
  const loginPath = await readLoginShellPath(process.env, log);
  if (loginPath === null) return;
  process.env.PATH = mergePaths(loginPath, process.env.PATH);
  log(`PATH from the login shell in ${Date.now() - started} ms`);
}

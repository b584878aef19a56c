/**
 * Running a bootstrap command with its output streamed to a sink.
 *
 * Two kinds of command and nothing else: an argument array the engine built (an install), or a
 * command line the user wrote in the repository config (`setup`, `teardown`), which is meant for a
 * shell and is run by the platform shell explicitly (`sh -c <line>`, `cmd /d /s /c <line>`) — the
 * user's own command, never a string the engine assembled from input.
 */
import { spawn } from 'node:child_process';

/** What to run: an argument array, or a shell command line written by the user. */
export type CommandSpec = { argv: readonly string[] } | { shell: string };

export interface RunCommandOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Receives stdout and stderr as they arrive (interleaved, like a terminal). */
  onOutput: (chunk: Buffer) => void;
  /** Abort to kill the command (it then ends with exit code null). */
  signal?: AbortSignal;
}

export interface CommandExit {
  exitCode: number | null;
  /** Set when the command could not start (e.g. "pnpm: not found"). */
  spawnError: string | null;
}

/** The platform shell invocation for a user-written command line. */
export function shellInvocation(line: string): { file: string; args: string[]; verbatim: boolean } {
  if (process.platform === 'win32') {
    // /d: no AutoRun; /s /c: run the rest of the line as written (verbatim: no re-quoting by Node).
    return { file: process.env.ComSpec ?? 'cmd.exe', args: ['/d', '/s', '/c', `"${line}"`], verbatim: true };
  }
  return { file: '/bin/sh', args: ['-c', line], verbatim: false };
}

/** Human-readable form of a command, for the log (never executed). */
export function describeCommand(spec: CommandSpec): string {
  if ('shell' in spec) return spec.shell;
  return spec.argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}

/** Run `spec` to completion. Never rejects. */
export function runCommand(spec: CommandSpec, options: RunCommandOptions): Promise<CommandExit> {
  return new Promise((resolve) => {
    let file: string;
    let args: string[];
    let verbatim = false;
    if ('shell' in spec) {
      ({ file, args, verbatim } = shellInvocation(spec.shell));
    } else {
      [file = '', ...args] = spec.argv;
    }
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      windowsVerbatimArguments: verbatim,
      // Its own process group, so aborting also stops what the command started.
      detached: process.platform !== 'win32',
    });
    const kill = (): void => {
      if (child.pid === undefined) return;
      try {
        if (process.platform === 'win32') child.kill();
        else process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
    };
    options.signal?.addEventListener('abort', kill, { once: true });
    child.stdout.on('data', options.onOutput);
    child.stderr.on('data', options.onOutput);
    let settled = false;
    const finish = (exit: CommandExit): void => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', kill);
      resolve(exit);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      const text = error.code === 'ENOENT' ? `${file}: command not found` : `${file}: ${error.message}`;
      finish({ exitCode: null, spawnError: text });
    });
    child.on('close', (code) => finish({ exitCode: code, spawnError: null }));
  });
}

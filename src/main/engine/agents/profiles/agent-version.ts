/**
 * An installed agent CLI's version: the first line of its `--version` output ("codex-cli
 * 0.171.0", "2.1.197 (Claude Code)", "0.61.0"), shown by `agents` and `agents.profiles`.
 *
 * Asked only of the built-in CLIs, which all answer `--version` and exit: a custom command may
 * not know the flag and start working instead. Each answer is cached by the executable's path,
 * size and modification time, so listing agents costs a `stat` after the first time, and an
 * upgrade (a new file) is asked again. Never a shell: the resolved path and one argument.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';

/** A CLI that has not answered by then is reported without a version. */
const VERSION_TIMEOUT_MS = 5_000;
/** Longest version text kept. */
const MAX_VERSION_CHARS = 100;
/** Cached answers kept at most (one per executable file version). */
const MAX_CACHED = 64;

const cache = new Map<string, Promise<string | null>>();

/** The version `executable --version` prints, or null when it fails, times out or prints nothing. */
export async function agentVersion(executable: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string | null> {
  const info = await stat(executable).catch(() => null);
  if (!info) return null;
  const key = `${executable}\0${info.size}\0${info.mtimeMs}`;
  let answer = cache.get(key);
  if (!answer) {
    answer = askVersion(executable, env, cwd);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, answer);
  }
  return answer;
}

/** Forget cached versions (tests). */
export function clearAgentVersions(): void {
  cache.clear();
}

function askVersion(executable: string, env: NodeJS.ProcessEnv, cwd: string): Promise<string | null> {
  // Windows shims (`codex.cmd` from npm) run through cmd.exe; the path comes from PATH lookup.
  const windowsShim = process.platform === 'win32' && /\.(?:cmd|bat)$/i.test(executable);
  const [file, args] = windowsShim ? [env.ComSpec ?? 'cmd.exe', ['/d', '/c', executable, '--version']] : [executable, ['--version']];
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd, env, timeout: VERSION_TIMEOUT_MS, maxBuffer: 64 * 1024, windowsHide: true, encoding: 'utf8' },
      (error, stdout) => {
        const line = String(stdout ?? '')
          .split(/\r?\n/)
          .map((text) => text.trim())
          .find((text) => text !== '');
        resolve(error || !line ? null : line.slice(0, MAX_VERSION_CHARS));
      },
    );
    child.on('error', () => resolve(null));
    child.stdin?.end();
  });
}

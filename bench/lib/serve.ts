/**
 * The bundled CLI's `serve` (dist/cli, what the desktop app runs, with the app's Node flags) for
 * browser benchmarks: started on a free port with its own data folder, resolved with the URL it
 * prints (token included).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ENGINE_NODE_FLAGS } from '../../src/main/electron/decisions/app-paths.ts';

export interface ServeOptions {
  /** The repository root (where dist/cli is). */
  root: string;
  /** The engine's data folder. */
  home: string;
  /** Extra environment for the engine (e.g. SHELL). */
  env?: NodeJS.ProcessEnv;
  /** Node flags before the script (default: the desktop app's, ENGINE_NODE_FLAGS). */
  nodeFlags?: readonly string[];
  /** Told about the child as soon as it exists, so a caller can stop it even if start fails. */
  onChild?: (child: ChildProcess) => void;
}

export async function startServe(options: ServeOptions): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? ENGINE_NODE_FLAGS), 'dist/cli/index.mjs', 'serve', '--port', '0'], {
    cwd: options.root,
    env: { ...process.env, AGENT_ORCHESTRATOR_HOME: options.home, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onChild?.(child);
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60_000);
    const take = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}:\n${output}`));
    });
  });
  return { child, url };
}

/** Stop a child politely (SIGTERM), and for good after 10 s; resolves once it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

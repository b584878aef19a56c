/**
 * Runs the engine as a supervised child process and knows its current endpoint.
 *
 * The engine is `agent-orchestrator serve … --ready-json` run by Electron-as-Node
 * (`process.execPath` + `ELECTRON_RUN_AS_NODE=1`), so it is the same program as the headless CLI
 * and a crash in it (a native PTY fault, an out-of-memory) never takes the window down. When it
 * exits unexpectedly it is restarted with backoff (`decisions/restart-policy.ts`); every new
 * start has a new port and token, announced through {@link EngineHost.onDidChangeEndpoint} so
 * the renderer can reconnect.
 *
 * Deliberately free of `electron` imports: it is tested under plain Node with a fake engine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EngineEndpoint } from '../../shared/protocol/client.ts';
import { parseReadyLine } from './decisions/ready-line.ts';
import { DEFAULT_RESTART_POLICY, planRestart, type RestartPolicy } from './decisions/restart-policy.ts';
import { isPidAlive } from './running-engine.ts';

/** How to start the engine and how patient to be with it. */
export interface EngineHostOptions {
  /** Executable: `process.execPath` in the shell. */
  readonly command: string;
  /** Script and its arguments (`decisions/app-paths.ts#engineServeArgs`). */
  readonly args: readonly string[];
  /** Complete environment of the child (already sanitized: `decisions/engine-env.ts`). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** How long a start may take to print its ready line. */
  readonly readyTimeoutMs?: number;
  /** How long `stop()` waits after SIGTERM before SIGKILL. */
  readonly stopGraceMs?: number;
  readonly restartPolicy?: RestartPolicy;
  /** Where the engine's stdout/stderr lines and the host's own notes go. */
  readonly log?: (line: string) => void;
}

/** A disposer returned by event subscriptions. */
export interface Disposable {
  dispose(): void;
}

/** Why the host stopped restarting the engine. */
export interface EngineFailure {
  readonly message: string;
  /** The engine's last stderr lines, for the error dialog. */
  readonly stderrTail: readonly string[];
}

/** Thrown by {@link EngineHost.start} when no start succeeded within the restart budget. */
export class EngineStartError extends Error {
  constructor(
    message: string,
    readonly stderrTail: readonly string[],
  ) {
    super(message);
    this.name = 'EngineStartError';
  }
}

/** Cold start on a slow disk, git probing, state migration: generous but bounded. */
const DEFAULT_READY_TIMEOUT_MS = 20_000;
/** Time for the engine to kill its PTYs and flush state after SIGTERM. */
const DEFAULT_STOP_GRACE_MS = 3_000;
/** stderr lines kept for error reports. */
const STDERR_TAIL_LINES = 20;

type Listener<T> = (value: T) => void;

class Emitter<T> {
  readonly #listeners = new Set<Listener<T>>();
  on(listener: Listener<T>): Disposable {
    this.#listeners.add(listener);
    return { dispose: () => this.#listeners.delete(listener) };
  }
  fire(value: T): void {
    for (const listener of [...this.#listeners]) listener(value);
  }
  clear(): void {
    this.#listeners.clear();
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (!isRunning(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Supervises one engine process at a time.
 *
 * Lifecycle: `start()` once (resolves with the first endpoint, retrying per the restart policy),
 * then automatic restarts after crashes, then `stop()` on quit.
 */
export class EngineHost {
  readonly #options: EngineHostOptions;
  readonly #policy: RestartPolicy;
  readonly #endpointChanged = new Emitter<EngineEndpoint>();
  readonly #gaveUp = new Emitter<EngineFailure>();
  readonly #stderrTail: string[] = [];
  #child: ChildProcess | null = null;
  #endpoint: EngineEndpoint | null = null;
  #readyAt = 0;
  #restarts = 0;
  #restartTimer: NodeJS.Timeout | null = null;
  #stopping = false;
  /** An engine someone else started, which this host follows instead of its own. */
  #adopted: { readonly pid: number; readonly timer: NodeJS.Timeout } | null = null;

  constructor(options: EngineHostOptions) {
    this.#options = options;
    this.#policy = options.restartPolicy ?? DEFAULT_RESTART_POLICY;
  }

  /** The endpoint of the running engine; null while it is (re)starting or stopped. */
  get endpoint(): EngineEndpoint | null {
    return this.#endpoint;
  }

  /** The engine's process id, if one is running (for tests and diagnostics). */
  get pid(): number | null {
    if (this.#adopted !== null) return this.#adopted.pid;
    return this.#child !== null && isRunning(this.#child) ? (this.#child.pid ?? null) : null;
  }

  /**
   * Whether the current engine is this host's child. False for an adopted engine: quitting the
   * app leaves that one running for whoever started it.
   */
  get owned(): boolean {
    return this.#adopted === null;
  }

  /**
   * Follow an engine that already runs on the data folder (found through `engine.json`) instead
   * of starting one. Its pid is watched; when it ends, this host starts its own engine and
   * announces the new endpoint, as after a crash.
   */
  adopt(endpoint: EngineEndpoint, pid: number, pollMs = 2_000): void {
    this.#endpoint = endpoint;
    const timer = setInterval(() => {
      if (isPidAlive(pid)) return;
      clearInterval(timer);
      this.#adopted = null;
      this.#endpoint = null;
      this.#log(`adopted engine ${pid} ended; starting our own`);
      if (!this.#stopping) this.#relaunch();
    }, pollMs);
    timer.unref();
    this.#adopted = { pid, timer };
    this.#log(`following the engine already running at ${endpoint.baseUrl} (pid ${pid})`);
  }

  /** Fired with the new endpoint after an automatic restart (not for the first start). */
  onDidChangeEndpoint(listener: Listener<EngineEndpoint>): Disposable {
    return this.#endpointChanged.on(listener);
  }

  /** Fired once when crashes exhausted the restart budget; the engine stays down. */
  onDidGiveUp(listener: Listener<EngineFailure>): Disposable {
    return this.#gaveUp.on(listener);
  }

  /**
   * Start the engine and resolve with its endpoint.
   *
   * A start that fails (exits early, never prints its ready line) is retried with the same
   * backoff as a crash; rejects with {@link EngineStartError} when the budget is spent.
   */
  async start(): Promise<EngineEndpoint> {
    for (;;) {
      try {
        const endpoint = await this.#launch();
        this.#endpoint = endpoint;
        return endpoint;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const plan = planRestart(this.#policy, { restartsSoFar: this.#restarts, uptimeMs: 0 });
        if (this.#stopping || plan.action === 'give-up') {
          throw new EngineStartError(`engine did not start: ${message}`, [...this.#stderrTail]);
        }
        this.#restarts = plan.attempt;
        this.#log(`engine start failed (${message}); retry ${plan.attempt} in ${plan.delayMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, plan.delayMs));
      }
    }
  }

  /**
   * Stop the engine and never restart it: close its stdin and send SIGTERM, then SIGKILL after
   * the grace period.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#adopted !== null) clearInterval(this.#adopted.timer);
    this.#adopted = null;
    if (this.#restartTimer !== null) clearTimeout(this.#restartTimer);
    this.#restartTimer = null;
    this.#endpoint = null;
    const child = this.#child;
    if (child === null || !isRunning(child)) return;
    // Closing stdin asks `serve --exit-with-stdin` to shut down, and releases the handle that
    // would otherwise keep its event loop alive afterwards. On Windows there are no signals
    // (kill() is TerminateProcess), so stdin is the only graceful path there.
    child.stdin?.end();
    if (process.platform !== 'win32') child.kill('SIGTERM');
    if (await waitForExit(child, this.#options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS)) return;
    this.#log('engine ignored SIGTERM; killing it');
    child.kill('SIGKILL');
    await waitForExit(child, 2_000);
  }

  /**
   * Last-resort synchronous kill for `process.on('exit')`, when there is no time left to wait.
   */
  killNow(): void {
    this.#stopping = true;
    if (this.#adopted !== null) clearInterval(this.#adopted.timer);
    if (this.#restartTimer !== null) clearTimeout(this.#restartTimer);
    if (this.#child !== null && isRunning(this.#child)) this.#child.kill('SIGKILL');
  }

  /** Stop restarting, drop listeners; the caller still awaits `stop()` to end the process. */
  dispose(): void {
    this.killNow();
    this.#endpointChanged.clear();
    this.#gaveUp.clear();
  }

  #log(line: string): void {
    this.#options.log?.(line);
  }

  /** Spawn one engine and resolve when its ready line arrives. */
  #launch(): Promise<EngineEndpoint> {
    return new Promise((resolve, reject) => {
      if (this.#stopping) {
        reject(new Error('engine host is stopping'));
        return;
      }
      // stdin stays an open pipe that is never written: if the shell dies without cleaning up,
      // the engine sees EOF (`serve --exit-with-stdin`) and exits instead of lingering.
      const child = spawn(this.#options.command, [...this.#options.args], {
        cwd: this.#options.cwd,
        env: this.#options.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      this.#child = child;
      // 'failed' launches are already reported through reject(); their exit is not a crash.
      let state: 'starting' | 'ready' | 'failed' = 'starting';
      const readyTimeoutMs = this.#options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
      const timer = setTimeout(() => {
        fail(new Error(`no ready line within ${readyTimeoutMs} ms`));
        child.kill('SIGKILL');
      }, readyTimeoutMs);

      const fail = (error: Error): void => {
        if (state !== 'starting') return;
        state = 'failed';
        clearTimeout(timer);
        reject(error);
      };

      createInterface({ input: child.stdout }).on('line', (line) => {
        const ready = state === 'starting' ? parseReadyLine(line) : null;
        if (ready === null) {
          this.#log(`[engine] ${line}`);
          return;
        }
        state = 'ready';
        clearTimeout(timer);
        this.#readyAt = Date.now();
        this.#log(`engine ready at ${ready.baseUrl} (pid ${child.pid})`);
        resolve({ baseUrl: ready.baseUrl, token: ready.token });
      });
      createInterface({ input: child.stderr }).on('line', (line) => {
        this.#stderrTail.push(line);
        if (this.#stderrTail.length > STDERR_TAIL_LINES) this.#stderrTail.shift();
        this.#log(`[engine:err] ${line}`);
      });
      // An unwritten stdin pipe can still report EPIPE when the child dies; nothing to do then.
      child.stdin.on('error', () => undefined);

      child.once('error', (error) => fail(error));
      child.once('exit', (code, signal) => {
        const how = signal === null ? `code ${code}` : `signal ${signal}`;
        if (state === 'starting') {
          fail(new Error(`engine exited with ${how} before it was ready`));
          return;
        }
        if (state === 'failed' || this.#child !== child || this.#stopping) return;
        this.#onCrash(`engine exited with ${how}`, Date.now() - this.#readyAt);
      });
    });
  }

  /** A ready engine died on its own: schedule a restart or give up. */
  #onCrash(reason: string, uptimeMs: number): void {
    this.#endpoint = null;
    const plan = planRestart(this.#policy, { restartsSoFar: this.#restarts, uptimeMs });
    if (plan.action === 'give-up') {
      this.#log(`${reason}; giving up after ${plan.attempts} restarts`);
      this.#gaveUp.fire({ message: `${reason}; gave up after ${plan.attempts} restarts`, stderrTail: [...this.#stderrTail] });
      return;
    }
    this.#restarts = plan.attempt;
    this.#log(`${reason}; restart ${plan.attempt} in ${plan.delayMs} ms`);
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      this.#relaunch();
    }, plan.delayMs);
  }

  /** Restart after a crash; a failed restart counts as another crash. Never rejects. */
  #relaunch(): void {
    this.#launch().then(
      (endpoint) => {
        if (this.#stopping) return;
        this.#endpoint = endpoint;
        this.#endpointChanged.fire(endpoint);
      },
      (error: unknown) => {
        if (this.#stopping) return;
        this.#onCrash(error instanceof Error ? error.message : String(error), 0);
      },
    );
  }
}

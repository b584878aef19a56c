/**
 * Bootstrap: make a new worktree ready to build — ports, ignored files, dependencies, setup.
 *
 * Runs in the engine right after a worktree is created, step by step, appending everything to the
 * worktree's log file and publishing its state (pending → running with the current step → ready
 * or failed). A pane shows it live by running the log follower (`log-follower.ts` starts the `follow-log.ts` program) as an ordinary
 * terminal session. A failure stops the bootstrap, keeps the log and never removes the worktree.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import type { CreateSessionInput, SessionInfo } from '../../../shared/protocol/terminals.ts';
import type { BootstrapLog, BootstrapState, RepoConfig } from '../../../shared/protocol/worktrees.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/index.ts';
import type { PortService } from '../ports/index.ts';
import { portEnv } from '../ports/index.ts';
import { BootstrapStore } from './bootstrap-store.ts';
import { DEFAULT_COPY_BUDGET, type CopyBudget } from './copy-budget.ts';
import { detectEcosystems, sameContent, type Ecosystem } from './dependencies.ts';
import { startDependencyFolder, type DependencyFolderTask } from './dependency-folder.ts';
import { copyIncludedFiles, listIncludedFiles, readIncludePatterns } from './include-files.ts';
import { followerSession } from './log-follower.ts';
import { describeCommand, runCommand, type CommandSpec } from './run-command.ts';
import { untrustedInstall } from './untrusted-install.ts';
import { isDirectory } from '../fs/index.ts';

/** Longest log slice returned by one `readLog` call; callers page with the offset. */
const MAX_LOG_CHUNK = 256 * 1024;

/** What one bootstrap works on. */
export interface BootstrapRequest {
  repoId: string;
  /** The main checkout: where ignored files and dependency folders are taken from. */
  mainPath: string;
  worktreePath: string;
  branch: string | null;
  config: RepoConfig;
  /**
   * Whether the user trusts this repository's config (see `engine/trust`). Untrusted: setup
   * commands do not run and installs run no scripts.
   */
  trusted: boolean;
}

export interface BootstrapServiceOptions {
  home: string;
  ports: PortService;
  /** Base environment of commands (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
  /** Starts a terminal session (the log pane). */
  openSession: (input: CreateSessionInput, options: { closeOnSuccess: boolean }) => Promise<Result<SessionInfo>>;
  /** When a dependency folder is copied in full (no copy-on-write): default {@link DEFAULT_COPY_BUDGET}. */
  copyBudget?: CopyBudget;
}

/** One step of a run: a title for the progress indicator and what it does. */
interface Step {
  title: string;
  run: (log: (text: string) => void) => Promise<string | null>;
}

/** Runs bootstraps and answers for their state and logs. */
export class BootstrapService {
  readonly store: BootstrapStore;
  private readonly ports: PortService;
  private readonly env: NodeJS.ProcessEnv;
  private readonly openSession: BootstrapServiceOptions['openSession'];
  private readonly copyBudget: CopyBudget;
  private readonly changed = new EventBus<{ repoId: string; state: BootstrapState }>();
  private readonly running = new Map<string, { done: Promise<BootstrapState>; abort: AbortController }>();
  private disposed = false;
  /** Where programs built from sources go (the log follower). */
  private readonly programsDir: string;

  constructor(options: BootstrapServiceOptions) {
    this.store = new BootstrapStore(options.home);
    this.programsDir = path.join(options.home, 'bin');
    this.ports = options.ports;
    this.env = options.env ?? process.env;
    this.openSession = options.openSession;
    this.copyBudget = options.copyBudget ?? DEFAULT_COPY_BUDGET;
  }

  /** The saved state of a worktree's bootstrap (null if never run). */
  state(worktreePath: string): Promise<BootstrapState | null> {
    return this.store.read(worktreePath);
  }

  /**
   * Start bootstrapping; resolves once the state is `pending` on disk (the run goes on in the
   * background: {@link whenDone}). BOOTSTRAP_RUNNING if this engine already runs one for the worktree.
   */
  async start(request: BootstrapRequest): Promise<Result<BootstrapState>> {
    if (this.disposed) return err({ kind: 'INTERNAL', message: 'the engine is shutting down' });
    const worktreePath = request.worktreePath;
    if (this.running.has(worktreePath)) return err({ kind: 'BOOTSTRAP_RUNNING', path: worktreePath });
    const files = this.store.files(worktreePath);
    await mkdir(this.store.dir, { recursive: true });
    const logStream = createWriteStream(files.log, { flags: 'w', mode: 0o600 });
    const state: BootstrapState = {
      repoId: request.repoId,
      path: worktreePath,
      status: 'pending',
      step: null,
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
      logFile: files.log,
    };
    await this.publish(state);
    const abort = new AbortController();
    const done = this.execute(request, state, logStream, abort.signal).finally(() => this.running.delete(worktreePath));
    this.running.set(worktreePath, { done, abort });
    return ok(state);
  }

  /** Resolves with the final state of the run in progress (or the saved state when none runs). */
  async whenDone(worktreePath: string): Promise<BootstrapState | null> {
    const run = this.running.get(worktreePath);
    return run ? run.done : this.state(worktreePath);
  }

  /** Stop the bootstrap running for a worktree (if any) and wait until it has ended. */
  async cancel(worktreePath: string): Promise<void> {
    const run = this.running.get(worktreePath);
    if (!run) return;
    run.abort.abort();
    await run.done.catch(() => null);
  }

  /** Whether this engine is running a bootstrap for the worktree now. */
  isRunning(worktreePath: string): boolean {
    return this.running.has(worktreePath);
  }

  /** Read the log from `offset` (at most 256 KB per call). */
  async readLog(worktreePath: string, offset = 0): Promise<Result<BootstrapLog>> {
    const state = await this.state(worktreePath);
    const file = this.store.files(worktreePath).log;
    const handle = await open(file, 'r').catch(() => null);
    if (!handle) return ok({ text: '', nextOffset: offset, state });
    try {
      const { size } = await handle.stat();
      const length = Math.max(0, Math.min(size - offset, MAX_LOG_CHUNK));
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      // Never cut a UTF-8 character in half: stop before an incomplete trailing sequence.
      const end = utf8SafeEnd(buffer.subarray(0, bytesRead));
      return ok({ text: buffer.subarray(0, end).toString('utf8'), nextOffset: offset + end, state });
    } finally {
      await handle.close();
    }
  }

  /** Start a terminal session showing the worktree's bootstrap log (following it while it runs). */
  async openLogSession(
    worktreePath: string,
    options: { repoId: string | null; cols: number; rows: number; closeOnSuccess?: boolean },
  ): Promise<Result<SessionInfo>> {
    const cwd = (await isDirectory(worktreePath)) ? worktreePath : path.dirname(worktreePath);
    return this.openSession(
      await followerSession(this.store.files(worktreePath), this.programsDir, {
        cwd,
        repoId: options.repoId,
        title: `setup · ${path.basename(worktreePath)}`,
        cols: options.cols,
        rows: options.rows,
      }),
      // A pane that follows a setup it started closes itself when that succeeds; a log the
      // user asked to see stays until they close it.
      { closeOnSuccess: options.closeOnSuccess === true },
    );
  }

  /**
   * The environment of every process in a worktree: the engine's, the port block, and where it
   * is. Used for setup and teardown commands; terminal sessions get the same through
   * `TerminalService`'s `envForCwd`.
   */
  async worktreeEnv(mainPath: string, worktreePath: string, branch: string | null): Promise<NodeJS.ProcessEnv> {
    const block = await this.ports.get(worktreePath);
    return { ...this.env, ...worktreeVariables(mainPath, worktreePath, branch), ...portEnv(block) };
  }

  /**
   * Run `commands` one after another with the platform shell in the worktree (teardown); stops at
   * the first failure. Output is collected and returned.
   */
  async runCommands(
    commands: readonly string[],
    cwd: string,
    env: NodeJS.ProcessEnv,
  ): Promise<{ ok: boolean; failed: string | null; exitCode: number | null; output: string }> {
    let output = '';
    for (const command of commands) {
      output += `$ ${command}\n`;
      const exit = await runCommand({ shell: command }, { cwd, env, onOutput: (chunk) => (output += chunk.toString('utf8')) });
      if (exit.spawnError) output += `${exit.spawnError}\n`;
      if (exit.exitCode !== 0) return { ok: false, failed: command, exitCode: exit.exitCode, output };
    }
    return { ok: true, failed: null, exitCode: 0, output };
  }

  /** Called when a bootstrap's state changes (any worktree). Returns the disposer. */
  onDidChange(listener: (event: { repoId: string; state: BootstrapState }) => void): () => void {
    return this.changed.on(listener);
  }

  /** Stop running bootstraps (their commands are killed; state becomes failed) and wait for them. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const runs = [...this.running.values()];
    for (const run of runs) run.abort.abort();
    await Promise.all(runs.map((run) => run.done.catch(() => null)));
  }

  private async publish(state: BootstrapState): Promise<void> {
    await this.store.write(state);
    this.changed.emit({ repoId: state.repoId, state });
  }

  private async execute(
    request: BootstrapRequest,
    initial: BootstrapState,
    logStream: WriteStream,
    signal: AbortSignal,
  ): Promise<BootstrapState> {
    let state = initial;
    const log = (text: string): void => {
      logStream.write(text);
    };
    // Dependency folders are brought in while the other steps run; whatever way the run ends,
    // they are stopped and awaited before the final state is published (no copier outlives it).
    const folders = new AbortController();
    const stopFolders = (): void => folders.abort();
    signal.addEventListener('abort', stopFolders, { once: true });
    const tasks: DependencyFolderTask[] = [];
    try {
      const steps = await this.plan(request, signal, folders.signal, tasks);
      log(`Setting up ${request.worktreePath}\n`);
      if (steps.length === 0) log('Nothing to do.\n');
      for (const [index, step] of steps.entries()) {
        state = { ...state, status: 'running', step: { index: index + 1, total: steps.length, title: step.title } };
        await this.publish(state);
        log(`\n==> [${index + 1}/${steps.length}] ${step.title}\n`);
        const failure = signal.aborted ? 'cancelled' : await step.run(log);
        if (failure !== null) {
          log(`\n${failure}\n`);
          state = { ...state, status: 'failed', error: failure, finishedAt: new Date().toISOString() };
          return state;
        }
      }
      state = { ...state, status: 'ready', step: null, error: null, finishedAt: new Date().toISOString() };
      return state;
    } catch (error) {
      const message = `internal error: ${(error as Error).message}`;
      log(`\n${message}\n`);
      state = { ...state, status: 'failed', error: message, finishedAt: new Date().toISOString() };
      return state;
    } finally {
      signal.removeEventListener('abort', stopFolders);
      folders.abort();
      await Promise.all(tasks.map((task) => task.done));
      // The log is complete before the final state says so (the follower prints, then exits).
      await new Promise<void>((resolve) => logStream.end(resolve));
      await this.publish(state).catch(() => undefined);
    }
  }

  /**
   * The steps for this worktree, from the configuration and what is in the checkouts. Starts
   * bringing the dependency folders (into `tasks`): nothing that follows before the dependency
   * step needs them, so ports and ignored files are done while they copy.
   */
  private async plan(request: BootstrapRequest, signal: AbortSignal, folderSignal: AbortSignal, tasks: DependencyFolderTask[]): Promise<Step[]> {
    const { config, mainPath, worktreePath } = request;
    const steps: Step[] = [];
    if (config.ports.count > 0) {
      steps.push({
        title: `Reserve ${config.ports.count} port${config.ports.count === 1 ? '' : 's'}`,
        run: async (log) => {
          const block = await this.ports.reserve(request.repoId, worktreePath, config.ports);
          if (!block) return `No free block of ${config.ports.count} ports in ${config.ports.rangeStart}-${config.ports.rangeEnd}.`;
          log(`PORT=${block.start} (ports ${block.start}-${block.start + block.count - 1})\n`);
          return null;
        },
      });
    }

    const ecosystems = config.dependencies === 'none' ? [] : await detectEcosystems(worktreePath);
    const folderTasks = new Map<Ecosystem, DependencyFolderTask>();
    for (const ecosystem of ecosystems) {
      const task = startDependencyFolder({
        mainPath,
        worktreePath,
        ecosystem,
        mode: config.dependencies,
        budget: this.copyBudget,
        env: this.env,
        signal: folderSignal,
      });
      if (task === null) continue;
      tasks.push(task);
      folderTasks.set(ecosystem, task);
    }

    const patterns = await readIncludePatterns(mainPath, config.copy);
    if (patterns.length > 0) {
      steps.push({
        title: 'Copy ignored files (.worktreeinclude)',
        run: async (log) => {
          const listed = await listIncludedFiles(mainPath, patterns);
          if (!listed.ok) return `Could not list the files to copy: ${JSON.stringify(listed.error)}`;
          // A folder being copied brings its files itself (copying them here as well would race it).
          const incoming: string[] = [];
          for (const task of tasks) if (await task.bringing) incoming.push(task.depDir);
          const inside = (file: string): boolean => incoming.some((dir) => file === dir || file.startsWith(`${dir}/`));
          const report = await copyIncludedFiles(mainPath, worktreePath, listed.value.filter((file) => !inside(file)));
          const left = listed.value.length - report.copied.length - report.skipped.length;
          if (left > 0) log(`${left} file${left === 1 ? '' : 's'} in ${incoming.join(', ')} left to the dependency copy\n`);
          for (const file of report.copied) log(`copied  ${file}\n`);
          for (const skip of report.skipped) log(`skipped ${skip.path}: ${skip.reason}\n`);
          log(`${report.copied.length} copied, ${report.skipped.length} skipped\n`);
          return null;
        },
      });
    }

    for (const ecosystem of ecosystems) {
      steps.push({
        title: `Dependencies (${ecosystem.manager})`,
        run: (log) => this.dependencies(request, ecosystem, folderTasks.get(ecosystem) ?? null, log, signal),
      });
    }

    if (!request.trusted && config.setup.length > 0) {
      steps.push({
        title: 'Setup (not run: repository not trusted)',
        run: async (log) => {
          for (const command of config.setup) log(`not run: ${command}\n`);
          return (
            `The repository is not trusted, so its ${config.setup.length} setup command${config.setup.length === 1 ? ' was' : 's were'} not run. ` +
            'Trust it (the app asks, or `agent-orchestrator trust`), then run the setup again.'
          );
        },
      });
    }
    for (const command of request.trusted ? config.setup : []) {
      steps.push({
        title: `Setup: ${command}`,
        run: async (log) => {
          const env = await this.worktreeEnv(mainPath, worktreePath, request.branch);
          return this.command({ shell: command }, worktreePath, env, log, signal);
        },
      });
    }
    return steps;
  }

  /**
   * Wait for the dependency folder brought from the main checkout (cloned or copied), install
   * when it could not be brought or the lockfile differs.
   */
  private async dependencies(
    request: BootstrapRequest,
    ecosystem: Ecosystem,
    folder: DependencyFolderTask | null,
    log: (text: string) => void,
    signal: AbortSignal,
  ): Promise<string | null> {
    const { mainPath, worktreePath } = request;
    let cloned = false;
    if (folder !== null) {
      const { outcome, lines } = await folder.done;
      for (const line of lines) log(line);
      if (signal.aborted) return 'cancelled';
      cloned = outcome !== 'none';
    }
    if (cloned && (await sameContent(path.join(mainPath, ecosystem.lockfile), path.join(worktreePath, ecosystem.lockfile)))) {
      log(`${ecosystem.lockfile} matches the main checkout's: dependencies are up to date.\n`);
      return null;
    }
    if (cloned) log(`${ecosystem.lockfile} differs from the main checkout's: updating with ${ecosystem.manager}.\n`);
    const env = await this.worktreeEnv(mainPath, worktreePath, request.branch);
    const commands = request.trusted ? ecosystem.install : untrustedInstall(ecosystem);
    if (commands === null) {
      log(`Not installing with ${ecosystem.manager}: it could run the repository's own code, which is not trusted yet.\n`);
      return null;
    }
    if (!request.trusted) log('The repository is not trusted: installing without running its scripts.\n');
    for (const argv of commands) {
      const failure = await this.command({ argv }, worktreePath, env, log, signal);
      if (failure) return failure;
    }
    return null;
  }

  /** Run one command, streaming into the log; returns null on success or the failure line. */
  private async command(
    spec: CommandSpec,
    cwd: string,
    env: NodeJS.ProcessEnv,
    log: (text: string) => void,
    signal: AbortSignal,
  ): Promise<string | null> {
    log(`$ ${describeCommand(spec)}\n`);
    const exit = await runCommand(spec, { cwd, env, signal, onOutput: (chunk) => log(chunk.toString('utf8')) });
    if (exit.spawnError) return `${describeCommand(spec)}: ${exit.spawnError}`;
    if (exit.exitCode !== 0) return `${describeCommand(spec)} failed (exit ${exit.exitCode ?? 'killed'})`;
    return null;
  }
}

/** Where a process runs, for scripts that want to know (`AGENT_ORCHESTRATOR_*`). */
export function worktreeVariables(mainPath: string, worktreePath: string, branch: string | null): Record<string, string> {
  return {
    AGENT_ORCHESTRATOR_ROOT_PATH: mainPath,
    AGENT_ORCHESTRATOR_WORKTREE_PATH: worktreePath,
    AGENT_ORCHESTRATOR_WORKTREE_NAME: path.basename(worktreePath),
    ...(branch ? { AGENT_ORCHESTRATOR_BRANCH: branch } : {}),
  };
}

/** Length of `buffer` without an incomplete UTF-8 sequence at its end. */
function utf8SafeEnd(buffer: Buffer): number {
  let end = buffer.length;
  for (let back = 1; back <= Math.min(3, buffer.length); back++) {
    const byte = buffer[buffer.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (needed > back) end = buffer.length - back;
    break;
  }
  return end;
}



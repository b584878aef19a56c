/**
 * Terminal sessions: create, list, feed, resize, kill and forget PTYs, and keep their record.
 *
 * The service owns each session's metadata ({@link SessionInfo}) and its persistence
 * (`sessions.json` and `screens/<id>.txt`); a {@link TerminalSession} owns a live session's bytes.
 * A session whose process is gone keeps its last screen ({@link FrozenScreen}) so clients can
 * still attach to it and read it, also after an engine restart.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { IPty } from 'node-pty';
import type { AppError } from '../../../shared/errors.ts';
import type { CreateSessionInput, SessionInfo } from '../../../shared/protocol/terminals.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/index.ts';
import type { JsonStore } from '../state/index.ts';
import type { ScreenText } from './headless-mirror.ts';
import { FrameType, frameHeader } from '../../../shared/protocol/data-frames.ts';
import { mirrorThread } from './mirror/mirror-thread.ts';
import { holdPtySlave } from './pty-slave-hold.ts';
import { resolveCommand, resolveDefaultShell } from './resolve-command.ts';
import { replayFinished } from './finished-replay.ts';
import { ScreenStore } from './screen-store.ts';
import { buildSessionEnv, TERMINAL_NAME } from './session-env.ts';
import { newSessionId } from './session-id.ts';
import { invalidSize, validSize } from './session-size.ts';
import { createSessionStateStore, type SessionState } from './session-state.ts';
import type { TerminalAttachment, TerminalConsumer, TerminalHub } from './terminal-hub.ts';
import { MAX_PENDING_INPUT_BYTES } from './pending-input.ts';
import { TypingPriority } from './typing-priority.ts';
import { TerminalSession, type FrozenScreen, type SessionExit } from './terminal-session.ts';

/** Where the service keeps its files, and the environment sessions inherit. */
export interface TerminalServiceOptions {
  /** Data directory: `sessions.json` and `screens/` live here. */
  home: string;
  /** Base environment of every session (defaults to this process's). */
  env?: NodeJS.ProcessEnv;
  /**
   * Extra variables for a session started in `cwd` (the worktree's ports); the session's own
   * `env` wins over them. A failure only means no extra variables.
   */
  envForCwd?: (cwd: string) => Promise<Record<string, string>>;
}

/** A new process for an exited session (see {@link TerminalService.respawn}). */
/** Who wrote to a session: a person, or the engine on its own (see {@link TerminalService.input}). */
export type InputOrigin = 'user' | 'engine';

export interface RespawnInput {
  /** Omit for the user's shell. */
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  title?: string;
  /** The old session's serialized screen (and its row count) → what to show above the new output. */
  preface?: (previousSnapshot: string, rows: number) => string;
}

/**
 * Saving the list after a resize waits this long for more resizes (a window drag sends dozens).
 */
const RESIZE_SAVE_DELAY_MS = 500;

interface SessionEntry {
  info: SessionInfo;
  /** The running session; null once its exit was reported (or for sessions from an earlier run). */
  live: TerminalSession | null;
  /** The last screen of a session whose process is gone. */
  frozen: FrozenScreen | null;
  /** Resolves once the exit is reported, recorded in `sessions.json` and its screen saved. */
  exitReported: Promise<void>;
  markExitReported: () => void;
}

/**
 * Every terminal session of one engine, running or finished.
 *
 * Implements {@link TerminalHub} for the transport's data path (attach, input).
 */
export class TerminalService implements TerminalHub {
  private readonly entries = new Map<string, SessionEntry>();
  private readonly changes = new EventBus<void>();
  private readonly inputs = new EventBus<{ sessionId: string; data: Uint8Array | string }>();
  private readonly userInputAt = new Map<string, number>();
  private readonly store: JsonStore<SessionState>;
  private readonly screens: ScreenStore;
  private readonly env: NodeJS.ProcessEnv;
  private readonly envForCwd: TerminalServiceOptions['envForCwd'];
  private readonly pendingWork = new Set<Promise<unknown>>();
  /** A person's keystroke is echoed before other sessions' floods are read (typing-priority.ts). */
  private readonly typing = new TypingPriority(() => this.liveSessions());
  private saveTimer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(options: TerminalServiceOptions) {
    this.store = createSessionStateStore(options.home);
    this.screens = new ScreenStore(options.home);
    this.env = options.env ?? process.env;
    this.envForCwd = options.envForCwd;
  }

  /**
   * Read the saved sessions. Sessions saved as running belonged to an engine that is gone, and
   * their processes with it: they become exited with an unknown exit code.
   */
  async load(): Promise<void> {
    // Start the mirror thread now, while the engine starts, not when the first session does.
    mirrorThread();
    const state = await this.store.load();
    const now = new Date().toISOString();
    let repaired = false;
    for (const saved of state.sessions) {
      if (this.entries.has(saved.id)) continue;
      const info: SessionInfo =
        saved.status === 'running' ? { ...saved, status: 'exited', exitCode: null, exitedAt: now } : saved;
      repaired ||= info !== saved;
      const snapshot = await this.screens.load(info.id).catch(() => null);
      // xterm (300 KB) loads on this thread only to read a saved screen: the live mirrors run in
      // the mirror thread, and an engine with nothing to restore (every one-shot CLI command)
      // never parses it.
      const screen = snapshot
        ? await (await import('./headless-mirror.ts')).screenFromSnapshot(snapshot, info.cols, info.rows)
        : blankScreen(info.rows);
      const entry = newEntry(info, null);
      entry.frozen = { snapshot: snapshot ?? '', screen };
      entry.markExitReported();
      this.entries.set(info.id, entry);
    }
    if (repaired) await this.saveNow();
    if (state.sessions.length > 0) this.changes.emit();
  }

  /** Every session, in creation order. */
  list(): SessionInfo[] {
    return [...this.entries.values()].map((entry) => copyInfo(entry.info));
  }

  /**
   * Start a process in a PTY.
   *
   * Without `command`, the user's shell (kind 'shell'). The command is looked up on PATH first,
   * so a typo is COMMAND_NOT_FOUND rather than a session that dies at once.
   */
  create(input: CreateSessionInput): Promise<Result<SessionInfo>> {
    return this.start(input, null);
  }

  /**
   * Start a new process in the place of an exited session: same id (so its pane stays where it
   * is), cwd, repository and size. `preface` turns the old session's last snapshot into what is
   * shown above the new output (see {@link TerminalSessionOptions.preface}).
   */
  async respawn(sessionId: string, input: RespawnInput): Promise<Result<SessionInfo>> {
    const entry = this.entries.get(sessionId);
    if (!entry) return err({ kind: 'SESSION_NOT_FOUND', sessionId });
    if (entry.live) return err({ kind: 'INVALID_INPUT', message: `session ${sessionId} is still running` });
    const { info } = entry;
    const preface = input.preface ? input.preface(entry.frozen?.snapshot ?? '', info.rows) : undefined;
    return this.start(
      {
        cwd: info.cwd,
        repoId: info.repoId,
        title: input.title ?? info.title,
        cols: info.cols,
        rows: info.rows,
        ...(input.command ? { command: input.command } : {}),
        ...(input.args ? { args: input.args } : {}),
        ...(input.env ? { env: input.env } : {}),
      },
      { id: sessionId, createdAt: info.createdAt, ...(preface ? { preface } : {}) },
    );
  }

  /** Observe what is typed into sessions (agents tell an echo of typing from work); returns the disposer. */
  onDidInput(listener: (sessionId: string, data: Uint8Array | string) => void): () => void {
    return this.inputs.on(({ sessionId, data }) => listener(sessionId, data));
  }

  private async start(
    input: CreateSessionInput,
    into: { id: string; createdAt: string; preface?: string } | null,
  ): Promise<Result<SessionInfo>> {
    if (this.disposed) return err({ kind: 'INTERNAL', message: 'the terminal service is shut down' });
    // Relative to what? The engine's own folder is never what a client means.
    if (!path.isAbsolute(input.cwd)) return err({ kind: 'INVALID_INPUT', message: `cwd must be an absolute path, got ${JSON.stringify(input.cwd.slice(0, 200))}` });
    const cwd = path.resolve(input.cwd);
    const cwdError = await checkDirectory(cwd);
    if (cwdError) return err(cwdError);
    if (!validSize(input.cols, input.rows)) return err(invalidSize(input.cols, input.rows));

    const cwdEnv = this.envForCwd ? await this.envForCwd(cwd).catch(() => ({})) : {};
    const env = buildSessionEnv(this.env, { ...cwdEnv, ...input.env });
    const file = input.command
      ? await resolveCommand(input.command, { cwd, env })
      : await resolveDefaultShell({ cwd, env });
    if (!file) return err({ kind: 'COMMAND_NOT_FOUND', command: input.command ?? env.SHELL ?? 'sh' });
    const args = [...(input.args ?? [])];

    let pty: IPty;
    try {
      // node-pty (a native addon) loads with the first session: engines that never open one (a
      // one-shot CLI command) skip it.
      const { spawn } = await import('node-pty');
      pty = spawn(file, args, { name: TERMINAL_NAME, cols: input.cols, rows: input.rows, cwd, env, encoding: null });
    } catch (error) {
      return err({ kind: 'SPAWN_FAILED', command: file, message: errorMessage(error) });
    }

    const id = into?.id ?? this.uniqueId();
    const info: SessionInfo = {
      id,
      repoId: input.repoId ?? null,
      cwd,
      command: file,
      args,
      kind: input.command ? 'command' : 'shell',
      title: input.title ?? commandTitle(file),
      cols: input.cols,
      rows: input.rows,
      status: 'running',
      exitCode: null,
      createdAt: into?.createdAt ?? new Date().toISOString(),
      exitedAt: null,
    };
    const session = new TerminalSession({
      pty,
      cols: input.cols,
      rows: input.rows,
      onExit: (exit) => this.onSessionExit(id, exit),
      frameHeader: frameHeader(FrameType.DATA, id),
      ...(into?.preface ? { preface: into.preface } : {}),
    });
    this.entries.set(id, newEntry(info, session));
    const slave = await holdPtySlave(pty);
    if (slave) session.adoptSlave(slave);
    await this.saveNow();
    this.changes.emit();
    return ok(copyInfo(info));
  }

  /** Type into a session (control-plane path; the UI uses the data path's `input`). */
  write(sessionId: string, data: string): Result<null> {
    return this.input(sessionId, data);
  }

  /**
   * Write to a session's PTY. `origin` says who typed: a person (the data path, `terminals.write`)
   * or the engine itself (a typed prompt, automatic "continue", a CI triage prompt); only a
   * person's typing counts for {@link lastUserInputAt}.
   */
  input(sessionId: string, data: Uint8Array | string, origin: InputOrigin = 'user'): Result<null> {
    const found = this.running(sessionId);
    if (!found.ok) return found;
    if (!found.value.write(data)) return err({ kind: 'INPUT_BACKLOG', sessionId, maxBytes: MAX_PENDING_INPUT_BYTES });
    if (origin === 'user') {
      this.userInputAt.set(sessionId, Date.now());
      this.typing.typed(found.value);
    }
    this.inputs.emit({ sessionId, data });
    return ok(null);
  }

  /**
   * When a person last typed into the session (epoch ms), null if never in this engine's life:
   * the engine types nothing into a pane while its user is typing there.
   */
  lastUserInputAt(sessionId: string): number | null {
    return this.userInputAt.get(sessionId) ?? null;
  }

  /** Resize the PTY and the mirror (the mirror reflows at the right point of the stream). */
  resize(sessionId: string, cols: number, rows: number): Result<null> {
    if (!validSize(cols, rows)) return err(invalidSize(cols, rows));
    const found = this.running(sessionId);
    if (!found.ok) return found;
    const entry = this.entries.get(sessionId)!;
    if (entry.info.cols === cols && entry.info.rows === rows) return ok(null);
    found.value.resize(cols, rows);
    entry.info = { ...entry.info, cols, rows };
    this.scheduleSave();
    this.changes.emit();
    return ok(null);
  }

  /** Stop a session's process; resolves once its exit is reported. Killing an exited one is a no-op. */
  async kill(sessionId: string): Promise<Result<null>> {
    const entry = this.entries.get(sessionId);
    if (!entry) return err({ kind: 'SESSION_NOT_FOUND', sessionId });
    entry.live?.kill();
    await entry.exitReported;
    return ok(null);
  }

  /** Resolves once the session's exit has been reported (at once for an unknown or exited one). */
  async whenExited(sessionId: string): Promise<void> {
    const entry = this.entries.get(sessionId);
    if (!entry || entry.info.status !== 'running') return;
    await entry.exitReported;
  }

  /** Forget a session: kill it if it runs, drop it from the list and delete its saved screen. */
  async remove(sessionId: string): Promise<Result<null>> {
    const entry = this.entries.get(sessionId);
    if (!entry) return err({ kind: 'SESSION_NOT_FOUND', sessionId });
    // Also waits for an exit being reported right now, whose screen save must not outlive us.
    await this.kill(sessionId);
    this.userInputAt.delete(sessionId);
    if (!this.entries.delete(sessionId)) return ok(null);
    await this.screens.delete(sessionId).catch((error: unknown) => logError(`deleting the screen of ${sessionId}`, error));
    await this.saveNow();
    this.changes.emit();
    return ok(null);
  }

  /** The visible screen as plain text: live from the mirror, or the last one once exited. */
  screen(sessionId: string): Result<ScreenText> {
    const entry = this.entries.get(sessionId);
    if (!entry) return err({ kind: 'SESSION_NOT_FOUND', sessionId });
    const screen = entry.live?.screen() ?? entry.frozen?.screen ?? blankScreen(entry.info.rows);
    return ok({ lines: [...screen.lines], cursorY: screen.cursorY });
  }

  /**
   * The visible screen once everything the session printed so far is on it. `screen` answers at
   * once with what the mirror thread last reported, which may lag the output by a few ms.
   */
  async screenSettled(sessionId: string): Promise<Result<ScreenText>> {
    const live = this.entries.get(sessionId)?.live;
    if (!live) return this.screen(sessionId);
    const screen = await live.settledScreen();
    return ok({ lines: [...screen.lines], cursorY: screen.cursorY });
  }

  /**
   * Stream a session to a consumer: snapshot, output, exit. An exited session sends its last
   * screen and then its exit code (-1 when unknown, e.g. it ended with an earlier engine).
   */
  attach(sessionId: string, consumer: TerminalConsumer): Result<TerminalAttachment> {
    const entry = this.entries.get(sessionId);
    if (!entry) return err({ kind: 'SESSION_NOT_FOUND', sessionId });
    if (entry.live) return ok(entry.live.attach(consumer));
    return ok(replayFinished(entry.frozen?.snapshot ?? '', entry.info.exitCode ?? -1, consumer));
  }

  /** Fired when the list or any session's status or size changes; returns the disposer. */
  onDidChange(listener: () => void): () => void {
    return this.changes.on(() => listener());
  }

  /**
   * Shut down: save every running session's screen, kill the processes, and save the list with
   * those sessions still 'running' — the next `load` marks them exited (their process ended
   * with this engine, not by itself).
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.typing.release();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const live = [...this.entries.entries()].filter(([, entry]) => entry.live !== null);
    await Promise.all(
      live.map(async ([id, entry]) => {
        const session = entry.live!;
        const frozen = await session.captureScreen();
        entry.frozen = frozen;
        await this.screens.save(id, frozen.snapshot).catch((error: unknown) => logError(`saving the screen of ${id}`, error));
        session.kill();
        await session.processExit;
        session.dispose();
        entry.live = null;
        entry.markExitReported();
      }),
    );
    await this.saveNow();
    await Promise.all([...this.pendingWork]);
    this.changes.emit();
  }

  /** Whether the session's PTY is paused (flow control or a typing hold); null if not live. For tests and diagnostics. */
  isPaused(sessionId: string): boolean | null {
    return this.entries.get(sessionId)?.live?.paused ?? null;
  }

  private *liveSessions(): Iterable<TerminalSession> {
    for (const entry of this.entries.values()) if (entry.live) yield entry.live;
  }

  private running(sessionId: string): Result<TerminalSession> {
    const entry = this.entries.get(sessionId);
    if (!entry) return err({ kind: 'SESSION_NOT_FOUND', sessionId });
    if (!entry.live?.running) return err({ kind: 'SESSION_EXITED', sessionId });
    return ok(entry.live);
  }

  private onSessionExit(id: string, exit: SessionExit): void {
    const entry = this.entries.get(id);
    // During shutdown the process was killed by us: it stays 'running' in the saved list.
    if (!entry || this.disposed) return;
    entry.live = null;
    entry.frozen = exit.frozen;
    entry.info = { ...entry.info, status: 'exited', exitCode: exit.exitCode, exitedAt: new Date().toISOString() };
    this.changes.emit();
    this.track(
      Promise.all([
        this.screens.save(id, exit.frozen.snapshot).catch((error: unknown) => logError(`saving the screen of ${id}`, error)),
        this.saveNow(),
      ]).finally(() => entry.markExitReported()),
    );
  }

  private uniqueId(): string {
    let id = newSessionId();
    while (this.entries.has(id)) id = newSessionId();
    return id;
  }

  /** Write `sessions.json` now; failures are logged (the in-memory list stays authoritative). */
  private saveNow(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    return this.store
      .save({ sessions: this.list() })
      .catch((error: unknown) => logError('saving sessions.json', error));
  }

  private scheduleSave(): void {
    if (this.saveTimer || this.disposed) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.track(this.saveNow());
    }, RESIZE_SAVE_DELAY_MS);
  }

  /** Keep background work visible to `dispose`, which waits for it. */
  private track(work: Promise<unknown>): void {
    this.pendingWork.add(work);
    const done = (): void => {
      this.pendingWork.delete(work);
    };
    work.then(done, done);
  }
}

function newEntry(info: SessionInfo, live: TerminalSession | null): SessionEntry {
  let markExitReported!: () => void;
  const exitReported = new Promise<void>((resolve) => (markExitReported = resolve));
  return { info, live, frozen: null, exitReported, markExitReported };
}

async function checkDirectory(dir: string): Promise<AppError | null> {
  try {
    const info = await stat(dir);
    return info.isDirectory() ? null : { kind: 'NOT_A_DIRECTORY', path: dir };
  } catch {
    return { kind: 'PATH_NOT_FOUND', path: dir };
  }
}

/** `/usr/bin/bash` → `bash`, `C:\…\pwsh.exe` → `pwsh`. */
function commandTitle(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(exe|cmd|bat|com)$/i, '');
}

function blankScreen(rows: number): ScreenText {
  return { lines: Array.from({ length: rows }, () => ''), cursorY: 0 };
}

function copyInfo(info: SessionInfo): SessionInfo {
  return { ...info, args: [...info.args] };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function logError(what: string, error: unknown): void {
  console.error(`[terminals] ${what} failed: ${errorMessage(error)}`);
}

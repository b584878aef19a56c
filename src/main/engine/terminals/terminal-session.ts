/**
 * One running PTY: its output pipeline, its readers and its end.
 *
 * Output path: node-pty (raw bytes) → {@link OutputBatcher} (frames cut only at clean
 * boundaries) → the session's headless mirror (in the mirror thread, mirror/mirror-thread.ts)
 * and every attached consumer. Consumers share one
 * {@link FlowController} (pause above the high watermark, resume when all are below the low
 * one); the mirror has its own, so its short pauses never wait on a client. The PTY is paused
 * while either says so.
 *
 * Attaching happens at a frame boundary: the pending batch is flushed to the existing readers,
 * then the new consumer gets the mirror's snapshot taken exactly after the last byte they were
 * sent, then every later frame (queued meanwhile). No byte is missing or doubled.
 *
 * Exit: node-pty can report the exit before the last read, so the session waits until output
 * has been quiet for EXIT_DRAIN_MS, delivers the final frame, and only then reports the exit
 * code, after the last byte, to every consumer.
 */
import type { FileHandle } from 'node:fs/promises';
import type { IDisposable, IPty } from 'node-pty';
import { BATCH_MAX_BYTES, EXIT_DRAIN_MS, MIRROR_DEFER_MAX_BYTES } from '../../../shared/protocol/flow-control.ts';
import { FlowController } from './flow-controller.ts';
import type { ScreenText } from './headless-mirror.ts';
import { MIRROR_UNANNOUNCED_MAX_BYTES, mirrorThread, type RemoteMirror } from './mirror/mirror-thread.ts';
import { OutputBatcher } from './output-batcher.ts';
import { MAX_PENDING_INPUT_BYTES, pendingInputBytes } from './pending-input.ts';
import type { TerminalAttachment, TerminalConsumer } from './terminal-hub.ts';

/**
 * After SIGHUP, wait this long before SIGKILL.
 *
 * Shells and agents exit on SIGHUP (the terminal went away); the fallback only catches a
 * process that ignores it, so `kill` and engine shutdown always finish.
 */
export const KILL_GRACE_MS = 2_000;

/**
 * While the PTY is paused, check this often whether the process is gone.
 *
 * node-pty destroys the PTY's socket 200 ms after the process exits if it has not closed by
 * itself, and a paused socket never closes by itself: whatever the process wrote last would be
 * lost. Once the process is gone its remaining output is bounded (the kernel's PTY buffer), so
 * the session resumes reading regardless of acknowledgements.
 */
const PAUSED_LIVENESS_POLL_MS = 50;

/** Upper bound of the exit drain, however long trailing output keeps trickling in. */
const MAX_EXIT_DRAIN_MS = EXIT_DRAIN_MS * 8;

/**
 * Frames are cut at 32 KB, below the protocol's BATCH_MAX_BYTES cap (128 KB).
 *
 * Chosen when the mirror still parsed on the engine's event loop (~1 ms per 32 KB, ~4 ms per
 * 128 KB): 32 KB frames gave a lower event-loop delay p99 (8–12 ms against 10–19 ms) and echo
 * p50 at the same throughput. The mirror now parses in its own thread; smaller frames also keep
 * a keystroke's echo from queueing behind a large frame on the socket.
 */
const MAX_FRAME_BYTES = Math.min(BATCH_MAX_BYTES, 32 * 1024);

/**
 * Watermarks of the mirror, an in-process reader with its own flow controller.
 *
 * The mirror parses lazily and keeps up to MIRROR_DEFER_MAX_BYTES unparsed (headless-mirror.ts),
 * so the PTY must not pause below that; past it the mirror either drops plain text it can prove
 * unneeded or hands the backlog to the parser, and then the PTY waits until the parser is half
 * way through. The bound matters: xterm throws away writes past 50 MB of backlog.
 */
const MIRROR_WATERMARKS = {
  // Plus what may wait in the shared ring before the mirror thread hears of it (mirror-thread.ts).
  high: MIRROR_DEFER_MAX_BYTES + 2 * MAX_FRAME_BYTES + MIRROR_UNANNOUNCED_MAX_BYTES,
  low: MIRROR_DEFER_MAX_BYTES / 2,
};

/** The flow-control reader name of the mirror (consumers are `c1`, `c2`, … in their own controller). */
const MIRROR_READER = 'mirror';

/** What is left of a session once its process is gone: its last screen. */
export interface FrozenScreen {
  /** Serialized screen and scrollback, what an attaching client receives. */
  snapshot: string;
  screen: ScreenText;
}

/** How a session ended: what `onExit` receives. */
export interface SessionExit {
  /** The process's exit code; 128 + n when it was killed by signal n (as shells report it). */
  exitCode: number;
  frozen: FrozenScreen;
}

/** A spawned PTY and what to tell the owner when it is done. */
export interface TerminalSessionOptions {
  pty: IPty;
  cols: number;
  rows: number;
  /** Called once, after every consumer received the last output and the exit code. */
  onExit: (exit: SessionExit) => void;
  /** The session's DATA frame header, written before every batch (see `frameHeader`). */
  frameHeader?: Uint8Array;
  /** Batching overrides (tests); defaults from flow-control.ts. */
  flushMs?: number;
  maxBatchBytes?: number;
  /**
   * Written to the mirror before any output (a restored session's previous screen), so every
   * client that attaches sees it above the new process's output.
   */
  preface?: string;
}

interface ConsumerSlot {
  reader: string;
  consumer: TerminalConsumer;
  /** Frames (payload, wire frame) sent while the snapshot is being taken; null once live. */
  queue: Array<[Uint8Array, Uint8Array]> | null;
  detached: boolean;
}

type Phase = 'running' | 'draining' | 'finished';

/**
 * A live session's PTY, mirror, batcher and consumers.
 *
 * The service owns the metadata (SessionInfo) and persistence; this class owns the bytes.
 */
export class TerminalSession {
  private readonly pty: IPty;
  private readonly mirror: RemoteMirror;
  private readonly batcher: OutputBatcher;
  /** Attached consumers, under the protocol's watermarks. */
  private readonly flow: FlowController;
  /** The mirror alone: it resumes as soon as it has caught up, whatever the consumers do. */
  private readonly mirrorFlow: FlowController;
  private ptyPaused = false;
  /** Output held back for another session's keystroke (typing-priority.ts); flow control still applies. */
  private held = false;
  private nextOutput: (() => void) | null = null;
  /** When output last arrived (performance.now()): whether the session is streaming. */
  lastOutputAt = Number.NEGATIVE_INFINITY;
  private readonly slots = new Map<string, ConsumerSlot>();
  private readonly listeners: IDisposable[] = [];
  private nextReader = 1;
  private phase: Phase = 'running';
  private exitCode = -1;
  /** Set once the process is gone: read everything left, whatever the acknowledgements. */
  private ignoreFlowControl = false;
  private drainTimer: NodeJS.Timeout | null = null;
  private drainDeadline = 0;
  private livenessTimer: NodeJS.Timeout | null = null;
  private killTimer: NodeJS.Timeout | null = null;
  private processGone = false;
  /** Frames delivered so far: tells the exit report whether output arrived after it was queued. */
  private chunksDelivered = 0;
  /** `captureScreen` calls waiting for the mirror; settled at the latest when the session ends. */
  private readonly captures = new Set<(frozen: FrozenScreen) => void>();
  /** Our descriptor of the PTY's slave side (see pty-slave-hold.ts); closed after the drain. */
  private slave: FileHandle | null = null;
  /** The screen at the end, kept once the mirror is disposed. */
  private final: FrozenScreen | null = null;
  private resolveProcessExit!: () => void;
  /** Resolves when the process has exited (before the drain and the exit report). */
  readonly processExit: Promise<void>;

  constructor(private readonly options: TerminalSessionOptions) {
    this.pty = options.pty;
    this.processExit = new Promise((resolve) => (this.resolveProcessExit = resolve));
    const update = (): void => this.updatePause();
    this.flow = new FlowController({ onPause: update, onResume: update });
    this.mirrorFlow = new FlowController({ ...MIRROR_WATERMARKS, onPause: update, onResume: update });
    this.mirrorFlow.track(MIRROR_READER);
    this.mirror = mirrorThread().open({
      cols: options.cols,
      rows: options.rows,
      onConsumed: (bytes) => this.mirrorFlow.acked(MIRROR_READER, bytes),
    });
    if (options.preface) this.writeMirror(new TextEncoder().encode(options.preface));
    this.batcher = new OutputBatcher({
      onFlush: (chunk, frame) => this.deliverChunk(chunk, frame),
      ...(options.frameHeader ? { header: options.frameHeader } : {}),
      ...(options.flushMs !== undefined ? { flushMs: options.flushMs } : {}),
      maxBytes: options.maxBatchBytes ?? MAX_FRAME_BYTES,
    });
    // With `encoding: null` node-pty emits Buffers; its typings only know the string form.
    const onData = this.pty.onData as unknown as (listener: (data: Buffer) => void) => IDisposable;
    this.listeners.push(onData((data) => this.onPtyData(data)));
    this.listeners.push(this.pty.onExit((event) => this.onPtyExit(event.exitCode, event.signal)));
  }

  get pid(): number {
    return this.pty.pid;
  }

  /** Whether the process still takes input (false from the moment it exited). */
  get running(): boolean {
    return this.phase === 'running';
  }

  /** Whether the PTY is paused, by flow control or a hold (for tests and diagnostics). */
  get paused(): boolean {
    return this.ptyPaused;
  }

  /** Stop (or resume) reading the PTY while another session's keystroke is echoed. */
  setHeld(held: boolean): void {
    if (this.held === held || this.phase === 'finished') return;
    this.held = held;
    this.updatePause();
  }

  /** Run `callback` once, at the next output (the echo of what was just typed). */
  onNextOutput(callback: () => void): void {
    this.nextOutput = callback;
  }

  /**
   * Keep `slave` open until the exit has been drained, so the process's last output is read.
   *
   * Handed over after construction (opening it is asynchronous; the data listener must be in
   * place the moment the PTY exists).
   */
  adoptSlave(slave: FileHandle): void {
    if (this.phase === 'finished') {
      closeQuietly(slave);
      return;
    }
    this.slave = slave;
  }

  /** False when the input was refused: the program has not read {@link MAX_PENDING_INPUT_BYTES} already. */
  write(data: string | Uint8Array): boolean {
    if (this.phase !== 'running') return true;
    if (pendingInputBytes(this.pty) > MAX_PENDING_INPUT_BYTES) return false;
    this.pty.write(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return true;
  }

  resize(cols: number, rows: number): void {
    if (this.phase !== 'running') return;
    try {
      this.pty.resize(cols, rows);
    } catch {
      // The PTY closed between the exit and our noticing it; the mirror still follows.
    }
    this.batcher.flush();
    this.mirror.resize(cols, rows);
  }

  /** The mirror's viewport as plain text (as far as it has parsed). */
  screen(): ScreenText {
    return this.mirror.screen();
  }

  /** The viewport once everything received so far is parsed (the final one if it has ended). */
  async settledScreen(): Promise<ScreenText> {
    if (this.final) return this.final.screen;
    return (await this.mirror.capture(false)).screen;
  }

  /**
   * Start streaming to `consumer`: snapshot first, then every later frame, then the exit.
   */
  attach(consumer: TerminalConsumer): TerminalAttachment {
    const slot: ConsumerSlot = { reader: `c${this.nextReader++}`, consumer, queue: [], detached: false };
    if (this.phase === 'finished') {
      // Only reachable if a caller kept a reference past the exit; the service never does.
      return { ack: () => undefined, detach: () => undefined };
    }
    // Frame boundary: everything before this point goes to the existing readers and the mirror…
    this.batcher.flush();
    this.slots.set(slot.reader, slot);
    this.flow.track(slot.reader);
    // …and the snapshot is taken once the mirror has parsed exactly that much.
    void this.mirror.capture().then(({ snapshot }) => this.goLive(slot, snapshot));
    return {
      ack: (bytes) => {
        if (!slot.detached) this.flow.acked(slot.reader, bytes);
      },
      detach: () => this.detach(slot),
    };
  }

  /**
   * Send SIGHUP (SIGKILL after {@link KILL_GRACE_MS}); the exit is reported through `onExit`.
   */
  kill(): void {
    if (this.processGone) return;
    this.signal('SIGHUP');
    this.killTimer ??= setTimeout(() => this.signal('SIGKILL'), KILL_GRACE_MS);
  }

  /**
   * The current screen once everything received so far is parsed (engine shutdown).
   *
   * If the session ends first, this resolves with its final screen.
   */
  captureScreen(): Promise<FrozenScreen> {
    if (this.phase === 'finished') return Promise.resolve(this.final ?? { snapshot: '', screen: { lines: [], cursorY: 0 } });
    this.batcher.flushAll();
    return new Promise((resolve) => {
      const settle = (frozen: FrozenScreen): void => {
        this.captures.delete(settle);
        resolve(frozen);
      };
      this.captures.add(settle);
      void this.mirror.capture().then((captured) => settle(this.final ?? captured));
    });
  }

  /** Release everything without reporting an exit (engine shutdown, after `kill`). */
  dispose(): void {
    if (this.phase === 'finished') return; // finish() already released everything
    if (this.captures.size > 0) this.settleCaptures({ snapshot: '', screen: this.mirror.screen() });
    this.phase = 'finished';
    this.slots.clear();
    this.release();
  }

  private onPtyData(data: Uint8Array): void {
    if (this.phase === 'finished') return;
    this.lastOutputAt = performance.now();
    const next = this.nextOutput;
    this.nextOutput = null;
    next?.();
    this.batcher.push(data);
    if (this.phase === 'draining') this.armDrainTimer();
  }

  private deliverChunk(chunk: Uint8Array, frame: Uint8Array): void {
    const length = chunk.length;
    this.chunksDelivered++;
    this.writeMirror(chunk);
    for (const slot of this.slots.values()) {
      this.flow.sent(slot.reader, length);
      if (slot.queue) slot.queue.push([chunk, frame]);
      else this.send(slot, (consumer) => consumer.sendData(chunk, frame));
    }
  }

  private writeMirror(chunk: Uint8Array): void {
    this.mirrorFlow.sent(MIRROR_READER, chunk.length);
    this.mirror.write(chunk);
  }

  private goLive(slot: ConsumerSlot, snapshot: string): void {
    if (slot.detached || slot.queue === null) return;
    const queued = slot.queue;
    slot.queue = null;
    this.send(slot, (consumer) => consumer.sendSnapshot(snapshot));
    for (const [chunk, frame] of queued) this.send(slot, (consumer) => consumer.sendData(chunk, frame));
  }

  private detach(slot: ConsumerSlot): void {
    if (slot.detached) return;
    slot.detached = true;
    this.slots.delete(slot.reader);
    this.flow.forget(slot.reader);
  }

  /** Call into a consumer; one that throws is detached so it cannot break the others. */
  private send(slot: ConsumerSlot, action: (consumer: TerminalConsumer) => void): void {
    if (slot.detached) return;
    try {
      action(slot.consumer);
    } catch {
      this.detach(slot);
    }
  }

  /** Pause or resume the PTY to match the two controllers (never once the process is gone). */
  private updatePause(): void {
    const pause = (this.flow.paused || this.mirrorFlow.paused || this.held) && !this.ignoreFlowControl;
    if (pause === this.ptyPaused) return;
    this.ptyPaused = pause;
    if (pause) {
      this.pty.pause();
      this.livenessTimer ??= setInterval(() => this.checkLiveness(), PAUSED_LIVENESS_POLL_MS);
    } else {
      this.stopLivenessCheck();
      this.pty.resume();
    }
  }

  private checkLiveness(): void {
    try {
      process.kill(this.pty.pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') this.readToEnd();
    }
  }

  /** The process is gone: drain the PTY regardless of acknowledgements. */
  private readToEnd(): void {
    this.ignoreFlowControl = true;
    this.ptyPaused = false;
    this.stopLivenessCheck();
    this.pty.resume();
  }

  private stopLivenessCheck(): void {
    if (this.livenessTimer) clearInterval(this.livenessTimer);
    this.livenessTimer = null;
  }

  private onPtyExit(exitCode: number, signal: number | undefined): void {
    this.processGone = true;
    this.resolveProcessExit();
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.phase !== 'running') return;
    this.exitCode = signal ? 128 + signal : exitCode;
    this.phase = 'draining';
    this.readToEnd();
    this.drainDeadline = Date.now() + MAX_EXIT_DRAIN_MS;
    this.armDrainTimer();
  }

  /** (Re)start the quiet period after the exit; every late read restarts it, up to a bound. */
  private armDrainTimer(): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    const wait = Math.max(0, Math.min(EXIT_DRAIN_MS, this.drainDeadline - Date.now()));
    this.drainTimer = setTimeout(() => this.endDrain(), wait);
  }

  private endDrain(): void {
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
    if (this.phase !== 'draining') return;
    this.batcher.flushAll();
    const mark = this.chunksDelivered;
    void this.mirror.capture().then((frozen) => this.finish(mark, frozen));
  }

  /** Report the exit, unless output arrived after `mark` (then drain that first). */
  private finish(mark: number, frozen: FrozenScreen): void {
    if (this.phase !== 'draining') return;
    if (this.chunksDelivered !== mark || this.batcher.pendingBytes > 0) {
      this.endDrain();
      return;
    }
    this.phase = 'finished';
    // Live consumers have every byte already: tell them first, since serializing a long
    // scrollback takes a while and nobody should wait for it to learn the exit code.
    for (const slot of this.slots.values()) {
      if (slot.queue === null) this.send(slot, (consumer) => consumer.sendExit(this.exitCode));
    }
    this.final = frozen;
    this.settleCaptures(frozen);
    for (const slot of this.slots.values()) {
      if (slot.queue === null) continue;
      // A consumer that attached during the drain is still waiting for its snapshot; nothing
      // was written after it attached, so the final screen is exactly its snapshot.
      const queued = slot.queue;
      slot.queue = null;
      this.send(slot, (consumer) => consumer.sendSnapshot(frozen.snapshot));
      for (const [chunk, frame] of queued) this.send(slot, (consumer) => consumer.sendData(chunk, frame));
      this.send(slot, (consumer) => consumer.sendExit(this.exitCode));
    }
    this.slots.clear();
    this.release();
    this.options.onExit({ exitCode: this.exitCode, frozen });
  }

  private settleCaptures(frozen: FrozenScreen): void {
    for (const settle of [...this.captures]) settle(frozen);
  }

  private release(): void {
    this.stopLivenessCheck();
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.drainTimer = null;
    if (this.killTimer && this.processGone) clearTimeout(this.killTimer);
    for (const listener of this.listeners.splice(0)) listener.dispose();
    this.batcher.dispose();
    this.mirror.dispose();
    if (this.slave) closeQuietly(this.slave);
    this.slave = null;
  }

  private signal(name: 'SIGHUP' | 'SIGKILL'): void {
    try {
      // Windows has no signals: node-pty throws when given one and kills the process tree.
      if (process.platform === 'win32') this.pty.kill();
      else this.pty.kill(name);
    } catch {
      // Already gone.
    }
  }
}

/** Close a descriptor in the background; there is nothing useful to do if that fails. */
function closeQuietly(handle: FileHandle): void {
  handle.close().catch(() => undefined);
}

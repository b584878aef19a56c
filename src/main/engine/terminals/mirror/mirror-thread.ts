/**
 * The engine's side of the mirror thread: one worker for every session's headless mirror.
 *
 * Parsing output into a screen (xterm) and serializing it for an attaching client used to run on
 * the engine's event loop; with coloured floods that was several ms per frame between a keystroke
 * and its echo. Now the engine only copies each frame into a pooled buffer, transfers the buffer
 * (no copy) to the worker, and gets it back once parsed. What needs the mirror's state asks for it
 * asynchronously (`capture`: the snapshot after exactly the bytes written so far); the visible
 * screen (status detection, `terminals.screen`) is pushed by the worker when it changes, so
 * `screen()` stays synchronous and costs nothing.
 *
 * When no worker can be started the same host runs in-thread on a MessageChannel (`inWorker`
 * false): same messages, same exactness, only not off the event loop.
 */
import { MessageChannel } from 'node:worker_threads';
import { spawnWorker, workerEntry } from '../../threads/index.ts';
import type { ScreenText } from '../headless-mirror.ts';
import { BufferPool } from './buffer-pool.ts';
import type { HostPort } from './mirror-host.ts';
import type { FromMirror, MirrorWrite, ToMirror } from './mirror-messages.ts';

/** Size of the pooled transfer buffers: two 32 KB frames (terminal-session.ts) per trip. */
export const MIRROR_BUFFER_BYTES = 64 * 1024;
/** Idle buffers kept for reuse (4 MB): enough for every session's trips in flight during floods. */
const MAX_IDLE_BUFFERS = 64;
/**
 * The mirror thread's young generation (V8 `maxYoungGenerationSizeMb`; 12 gives two 4 MB
 * semi-spaces). By default it grows to 32 MB, which the parser's short-lived garbage fills at
 * once: 24 MB of the engine's RSS for nothing, since a scavenge costs what survives it, not the
 * garbage (bench/footprint, engine-only mode).
 */
export const MIRROR_YOUNG_GENERATION_MB = 12;
/**
 * A worker with no session for this long is stopped (its heap, ~10–15 MB idle and whatever the
 * last sessions' garbage left, goes back to the system); the next session starts a new one.
 */
export const MIRROR_IDLE_MS = 30_000;

/** The part of Worker / MessagePort the engine side uses. */
interface EnginePort {
  on(event: 'message', listener: (message: FromMirror) => void): unknown;
  postMessage(message: ToMirror, transfer?: ArrayBuffer[]): void;
  ref(): void;
  unref(): void;
}

/** The mirror's state at one exact point of the byte stream. */
export interface MirrorCapture {
  snapshot: string;
  screen: ScreenText;
}

export interface RemoteMirrorOptions {
  cols: number;
  rows: number;
  scrollback?: number;
  deferMs?: number;
  deferMaxBytes?: number;
  /** Called with the number of bytes the mirror has parsed or dropped (flow control). */
  onConsumed?: (bytes: number) => void;
}

export class MirrorThread {
  readonly pool = new BufferPool(MIRROR_BUFFER_BYTES, MAX_IDLE_BUFFERS);
  private readonly mirrors = new Map<number, RemoteMirror>();
  private readonly unsent = new Set<RemoteMirror>();
  /** Filled buffers of every session, posted together at the end of the turn (or before any other message). */
  private writes: MirrorWrite[] = [];
  private sendScheduled = false;
  private nextId = 1;
  /** Writes and captures the thread has not answered yet; while any, it keeps the process alive. */
  private pending = 0;
  failed = false;
  /** Stopped for being idle (see {@link MIRROR_IDLE_MS}); `mirrorThread()` then starts a new one. */
  stopped = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly port: EnginePort,
    /** Whether the mirrors run in a worker thread (false: in-thread fallback). */
    readonly inWorker: boolean,
    /** Stop the worker when it has had no session for `ms` (none: it stays). */
    private readonly idle: { ms: number; readonly stop: () => void } | null = null,
  ) {
    port.on('message', (message) => this.receive(message));
    port.unref();
    this.armIdle();
  }

  /**
   * Count work in flight. The thread keeps the process alive only while it has some: an idle
   * mirror thread never holds a test or a one-shot command open, and a pending capture (a
   * session's exit report) is never lost to the process exiting under it.
   */
  hold(delta: number): void {
    const before = this.pending;
    this.pending += delta;
    if (before === 0 && this.pending > 0) this.port.ref();
    else if (before > 0 && this.pending <= 0) {
      this.pending = 0;
      this.port.unref();
      this.armIdle();
    }
  }

  open(options: RemoteMirrorOptions): RemoteMirror {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const id = this.nextId++;
    const mirror = new RemoteMirror(this, id, options);
    this.mirrors.set(id, mirror);
    const { onConsumed: _onConsumed, ...size } = options;
    this.post({ t: 'open', id, ...size });
    return mirror;
  }

  /** Post a message after the writes queued before it, so every session's order holds. */
  post(message: ToMirror): void {
    if (this.failed || this.stopped) return;
    this.postWrites();
    this.port.postMessage(message);
  }

  /** Queue a filled buffer of one session; it leaves with the turn's other writes. */
  queueWrite(write: MirrorWrite): void {
    if (this.failed) return;
    this.writes.push(write);
    this.scheduleTurnEnd();
  }

  /**
   * Send what `mirror` has buffered at the end of this turn. A turn's frames of every session
   * leave in one message: one postMessage per turn, not one per session (measured at 8 sessions:
   * postMessage was the engine thread's largest cost once the mirror stopped parsing floods).
   */
  scheduleSend(mirror: RemoteMirror): void {
    this.unsent.add(mirror);
    this.scheduleTurnEnd();
  }

  private scheduleTurnEnd(): void {
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    setImmediate(() => {
      this.sendScheduled = false;
      for (const pending of this.unsent) pending.sendBuffered();
      this.unsent.clear();
      this.postWrites();
    });
  }

  private postWrites(): void {
    if (this.writes.length === 0) return;
    if (this.failed || this.stopped) {
      // fail() released what they held; the thread that would give them back is gone.
      this.writes = [];
      return;
    }
    const writes = this.writes;
    this.writes = [];
    this.port.postMessage(
      { t: 'write', writes },
      writes.map((write) => write.buffer),
    );
  }

  forget(id: number): void {
    this.mirrors.delete(id);
    this.armIdle();
  }

  /** @internal see setMirrorIdleMs. */
  setIdleMs(ms: number): void {
    if (this.idle) this.idle.ms = ms;
  }

  /** No session and nothing in flight: stop the worker after the idle delay unless one opens. */
  private armIdle(): void {
    if (!this.idle || this.idleTimer || this.stopped || this.failed || this.mirrors.size > 0 || this.pending > 0) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.mirrors.size > 0 || this.pending > 0 || this.failed) return;
      this.stopped = true;
      this.idle!.stop();
    }, this.idle.ms);
    this.idleTimer.unref();
  }

  /** The worker died: release every waiter and the flow control, so no session hangs. */
  fail(): void {
    this.failed = true;
    for (const mirror of this.mirrors.values()) mirror.orphan();
    this.mirrors.clear();
    this.hold(-this.pending);
  }

  private receive(message: FromMirror): void {
    if (message.t === 'consumed') for (const buffer of message.buffers) this.pool.give(buffer);
    this.mirrors.get(message.id)?.receive(message);
  }
}

/** One session's mirror, as the engine's thread sees it. */
export class RemoteMirror {
  private buffer: ArrayBuffer | null = null;
  private view: Uint8Array | null = null;
  private fill = 0;
  /** Bytes written and not yet reported consumed. */
  private outstanding = 0;
  private flushRequested = false;
  /** Write messages and captures not answered yet (see MirrorThread.hold). */
  private inFlight = 0;
  private cached: ScreenText;
  private nextRequest = 1;
  private readonly captures = new Map<number, (capture: MirrorCapture) => void>();
  private closed = false;

  constructor(
    private readonly thread: MirrorThread,
    private readonly id: number,
    private readonly options: RemoteMirrorOptions,
  ) {
    this.cached = { lines: Array.from({ length: options.rows }, () => ''), cursorY: 0 };
  }

  /** Queue bytes for the mirror (copied into a pooled buffer; `chunk` may be reused afterwards). */
  write(chunk: Uint8Array): void {
    if (this.closed || chunk.length === 0) return;
    this.outstanding += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.buffer) {
        this.buffer = this.thread.pool.take();
        this.view = new Uint8Array(this.buffer);
        this.fill = 0;
      }
      const n = Math.min(chunk.length - offset, this.buffer.byteLength - this.fill);
      this.view!.set(n === chunk.length ? chunk : chunk.subarray(offset, offset + n), this.fill);
      this.fill += n;
      offset += n;
      if (this.fill === this.buffer.byteLength) this.sendBuffered();
    }
    if (this.buffer) this.thread.scheduleSend(this);
    if (this.thread.failed) this.orphan();
  }

  /** Transfer the partly filled buffer now (before anything that must come after its bytes). */
  sendBuffered(): void {
    if (!this.buffer) return;
    const buffer = this.buffer;
    const length = this.fill;
    this.buffer = null;
    this.view = null;
    this.fill = 0;
    if (this.closed || length === 0) {
      this.thread.pool.give(buffer);
      return;
    }
    this.inFlight++;
    this.thread.hold(1);
    this.thread.queueWrite({ id: this.id, buffer, length });
  }

  /** Resize after everything written so far. */
  resize(cols: number, rows: number): void {
    if (this.closed) return;
    this.sendBuffered();
    this.thread.post({ t: 'resize', id: this.id, cols, rows });
  }

  /**
   * The snapshot and screen once exactly the bytes written so far are parsed. `serialize: false`
   * skips the snapshot (its `snapshot` is then empty): the screen alone is much cheaper.
   */
  capture(serialize = true): Promise<MirrorCapture> {
    if (this.closed) return Promise.resolve(this.lastKnown());
    this.sendBuffered();
    const request = this.nextRequest++;
    this.inFlight++;
    this.thread.hold(1);
    this.thread.post({ t: 'capture', id: this.id, request, serialize });
    return new Promise((resolve) => this.captures.set(request, resolve));
  }

  /**
   * The visible rows as parsed so far (pushed by the mirror thread when they change). Unparsed
   * output starts parsing now, so someone polling sees it shortly.
   */
  screen(): ScreenText {
    if (!this.closed && this.outstanding > 0 && !this.flushRequested) {
      this.flushRequested = true;
      this.sendBuffered();
      this.thread.post({ t: 'flush', id: this.id });
    }
    return this.cached;
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.buffer) this.thread.pool.give(this.buffer);
    this.buffer = null;
    this.view = null;
    this.thread.post({ t: 'close', id: this.id });
    this.thread.forget(this.id);
    this.release();
    this.settleCaptures();
  }

  /** @internal messages from the mirror thread for this session. */
  receive(message: FromMirror): void {
    switch (message.t) {
      case 'consumed':
        this.inFlight -= message.buffers.length;
        this.thread.hold(-message.buffers.length);
        this.outstanding -= message.bytes;
        if (this.outstanding <= 0) this.flushRequested = false;
        this.options.onConsumed?.(message.bytes);
        return;
      case 'screen':
        this.cached = message.screen;
        return;
      case 'captured': {
        this.cached = message.screen;
        this.inFlight--;
        this.thread.hold(-1);
        const resolve = this.captures.get(message.request);
        this.captures.delete(message.request);
        resolve?.({ snapshot: message.snapshot, screen: message.screen });
        return;
      }
    }
  }

  /** @internal the mirror thread is gone: settle waiters and give flow control its bytes back. */
  orphan(): void {
    if (this.closed) return;
    this.closed = true;
    const outstanding = this.outstanding;
    this.outstanding = 0;
    if (outstanding > 0) this.options.onConsumed?.(outstanding);
    this.release();
    this.settleCaptures();
  }

  /** Stop counting this mirror's unanswered work (it is closed; answers will not come). */
  private release(): void {
    this.thread.hold(-this.inFlight);
    this.inFlight = 0;
  }

  private settleCaptures(): void {
    for (const resolve of this.captures.values()) resolve(this.lastKnown());
    this.captures.clear();
  }

  /**
   * What a closed or orphaned mirror answers: the last screen the thread pushed, as plain lines.
   * Not the last snapshot: keeping each session's (up to 5,000 serialized lines, 1–2 MB as a
   * string) for the rare capture after its thread died cost more memory than the rest of the
   * engine's thread.
   */
  private lastKnown(): MirrorCapture {
    const lines = [...this.cached.lines];
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return { snapshot: lines.join('\r\n'), screen: this.cached };
  }
}

let shared: MirrorThread | null = null;
let idleMs = MIRROR_IDLE_MS;

/** @internal Tests shorten the idle delay (from the next time the thread becomes idle). */
export function setMirrorIdleMs(ms: number): void {
  idleMs = ms;
  shared?.setIdleMs(ms);
}

/**
 * The process's mirror thread, started on first use and stopped after {@link MIRROR_IDLE_MS}
 * without a session. It is unref'd: it never keeps a process (a test, a one-shot CLI command)
 * alive by itself.
 */
export function mirrorThread(): MirrorThread {
  if (shared && !shared.failed && !shared.stopped) return shared;
  const entry =
    process.env.AO_MIRROR_IN_THREAD === '1'
      ? null
      : workerEntry(new URL('./mirror-worker.mjs', import.meta.url), new URL('./mirror-worker.ts', import.meta.url));
  if (entry) {
    const worker = spawnWorker(entry, { resourceLimits: { maxYoungGenerationSizeMb: MIRROR_YOUNG_GENERATION_MB } });
    const thread = new MirrorThread(worker as unknown as EnginePort, true, { ms: idleMs, stop: () => void worker.terminate() });
    const fail = (reason: unknown): void => {
      if (thread.failed || thread.stopped) return;
      process.stderr.write(`agent-orchestrator: the terminal mirror thread stopped (${String(reason)}); restarting it for new sessions\n`);
      thread.fail();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(`exit code ${code}`));
    shared = thread;
  } else {
    const { port1, port2 } = new MessageChannel();
    // Imported, not at the top: the host holds xterm (300 KB), which an engine running its mirrors
    // in the worker never needs on this thread. Messages sent before it listens wait in the port.
    void import('./mirror-host.ts').then(({ hostMirrors }) => hostMirrors(port2 as unknown as HostPort));
    shared = new MirrorThread(port1 as unknown as EnginePort, false);
    port2.unref();
  }
  return shared;
}

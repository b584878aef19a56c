/**
 * The engine's side of the mirror thread: one worker for every session's headless mirror.
 *
 * Parsing output into a screen (xterm) and serializing it for an attaching client used to run on
 * the engine's event loop; with coloured floods that was several ms per frame between a keystroke
 * and its echo. Now the engine only copies each frame into a ring in shared memory and, once per
 * turn of its event loop, tells the worker which session's bytes follow (byte-ring.ts). What needs the mirror's state asks for it
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
import { ByteRing } from './byte-ring.ts';
import type { HostPort } from './mirror-host.ts';
import type { FromMirror, MirrorWrite, ToMirror } from './mirror-messages.ts';

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
/**
 * Size of the shared ring the output goes through (byte-ring.ts). The mirror thread empties it
 * within a turn of its own; a full ring (the thread busy with a long parse) only means that
 * turn's output travels as a copy inside the message instead.
 */
export const MIRROR_RING_BYTES = 2 * 1024 * 1024;

/**
 * Largest entry of one session in a write message. The mirror reports an entry consumed only once
 * all of it was parsed or dropped, so an entry the mirror has partly dropped still counts as
 * outstanding for the session's mirror flow control; the watermarks leave room for 64 KB of that
 * (terminal-session.ts: MIRROR_DEFER_MAX_BYTES + 2 frames). Larger entries let the PTY pause while
 * the mirror's backlog sat just below the size that makes it drop (measured: a single flood
 * paused 4 s of 9, each pause ended only by the mirror's quiet timer).
 */
export const MIRROR_ENTRY_MAX_BYTES = 64 * 1024;

/**
 * Least time between two write messages to the mirror thread. Each message costs the engine's
 * thread a structured clone and a cross-thread wake-up (~10–90 µs, more on a loaded machine):
 * once per turn that was a tenth of its CPU with eight floods (each PTY read is a turn). Output
 * reaches clients straight from the PTY, so this only delays the mirror's screen by a few ms; the
 * ring holds what arrives meanwhile (MIRROR_RING_BYTES, a second of eight floods).
 */
export const MIRROR_WRITE_MESSAGE_MS = 4;

/**
 * Unannounced output past which the write message leaves at the end of the turn anyway. The
 * mirror's flow control counts these bytes as outstanding (terminal-session.ts adds this much
 * room to its watermark), so a fast single flood never pauses waiting for the period to end.
 */
export const MIRROR_UNANNOUNCED_MAX_BYTES = 256 * 1024;

/** The part of Worker / MessagePort the engine side uses. */
interface EnginePort {
  on(event: 'message', listener: (message: FromMirror) => void): unknown;
  postMessage(message: ToMirror): void;
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
  private readonly ring = new ByteRing(ByteRing.allocate(MIRROR_RING_BYTES));
  private readonly mirrors = new Map<number, RemoteMirror>();
  /**
   * Output of every session since the last message, in order; posted at the end of the turn, or
   * before any other message.
   */
  private writes: MirrorWrite[] = [];
  private sendScheduled = false;
  private lastWriteMessageAt = Number.NEGATIVE_INFINITY;
  private sendTimer: NodeJS.Timeout | null = null;
  /** Bytes written to the ring since the last write message. */
  private unannounced = 0;
  private nextId = 1;
  /** Sessions with unconsumed output, and unanswered captures; while any, the process stays alive. */
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
    port.postMessage({ t: 'ring', shared: this.ring.shared });
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

  /** Post a message after the output written before it, so every session's order holds. */
  post(message: ToMirror): void {
    if (this.failed || this.stopped) return;
    this.postWrites();
    this.port.postMessage(message);
  }

  /**
   * Output of session `id`: copied into the ring now (or, when the ring is full, into a copy that
   * travels in the message), announced at the end of the turn with every session's other output.
   * `bytes` may be reused by the caller on return.
   */
  write(id: number, bytes: Uint8Array): void {
    if (this.failed || bytes.length === 0) return;
    const last = this.writes.at(-1);
    if (this.ring.write(bytes)) {
      // Consecutive ring bytes of one session are one entry, up to MIRROR_ENTRY_MAX_BYTES.
      if (last && last.id === id && !last.bytes && last.length + bytes.length <= MIRROR_ENTRY_MAX_BYTES) last.length += bytes.length;
      else this.writes.push({ id, length: bytes.length });
    } else {
      this.writes.push({ id, length: bytes.length, bytes: bytes.slice() });
    }
    this.unannounced += bytes.length;
    if (this.unannounced >= MIRROR_UNANNOUNCED_MAX_BYTES && this.sendTimer) {
      clearTimeout(this.sendTimer);
      this.sendTimer = null;
      this.sendScheduled = false;
    }
    if (this.sendScheduled) return;
    this.sendScheduled = true;
    const send = (): void => {
      this.sendScheduled = false;
      this.sendTimer = null;
      this.postWrites();
    };
    const wait = MIRROR_WRITE_MESSAGE_MS - (performance.now() - this.lastWriteMessageAt);
    if (wait <= 0 || this.unannounced >= MIRROR_UNANNOUNCED_MAX_BYTES) setImmediate(send);
    else this.sendTimer = setTimeout(send, wait);
  }

  /**
   * One message for every session's output since the last (measured at 8 sessions, one
   * postMessage per session and turn with its transferred buffer was the engine thread's largest
   * cost once the mirror stopped parsing floods; then one per turn was still a tenth of it): at
   * most every MIRROR_WRITE_MESSAGE_MS, sooner past MIRROR_UNANNOUNCED_MAX_BYTES. A 10 ms period
   * without that bound halved a single flood's throughput, its PTY pausing at the mirror's
   * watermark until the period's bytes were sent.
   */
  private postWrites(): void {
    if (this.writes.length === 0) return;
    this.unannounced = 0;
    if (this.failed || this.stopped) {
      // fail() released what they held; nothing will read them.
      this.writes = [];
      return;
    }
    const writes = this.writes;
    this.writes = [];
    this.lastWriteMessageAt = performance.now();
    this.port.postMessage({ t: 'write', writes });
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
    this.writes = [];
    for (const mirror of this.mirrors.values()) mirror.orphan();
    this.mirrors.clear();
    this.hold(-this.pending);
  }

  private receive(message: FromMirror): void {
    this.mirrors.get(message.id)?.receive(message);
  }
}

/** One session's mirror, as the engine's thread sees it. */
export class RemoteMirror {
  /** Bytes written and not yet reported consumed. */
  private outstanding = 0;
  private flushRequested = false;
  /** Captures not answered yet, plus one while output is outstanding (see MirrorThread.hold). */
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

  /** Queue bytes for the mirror (copied at once; `chunk` may be reused afterwards). */
  write(chunk: Uint8Array): void {
    if (this.closed || chunk.length === 0) return;
    if (this.outstanding === 0) {
      this.inFlight++;
      this.thread.hold(1);
    }
    this.outstanding += chunk.length;
    this.thread.write(this.id, chunk);
    if (this.thread.failed) this.orphan();
  }

  /** Resize after everything written so far. */
  resize(cols: number, rows: number): void {
    if (this.closed) return;
    this.thread.post({ t: 'resize', id: this.id, cols, rows });
  }

  /**
   * The snapshot and screen once exactly the bytes written so far are parsed. `serialize: false`
   * skips the snapshot (its `snapshot` is then empty): the screen alone is much cheaper.
   */
  capture(serialize = true): Promise<MirrorCapture> {
    if (this.closed) return Promise.resolve(this.lastKnown());
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
      this.thread.post({ t: 'flush', id: this.id });
    }
    return this.cached;
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.thread.post({ t: 'close', id: this.id });
    this.thread.forget(this.id);
    this.release();
    this.settleCaptures();
  }

  /** @internal messages from the mirror thread for this session. */
  receive(message: FromMirror): void {
    switch (message.t) {
      case 'consumed':
        if (this.outstanding === 0) return;
        this.outstanding = Math.max(0, this.outstanding - message.bytes);
        if (this.outstanding === 0) {
          this.flushRequested = false;
          this.inFlight--;
          this.thread.hold(-1);
        }
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

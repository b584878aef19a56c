/**
 * Fair sending of terminal frames on one data connection.
 *
 * Output frames count against a connection-wide window of unacknowledged bytes
 * (CONNECTION_WINDOW_BYTES). While the window is full, frames wait in per-session queues; when
 * acknowledgements free room, the session with the fewest waiting bytes sends first. A session's
 * frames always leave in order (snapshot, data, exit), and a frame larger than the window still
 * goes out when nothing else is in flight, so progress never stops.
 *
 * Waiting frames still count as unacknowledged for their session's own flow controller, so a
 * session that keeps being passed over pauses its PTY instead of filling memory.
 *
 * A small frame of a session with nothing in flight does not wait for the window
 * (INTERACTIVE_FRAME_BYTES): that is a keystroke's echo or a prompt, and while other panes flood
 * the window is always full, so it would wait for the client to work through an acknowledgement
 * chunk of someone else's output first. What it adds beyond the window is bounded: one such
 * frame per session until the client acknowledges it.
 */
import { ACK_CHUNK_BYTES, CONNECTION_WINDOW_BYTES } from '../../shared/protocol/flow-control.ts';

interface Waiting {
  frame: Uint8Array;
  /** Bytes that count against the window (the payload of DATA frames; 0 for the others). */
  counted: number;
}

interface SessionState {
  waiting: Waiting[];
  waitingBytes: number;
  inFlight: number;
  /** Order of first wait, to break ties between equally short queues. */
  since: number;
}

/** What the scheduler needs from the socket beyond writing. */
export interface SocketGauge {
  /**
   * Bytes the socket has not handed to the kernel yet (ws's `bufferedAmount`). Acknowledgements
   * say what the client processed, but a client may acknowledge without reading: this says what
   * is really piling up in the engine.
   */
  buffered(): number;
}

/** Frames are held back while the socket has more than this unsent. */
export const SOCKET_BUFFER_HIGH_BYTES = 1024 * 1024;
/**
 * Frames up to this size from a session with nothing in flight skip the window (see above). A
 * keystroke's echo is a few bytes; a redrawn prompt or a line editor's completion list a few KB.
 */
export const INTERACTIVE_FRAME_BYTES = 4 * 1024;
/** How often held-back frames re-check the socket buffer. */
const SOCKET_POLL_MS = 10;

export class FrameScheduler {
  private readonly sessions = new Map<string, SessionState>();
  private inFlight = 0;
  private sequence = 0;
  private pollTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (frame: Uint8Array) => void,
    private readonly baseWindow = CONNECTION_WINDOW_BYTES,
    private readonly gauge: SocketGauge = { buffered: () => 0 },
  ) {}

  /** Frames waiting (all sessions) and their bytes, counted or not (for limits and tests). */
  get waitingBytes(): number {
    let total = 0;
    for (const state of this.sessions.values()) for (const item of state.waiting) total += item.frame.length;
    return total;
  }

  /** Stop the socket poll (the connection closed). */
  dispose(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.sessions.clear();
    this.inFlight = 0;
  }

  /** Bytes in flight on the connection (for tests and diagnostics). */
  get inFlightBytes(): number {
    return this.inFlight;
  }

  /** Start tracking a session (on attach); a re-attach starts from zero. */
  open(sessionId: string): void {
    this.close(sessionId);
    this.sessions.set(sessionId, { waiting: [], waitingBytes: 0, inFlight: 0, since: 0 });
  }

  /** Forget a session: its waiting frames are dropped, its bytes in flight no longer count. */
  close(sessionId: string): void {
    const state = this.sessions.get(sessionId);
    if (!state) return;
    this.inFlight = Math.max(0, this.inFlight - state.inFlight);
    this.sessions.delete(sessionId);
    this.pump();
  }

  /** Queue or send one frame of `sessionId`; `counted` = bytes the client will acknowledge. */
  send(sessionId: string, frame: Uint8Array, counted = 0): void {
    const state = this.sessions.get(sessionId);
    if (!state) {
      // Not attached (an ERROR frame for a failed attach): nothing to order it against.
      this.write(frame);
      return;
    }
    if (state.waiting.length === 0 && (this.fits(counted) || this.interactive(state, counted))) {
      this.emit(state, frame, counted);
      return;
    }
    if (state.waiting.length === 0) state.since = ++this.sequence;
    state.waiting.push({ frame, counted });
    state.waitingBytes += counted;
    this.schedulePoll();
  }

  /**
   * The client processed `bytes` of `sessionId`'s output. Returns how many of them were really
   * in flight: a client cannot acknowledge bytes it was never sent (those still waiting here),
   * so the session's flow controller is told only about the freed bytes.
   */
  ack(sessionId: string, bytes: number): number {
    const state = this.sessions.get(sessionId);
    if (!state) return 0;
    const freed = Math.min(bytes, state.inFlight);
    state.inFlight -= freed;
    this.inFlight = Math.max(0, this.inFlight - freed);
    this.pump();
    return freed;
  }

  private window(): number {
    return this.baseWindow + ACK_CHUNK_BYTES * this.sessions.size;
  }

  private fits(counted: number): boolean {
    // The socket's own buffer first: past the mark, even control frames wait (a client that
    // re-attaches in a loop without reading would otherwise pile up snapshots).
    if (this.gauge.buffered() > SOCKET_BUFFER_HIGH_BYTES) return false;
    return counted === 0 || this.inFlight === 0 || this.inFlight + counted <= this.window();
  }

  /** A small frame of a session with nothing in flight (an echo): it need not wait for room. */
  private interactive(state: SessionState, counted: number): boolean {
    return state.inFlight === 0 && counted <= INTERACTIVE_FRAME_BYTES && this.gauge.buffered() <= SOCKET_BUFFER_HIGH_BYTES;
  }

  /** A session whose next waiting frame is an echo that may skip the window (no array per pump: acks call it). */
  private waitingEcho(): SessionState | null {
    for (const state of this.sessions.values()) {
      const head = state.waiting[0];
      if (head && this.interactive(state, head.counted)) return state;
    }
    return null;
  }

  /** While frames wait on the socket buffer (no acknowledgement will wake us), poll it. */
  private schedulePoll(): void {
    if (this.pollTimer || this.gauge.buffered() <= SOCKET_BUFFER_HIGH_BYTES) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.pump();
    }, SOCKET_POLL_MS);
  }

  private emit(state: SessionState, frame: Uint8Array, counted: number): void {
    state.inFlight += counted;
    this.inFlight += counted;
    this.write(frame);
  }

  /** Send waiting frames while they fit, shortest queue first. */
  private pump(): void {
    for (;;) {
      let next: SessionState | null = null;
      for (const state of this.sessions.values()) {
        if (state.waiting.length === 0) continue;
        if (!next || state.waitingBytes < next.waitingBytes || (state.waitingBytes === next.waitingBytes && state.since < next.since)) {
          next = state;
        }
      }
      if (!next) return;
      if (!this.fits(next.waiting[0]!.counted)) {
        // No room; an echo that queued behind its own session's last frame may still go.
        next = this.waitingEcho();
        if (!next) {
          this.schedulePoll();
          return;
        }
      }
      const head = next.waiting[0]!;
      next.waiting.shift();
      next.waitingBytes -= head.counted;
      this.emit(next, head.frame, head.counted);
      if (next.waiting.length > 0) next.since = ++this.sequence;
    }
  }
}
